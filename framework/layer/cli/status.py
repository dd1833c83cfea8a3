"""`layer status [PATH]`: per layer, the last applied run, the lock, and drift from what was applied."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from layer.cli.main import cli
from layer.cli.options import selection_options
from layer.status import BROKEN, gather, table


@cli.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path), default=Path("."))
@selection_options
@click.option(
    "--json", "json_path", type=click.Path(path_type=Path), help="Write the status as JSON here ('-': stdout)."
)
def status(path: Path, include: tuple[str, ...], exclude: tuple[str, ...], json_path: Path | None) -> None:
    """Show each layer under PATH: its last apply (when, by whom, from which commit or pull request), whether
    its state is locked and by whom, and whether the tree changed since that apply (inputs, module, backend or
    provider settings) or the state was written outside layer. Reads the state backend only; no Terraform runs.

    Exit code: 0 when every layer is in sync and unlocked, 2 when any needs attention, 1 when a layer's state
    is damaged or was deleted although the layer was applied (restore it first: the DETAIL column says how)."""
    statuses, disabled = gather(path, include, exclude)
    if json_path is not None:
        document = json.dumps(
            {"layers": [s.to_dict() for s in statuses], "disabled": disabled}, indent=2, sort_keys=True
        )
        if str(json_path) == "-":
            click.echo(document)
        else:
            json_path.write_text(document + "\n")
    if json_path is None or str(json_path) != "-":
        click.echo(table(statuses, disabled))
    broken = [s for s in statuses if s.verdict in BROKEN]
    for entry in broken:
        click.echo(f"error: {entry.layer}: {entry.detail}", err=True)
    if broken:
        sys.exit(1)
    sys.exit(2 if any(s.needs_attention for s in statuses) else 0)
