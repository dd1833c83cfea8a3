"""`layer affected --since REF`: which layers a change touches (and everything that depends on them), and
which layers it removes (their layer.yaml deleted: the resources are still in their state)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import click

from layer.affected import Change, Removed, change_under, github_matrix, waves_of
from layer.cli.main import cli
from layer.cli.options import selection_options
from layer.config.selection import check_selection
from layer.config.tree import matches
from layer.errors import LayerError

FORMATS = ("text", "json", "github-matrix")
REMOVED_NOTE = "removed: its layer.yaml was deleted; its resources stay in its state until destroyed"


@cli.command(name="affected")
@click.argument("path", type=click.Path(exists=True, path_type=Path), default=Path("live"))
@click.option("--since", "since", required=True, metavar="GIT_REF", help="Compare with this commit/branch.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="github-matrix: one GitHub Actions matrix per wave (docs/ci.md).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (ids, reasons, waves); the same as --format json.")
@click.option(
    "--max-waves",
    type=click.IntRange(min=1),
    metavar="N",
    help="github-matrix: fail when the change spans more than N waves (the workflow's wave jobs).",
)
@click.option(
    "--state",
    "from_state",
    is_flag=True,
    help="Also read the run records beside the state: layers removed earlier whose resources are still there.",
)
@selection_options
def affected_command(
    path: Path,
    since: str,
    fmt: str,
    as_json: bool,
    max_waves: int | None,
    from_state: bool,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
) -> None:
    """List the layers under PATH that a change since GIT_REF touches, in run order, and the removed ones
    (from git; with --state also from the run records beside the state)."""
    change = change_under(path, since)
    if from_state:
        change = with_recorded_removals(change, path)
    check_selection(change.layer_ids, include, exclude, path)
    change = select(change, include, exclude)
    if fmt == "github-matrix":
        _check_waves(change, max_waves)
        click.echo(json.dumps(github_matrix(change, since), separators=(",", ":")))
    elif as_json or fmt == "json":
        click.echo(json.dumps(_json_payload(change, since), indent=2))
    else:
        _print_text(change)


def with_recorded_removals(change: Change, path: Path) -> Change:
    """The removed layers git shows, plus those the run records beside the state show (layer.removed)."""
    from layer.pipeline import load
    from layer.plan.actions import LayerRunner
    from layer.removed import removed_layers

    tree = load(path, inputs=False).tree
    known = {r.layer_id for r in change.removed}
    recorded = [
        Removed(r.layer_id, f"s3://{r.backend['bucket']}/{r.backend['key']}, applied at {r.record.finished_at}")
        for r in removed_layers(tree, path, LayerRunner(tree, "status").env_for)
        if r.layer_id not in known
    ]
    return replace(change, removed=sorted([*change.removed, *recorded], key=lambda r: r.layer_id))


def select(change: Change, include: tuple[str, ...], exclude: tuple[str, ...]) -> Change:
    """Only the layers --include matches and --exclude does not (removed ones too)."""

    def wanted(ident: str) -> bool:
        return (not include or matches(ident, include)) and not (exclude and matches(ident, exclude))

    return replace(
        change,
        affected=[a for a in change.affected if wanted(a.layer_id)],
        removed=[r for r in change.removed if wanted(r.layer_id)],
    )


def _json_payload(change: Change, since: str) -> dict[str, object]:
    return {
        "since": since,
        "layers": [{"id": a.layer_id, "wave": a.wave, "reasons": list(a.reasons)} for a in change.affected],
        "removed": [{"id": r.layer_id, "file": r.file, "status": "removed"} for r in change.removed],
    }


def _print_text(change: Change) -> None:
    for item in change.affected:
        click.echo(f"{item.layer_id}\t{'; '.join(item.reasons)}")
    for gone in change.removed:
        click.echo(f"{gone.layer_id}\t{REMOVED_NOTE} ({gone.file})")


def _check_waves(change: Change, max_waves: int | None) -> None:
    waves = len(waves_of(change.affected))
    if max_waves is not None and waves > max_waves:
        raise LayerError(
            f"the affected layers span {waves} waves; the workflow has jobs for {max_waves}",
            hint="add plan-wave jobs to the pull-request workflow and raise --max-waves to match (docs/ci.md)",
        )
