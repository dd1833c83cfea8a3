"""`layer plan|apply|... LAYER` for one layer and `layer run-all COMMAND [PATH]` for a tree."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from layer.affected import affected_under
from layer.cli.main import cli
from layer.cli.options import echo_line, selection_options
from layer.config.loader import load_layer
from layer.config.tree import find_root, matches
from layer.errors import LayerNotFoundError, SafetyError
from layer.pipeline import DEFAULT_MAX_LAYERS, RunRequest, execute_plan, prepare_run
from layer.plan.actions import LayerRunner
from layer.plan.executor import Interrupted, LayerResult
from layer.plan.plan import COMMANDS, MUTATING, RunPlan
from layer.plan.report import exit_code, summary_table, write_json, write_markdown
from layer.plan.stop import describe
from layer.state.outputs import StateReader
from layer.terraform.generate import backend_config


def run_options(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--json", "json_path", type=click.Path(path_type=Path), help="Write a JSON report here."),
        click.option(
            "--markdown",
            "markdown_path",
            type=click.Path(path_type=Path),
            help="Write the summary as Markdown (a pull-request comment).",
        ),
        click.option("--yes", "-y", is_flag=True, help="Do not ask before apply or destroy."),
        click.option("--lock-timeout", default="0s", show_default=True, help="Wait this long for a held lock."),
        click.option("--quiet", "-q", is_flag=True, help="Do not stream Terraform's output (logs still kept)."),
        click.option(
            "--reconfigure",
            is_flag=True,
            help="A layer's state location (bucket, key, region) changed: use the new one as it is.",
        ),
        click.option(
            "--migrate-state",
            is_flag=True,
            help="A layer's state location changed: copy its state there (overwrites state found there).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def backend_change(reconfigure: bool, migrate_state: bool) -> str:
    if reconfigure and migrate_state:
        raise click.UsageError("--reconfigure and --migrate-state exclude each other: choose one")
    return "reconfigure" if reconfigure else "migrate-state" if migrate_state else ""


def _confirm(plan: RunPlan, yes: bool) -> None:
    if plan.command not in MUTATING or yes or not plan.order:
        return
    listing = "\n".join(f"  {i}" for i in plan.order)
    if not sys.stdin.isatty():
        raise SafetyError(
            f"{plan.command} of {len(plan.order)} layer(s) needs confirmation and no terminal is attached",
            hint="pass --yes to run without asking (CI)",
        )
    click.echo(f"{plan.command} will run in {len(plan.order)} layer(s), in this order:\n{listing}")
    if not click.confirm("Proceed?", default=False):
        raise click.exceptions.Abort()


def _execute(
    request: RunRequest, yes: bool, json_path: Path | None, quiet: bool, markdown_path: Path | None = None
) -> None:
    plan = prepare_run(request)
    _confirm(plan, yes)
    try:
        results = execute_plan(plan, request, None if quiet else echo_line)
    except Interrupted as stop:
        _report(plan, stop.results, json_path, markdown_path, stop.exit_code)
        click.echo(f"{describe(stop.exit_code)}: Terraform was asked to stop and release its locks", err=True)
        sys.exit(stop.exit_code)
    _report(plan, results, json_path, markdown_path)
    sys.exit(exit_code(results))


def _report(
    plan: RunPlan,
    results: dict[str, LayerResult],
    json_path: Path | None,
    markdown_path: Path | None,
    stopped_code: int | None = None,
) -> None:
    """The summary (stderr after a stop), then the --json and --markdown reports: all say the same exit code."""
    click.echo("\n" + summary_table(plan, results, stopped_code), err=stopped_code is not None)
    if json_path:
        write_json(json_path, plan, results, stopped_code)
    if markdown_path:
        write_markdown(markdown_path, plan, results, stopped_code)


SAVED_PLAN_HELP = (
    "Apply the plan `layer plan` saved for this layer (what was reviewed, e.g. in Atlantis) instead of planning "
    "again; refuse when there is none, when it used mock outputs, or when inputs, module or settings changed since."
)


def _single_layer_command(command: str) -> None:
    @cli.command(name=command, help=f"terraform {command} in one layer (its dependencies' outputs come from state).")
    @click.argument("layer_path", type=click.Path(exists=True, file_okay=False, path_type=Path))
    @run_options
    def _command(
        layer_path: Path,
        json_path: Path | None,
        markdown_path: Path | None,
        yes: bool,
        lock_timeout: str,
        quiet: bool,
        reconfigure: bool,
        migrate_state: bool,
        saved_plan: bool = False,
    ) -> None:
        root = find_root(layer_path)
        layer_dir = layer_path.resolve()
        ident = layer_dir.relative_to(root).as_posix()
        request = RunRequest(
            command,
            layer_dir,
            include=(ident,),
            parallelism=1,
            max_layers=1,
            lock_timeout=lock_timeout,
            saved_plan=saved_plan,
            backend_change=backend_change(reconfigure, migrate_state),
        )
        _execute(request, yes, json_path, quiet, markdown_path)

    if command == "apply":
        click.option("--saved-plan", is_flag=True, help=SAVED_PLAN_HELP)(_command)


for _name in ("init", "plan", "apply", "destroy"):
    _single_layer_command(_name)


@cli.command()
@click.argument("layer_path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print outputs as JSON (sensitive ones hidden).")
def output(layer_path: Path, as_json: bool) -> None:
    """Print a layer's outputs, read from its state. Sensitive outputs are never printed."""
    root = find_root(layer_path)
    layer = load_layer(root, layer_path)
    runner = LayerRunner(_tree_of(root, layer), "output")
    state = StateReader().read(backend_config(layer), runner.env_for(layer), layer.id)
    if state.outputs is None:
        raise SafetyError(f"{layer.id} has no state yet", hint=f"apply it first: layer apply {layer_path}")
    shown = {k: ("(sensitive)" if k in state.sensitive else v) for k, v in sorted(state.outputs.items())}
    if as_json:
        click.echo(json.dumps(shown, indent=2))
        return
    for key, value in shown.items():
        click.echo(f"{key} = {json.dumps(value)}")


def _tree_of(root: Path, layer: Any) -> Any:
    from layer.config.model import Tree

    return Tree(root=root, layers={layer.id: layer}, selected=(layer.id,))


@cli.command(name="run-all")
@click.argument("command", type=click.Choice([c for c in COMMANDS if c != "output"]))
@click.argument("path", type=click.Path(exists=True, path_type=Path), default=Path("."))
@selection_options
@click.option("--parallelism", "-p", type=int, default=0, help="Layers at once (default: cores, at most 8).")
@click.option("--keep-going", is_flag=True, help="Go on with independent layers after a failure.")
@click.option("--affected-since", metavar="GIT_REF", help="Only the layers a change since GIT_REF touches.")
@click.option("--saved-plan", is_flag=True, help="apply: " + SAVED_PLAN_HELP)
@click.option(
    "--max-layers",
    type=int,
    default=DEFAULT_MAX_LAYERS,
    show_default=True,
    help="Refuse apply/destroy over more layers than this.",
)
@run_options
def run_all(
    command: str,
    path: Path,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    parallelism: int,
    keep_going: bool,
    affected_since: str | None,
    saved_plan: bool,
    max_layers: int,
    json_path: Path | None,
    markdown_path: Path | None,
    yes: bool,
    lock_timeout: str,
    quiet: bool,
    reconfigure: bool,
    migrate_state: bool,
) -> None:
    """Run COMMAND in every layer under PATH in dependency order (destroy: reverse order).

    Exit code: 0 no changes, 2 changes present (plan), 1 any error, 130 Ctrl-C, 143 SIGTERM."""
    if affected_since:
        ids = tuple(a.layer_id for a in affected_under(path, affected_since))
        if not ids:
            click.echo(f"no layer under {path} is affected by changes since {affected_since}")
            sys.exit(0)
        click.echo(f"{len(ids)} layer(s) affected since {affected_since}: {', '.join(ids)}")
        matching = tuple(i for i in ids if not include or matches(i, include))
        if not matching:  # an empty include would select every layer
            raise LayerNotFoundError(
                f"no affected layer matches --include {' '.join(include)}", hint=f"affected: {', '.join(ids)}"
            )
        include = matching
    if saved_plan and command != "apply":
        raise click.UsageError("--saved-plan goes with apply only")
    request = RunRequest(
        command,
        path,
        include,
        exclude,
        parallelism,
        keep_going,
        max_layers,
        lock_timeout,
        saved_plan=saved_plan,
        backend_change=backend_change(reconfigure, migrate_state),
    )
    _execute(request, yes, json_path, quiet, markdown_path)
