"""`layer validate PATH`: schemas, graph and module inputs of every layer; --terraform adds `terraform validate`.

`--json` prints the result on standard output for tools: `valid`, and `errors` as a list of
{file, line, key, message, hint} (what LayerError and MultipleErrors carry), messages on standard error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from layer.cli.main import cli
from layer.cli.options import STDOUT, echo_line, echo_line_to_stderr, selection_options, write_json_document
from layer.errors import LayerError, MultipleErrors
from layer.pipeline import Loaded, RunRequest, execute_plan, load, prepare_run
from layer.plan.report import exit_code, json_report, summary_table


@cli.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path), default=Path("."))
@selection_options
@click.option(
    "--terraform",
    "with_terraform",
    is_flag=True,
    help="Also run `terraform validate` in every layer (needs the backend for dependency outputs).",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the result as JSON on standard output: errors as a list of {file, line, key, message, hint}.",
)
def validate(
    path: Path, include: tuple[str, ...], exclude: tuple[str, ...], with_terraform: bool, as_json: bool
) -> None:
    """Check every layer under PATH (or one layer): YAML, schemas, dependencies, and inputs against the
    module's variables. No Terraform runs unless --terraform is given."""
    if as_json:
        _validate_as_json(path, include, exclude, with_terraform)
        return
    loaded = load(path, include, exclude)
    for line in _findings(loaded):
        click.echo(line)
    if with_terraform:
        request = RunRequest("validate", path, include, exclude)
        plan = prepare_run(request)
        results = execute_plan(plan, request, echo_line)
        click.echo("\n" + summary_table(plan, results))
        sys.exit(exit_code(results))


def _findings(loaded: Loaded) -> list[str]:
    """The `ok:` line and the notes, for people."""
    enabled = sum(1 for i in loaded.tree.selected if loaded.tree.layers[i].enabled)
    lines = [
        f"ok: {len(loaded.tree.selected)} layer(s) valid ({enabled} enabled), "
        f"{len(loaded.graph.waves())} wave(s), no cycles"
    ]
    remote = sorted(i for i in loaded.tree.selected if loaded.tree.layers[i].module_dir is None)
    if remote:
        lines.append(
            f"note: {len(remote)} layer(s) use a module that is not on disk, so only Terraform checks their inputs: "
            + ", ".join(remote)
            + " (a pin of this repository's modules whose commit the clone lacks: git fetch --unshallow --tags)"
        )
    return lines + [f"note: {note}" for note in loaded.notes]


def _validate_as_json(path: Path, include: tuple[str, ...], exclude: tuple[str, ...], with_terraform: bool) -> None:
    try:
        loaded = load(path, include, exclude)
    except LayerError as err:
        write_json_document(Path(STDOUT), {"valid": False, "errors": error_records(err)})
        click.echo(err.render(), err=True)
        sys.exit(1)
    document: dict[str, Any] = {
        "valid": True,
        "errors": [],
        "layers": sorted(loaded.tree.selected),
        "waves": len(loaded.graph.waves()),
        "notes": [line.removeprefix("note: ") for line in _findings(loaded)[1:]],
    }
    code = 0
    if with_terraform:
        request = RunRequest("validate", path, include, exclude)
        plan = prepare_run(request)
        results = execute_plan(plan, request, echo_line_to_stderr)
        code = exit_code(results)
        document["valid"] = code == 0
        document["terraform"] = json_report(plan, results)
    write_json_document(Path(STDOUT), document)
    sys.exit(code)


def error_records(err: LayerError) -> list[dict[str, Any]]:
    """Every problem an error holds (MultipleErrors: each one) as {file, line, key, message, hint}."""
    if isinstance(err, MultipleErrors):
        return [record for inner in err.errors for record in error_records(inner)]
    where = err.location
    return [
        {
            "file": str(where.path) if where is not None and where.path is not None else None,
            "line": where.line if where is not None else None,
            "key": where.key if where is not None else None,
            "message": err.message,
            "hint": err.hint,
        }
    ]
