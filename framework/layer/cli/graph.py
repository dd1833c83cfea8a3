"""`layer graph PATH`: the dependency order as text, DOT, Mermaid or JSON."""

from __future__ import annotations

from pathlib import Path

import click

from layer.cli.main import cli
from layer.cli.options import selection_options
from layer.config.graph import FORMATS
from layer.pipeline import load


@cli.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path), default=Path("."))
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text", show_default=True)
@selection_options
def graph(path: Path, fmt: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> None:
    """Print the layers under PATH in dependency order."""
    loaded = load(path, include, exclude, inputs=False)
    click.echo(FORMATS[fmt](loaded.graph))
