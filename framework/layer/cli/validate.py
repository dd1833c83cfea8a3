"""`layer validate PATH`: schemas, graph and module inputs of every layer, without running Terraform."""

from __future__ import annotations

from pathlib import Path

import click

from layer.cli.main import cli
from layer.cli.options import selection_options
from layer.pipeline import load


@cli.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path), default=Path("."))
@selection_options
def validate(path: Path, include: tuple[str, ...], exclude: tuple[str, ...]) -> None:
    """Check every layer under PATH: YAML, schemas, dependencies, and inputs against module variables.

    Runs no Terraform (for `terraform validate` in each layer: `layer run-all validate PATH`)."""
    loaded = load(path, include, exclude)
    enabled = sum(1 for i in loaded.tree.selected if loaded.tree.layers[i].enabled)
    click.echo(
        f"ok: {len(loaded.tree.selected)} layer(s) valid ({enabled} enabled), "
        f"{len(loaded.graph.waves())} wave(s), no cycles"
    )
