"""`layer report merge REPORT...`: one Markdown summary from the JSON reports of many CI jobs."""

from __future__ import annotations

from pathlib import Path

import click

from layer.cli.main import cli
from layer.report_merge import markdown, merge, read_matrix, read_report


def report_files(paths: tuple[Path, ...]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        found += sorted(path.rglob("*.json")) if path.is_dir() else [path]
    return found


@cli.group(name="report")
def report() -> None:
    """Reports of runs spread across CI jobs."""


@report.command(name="merge")
@click.argument("reports", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--matrix",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="What `layer affected --format github-matrix` printed: run order, layers without a report, removed layers.",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write here (default: stdout).")
def merge_command(reports: tuple[Path, ...], matrix: Path | None, output: Path | None) -> None:
    """Merge the JSON reports (`layer plan --json FILE`) of many jobs into one Markdown comment.

    A REPORT that is a directory stands for every *.json file below it (downloaded artifacts)."""
    files = report_files(reports)
    merged = merge([read_report(p) for p in files], read_matrix(matrix) if matrix else None)
    text = markdown(merged)
    if output is None:
        click.echo(text, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    click.echo(f"wrote {output} ({len(merged.rows)} layer(s), exit code {merged.exit_code} in the reports)", err=True)
