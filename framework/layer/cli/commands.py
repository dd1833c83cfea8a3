"""Imports every command module so that each registers itself on the `cli` group."""

# ruff: noqa: F401
from layer.cli import emulator, graph, render, run, validate
