"""`layer validate PATH`: schemas, graph and module inputs of every layer; --terraform adds `terraform validate`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from layer.cli.main import cli
from layer.cli.options import echo_line, selection_options
from layer.pipeline import RunRequest, execute_plan, load, prepare_run
from layer.plan.report import exit_code, summary_table


@cli.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path), default=Path("."))
@selection_options
@click.option(
    "--terraform",
    "with_terraform",
    is_flag=True,
    help="Also run `terraform validate` in every layer (needs the backend for dependency outputs).",
)
def validate(path: Path, include: tuple[str, ...], exclude: tuple[str, ...], with_terraform: bool) -> None:
    """Check every layer under PATH (or one layer): YAML, schemas, dependencies, and inputs against the
    module's variables. No Terraform runs unless --terraform is given."""
    loaded = load(path, include, exclude)
    enabled = sum(1 for i in loaded.tree.selected if loaded.tree.layers[i].enabled)
    click.echo(
        f"ok: {len(loaded.tree.selected)} layer(s) valid ({enabled} enabled), "
        f"{len(loaded.graph.waves())} wave(s), no cycles"
    )
    remote = sorted(i for i in loaded.tree.selected if loaded.tree.layers[i].module_dir is None)
    if remote:
        click.echo(
            f"note: {len(remote)} layer(s) use a module that is not on disk, so only Terraform checks their inputs: "
            + ", ".join(remote)
            + " (a pin of this repository's modules whose commit the clone lacks: git fetch --unshallow --tags)"
        )
    for note in loaded.notes:
        click.echo(f"note: {note}")
    if with_terraform:
        request = RunRequest("validate", path, include, exclude)
        plan = prepare_run(request)
        results = execute_plan(plan, request, echo_line)
        click.echo("\n" + summary_table(plan, results))
        sys.exit(exit_code(results))
