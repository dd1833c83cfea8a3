"""`layer affected --since REF`: which layers a change touches (and everything that depends on them)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from layer.affected import affected_under
from layer.cli.main import cli


@cli.command(name="affected")
@click.argument("path", type=click.Path(exists=True, path_type=Path), default=Path("live"))
@click.option("--since", "since", required=True, metavar="GIT_REF", help="Compare with this commit/branch.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (ids, reasons, waves).")
def affected_command(path: Path, since: str, as_json: bool) -> None:
    """List the layers under PATH that a change since GIT_REF touches, in run order."""
    found = affected_under(path, since)
    if as_json:
        payload = {
            "since": since,
            "layers": [{"id": a.layer_id, "wave": a.wave, "reasons": list(a.reasons)} for a in found],
        }
        click.echo(json.dumps(payload, indent=2))
        return
    for item in found:
        click.echo(f"{item.layer_id}\t{'; '.join(item.reasons)}")
