"""`layer demo up|down PATH`: the platform on the local emulator, up and down."""

from __future__ import annotations

from pathlib import Path

import click

from layer import demo as demo_lib
from layer.cli.main import cli
from layer.cli.options import echo_line

path_arg = click.argument(
    "path", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("live/local")
)
verbose = click.option("--verbose", "-v", is_flag=True, help="Stream Terraform's output (it is always in the logs).")
parallel = click.option("--parallelism", "-p", type=int, default=0, help="Layers at once.")


@cli.group()
def demo() -> None:
    """The platform on the local AWS emulator."""


@demo.command()
@path_arg
@verbose
@parallel
def up(path: Path, verbose: bool, parallelism: int) -> None:
    """Start the emulator, bootstrap, apply everything, print key outputs, show a clean re-plan."""
    demo_lib.up(path, echo_line, echo_line if verbose else None, parallelism)


@demo.command()
@path_arg
@verbose
@parallel
def down(path: Path, verbose: bool, parallelism: int) -> None:
    """Destroy every layer in reverse order and stop the emulator."""
    demo_lib.down(path, echo_line, echo_line if verbose else None, parallelism)
