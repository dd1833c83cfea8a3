"""`layer promote GLOB --from ENV --to ENV`: promote module pins along the environment chain."""

from __future__ import annotations

from pathlib import Path

import click

from layer.cli.main import cli
from layer.config.model import Tree
from layer.pipeline import RunRequest, execute_plan, prepare_run
from layer.promote import apply_pins, plan_promotion, report
from layer.status import IN_SYNC, collect, status_source


def drift_check(tree: Tree, ids: list[str]) -> list[str]:
    """Every source layer must be in sync by its run record (`layer status`: applied, the tree unchanged since,
    the state not written by anything else), unlocked, and then plan with no changes."""
    statuses = collect(tree, [i for i in ids if not tree.layers[i].is_bootstrap], status_source(tree))
    problems = [f"{s.layer} is {s.verdict} ({s.detail})" for s in statuses if s.verdict != IN_SYNC]
    problems += [f"{s.layer} is {s.lock}" for s in statuses if s.locked]
    if problems:
        return problems
    request = RunRequest("plan", tree.root, include=tuple(ids))
    results = execute_plan(prepare_run(request), request, None)
    return [
        f"{i} shows {r.status} ({r.changes.add} add, {r.changes.change} change, {r.changes.destroy} destroy)"
        for i, r in sorted(results.items())
        if r.status != "no changes"
    ]


@cli.command()
@click.argument("pattern")
@click.option("--from", "source", required=True, help="Source environment (directory under the tree root).")
@click.option("--to", "target", required=True, help="Target environment: the next in the promotion chain.")
@click.option(
    "--tree", "tree_path", type=click.Path(exists=True, path_type=Path), default=Path("live"), show_default=True
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(path_type=Path),
    default=Path("promotion-report.md"),
    show_default=True,
    help="Markdown report for the pull request.",
)
@click.option("--dry-run", is_flag=True, help="Check and report; change no file.")
def promote(pattern: str, source: str, target: str, tree_path: Path, report_path: Path, dry_run: bool) -> None:
    """Promote the module versions of layers matching PATTERN from one environment to the next."""
    promotion = plan_promotion(tree_path, pattern, source, target, drift_check)
    text = report(promotion)
    report_path.write_text(text + "\n")
    if not dry_run:
        for changed in apply_pins(promotion):
            click.echo(f"rewrote {changed}")
    for pin in promotion.pins:
        click.echo(f"{pin.target_id}: {pin.old_ref} -> {pin.new_ref}")
    click.echo(f"report: {report_path}")
