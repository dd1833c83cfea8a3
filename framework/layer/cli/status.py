"""`layer status [PATH]`: per layer, the last applied run, the lock, and drift from what was applied."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from layer.cli.main import cli
from layer.cli.options import json_file_option, selection_options, to_stdout, write_json_document
from layer.status import BROKEN, gather, table
from layer.tables import on_terminal


@cli.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path), default=Path("."))
@selection_options
@json_file_option("Write the status as JSON here")
def status(path: Path, include: tuple[str, ...], exclude: tuple[str, ...], json_path: Path | None) -> None:
    """Show each layer under PATH: its last apply (when, by whom, from which commit or pull request), whether
    its state is locked and by whom, and whether the tree changed since that apply (inputs, module, backend or
    provider settings) or the state was written outside layer. Reads the state backend only; no Terraform runs.

    Exit code: 0 when every layer is in sync and unlocked, 2 when any needs attention, 1 when a layer's state
    is damaged or was deleted although the layer was applied (restore it first: the DETAIL column says how)."""
    statuses, disabled = gather(path, include, exclude)
    if json_path is not None:
        write_json_document(json_path, {"layers": [s.to_dict() for s in statuses], "disabled": disabled})
    if not to_stdout(json_path):
        click.echo(table(statuses, disabled, on_terminal()))
    broken = [s for s in statuses if s.verdict in BROKEN]
    for entry in broken:
        click.echo(f"error: {entry.layer}: {entry.detail}", err=True)
    if broken:
        sys.exit(1)
    sys.exit(2 if any(s.needs_attention for s in statuses) else 0)
