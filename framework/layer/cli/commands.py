"""Imports every command module so that each registers itself on the `cli` group."""

# ruff: noqa: F401
import layer.cli.docs_cmd
import layer.cli.modules_cmd
from layer.cli import (
    affected,
    architecture,
    atlantis_cmd,
    bootstrap,
    demo,
    emulator,
    graph,
    promote,
    render,
    run,
    validate,
)
