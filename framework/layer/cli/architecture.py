"""`layer architecture [PATH] [--check]`: regenerate (or verify) docs/architecture.md."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from layer.architecture import render
from layer.cli.main import cli

INTRO = (
    "The central platform repository owns these shared layers (seed: network, kms, logging, cloudtrail, "
    "secrets, monitoring, atlantis, plus dns, certificates, waf and shared data). Service teams build on "
    "their outputs from their own repositories (docs/atlantis.md). `live/local` has the same layers "
    "against the emulator, minus the ones moto cannot run (docs/emulator.md)."
)


@cli.command(name="architecture")
@click.argument("path", type=click.Path(exists=True, path_type=Path), default=Path("live/prod"))
@click.option(
    "--output", "-o", type=click.Path(path_type=Path), default=Path("docs/architecture.md"), show_default=True
)
@click.option("--check", is_flag=True, help="Exit 1 when the file is not what would be generated.")
def architecture(path: Path, output: Path, check: bool) -> None:
    """Write the layer diagram (Mermaid, from the graph) and each layer's exports to docs/architecture.md."""
    text = render(path, INTRO)
    if check:
        if not output.exists() or output.read_text() != text:
            click.echo(f"error: {output} is stale\n  hint: run `layer architecture {path}` and commit it", err=True)
            sys.exit(1)
        click.echo(f"ok: {output} is current")
        return
    output.write_text(text)
    click.echo(f"wrote {output}")
