"""`layer plan|apply|... LAYER` for one layer and `layer run-all COMMAND [PATH]` for a tree."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import click

from layer.affected import Removed, change_under
from layer.cli import colour
from layer.cli.main import cli
from layer.cli.options import (
    is_layer_dir,
    json_file_option,
    layer_argument,
    not_a_layer,
    selection_options,
    stream_echo,
    to_stdout,
    write_json_document,
)
from layer.config.loader import load_layer
from layer.config.tree import absolute, find_root, matches
from layer.errors import LayerError, LayerNotFoundError, SafetyError
from layer.pipeline import DEFAULT_MAX_LAYERS, RunRequest, execute_plan, layer_id_of, load, prepare_run
from layer.plan.actions import LayerRunner, RunOptions
from layer.plan.executor import Interrupted, LayerResult
from layer.plan.journal import check_same_layers, journal_file, read_journal, record_run, skippable
from layer.plan.plan import COMMANDS, MUTATING, RunPlan
from layer.plan.progress import Progress, choose_mode, shown
from layer.plan.report import (
    exit_code,
    final_code,
    json_report,
    plan_preview,
    removed_table,
    summary_table,
    write_markdown,
)
from layer.plan.stop import describe
from layer.removed import RemovedLayer, removed_layers, tree_at_commit
from layer.state.outputs import StateReader
from layer.state.records import git_commit, now
from layer.status import layer_status, status_source
from layer.tables import on_terminal
from layer.terraform.generate import backend_config, work_root


def run_options(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        json_file_option("Write a JSON report here"),
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


def _require_terminal(plan: RunPlan, yes: bool) -> None:
    """Refuse, before any Terraform starts, a question no one can answer."""
    if plan.command in MUTATING and not yes and plan.order and not sys.stdin.isatty():
        raise SafetyError(
            f"{plan.command} of {len(plan.order)} layer(s) needs confirmation and no terminal is attached",
            hint="pass --yes to run without asking (CI)",
        )


def _confirm(plan: RunPlan, yes: bool) -> None:
    if plan.command not in MUTATING or yes or not plan.order:
        return
    _require_terminal(plan, yes)
    listing = "\n".join(f"  {i}" for i in plan.order)
    click.echo(f"{plan.command} will run in {len(plan.order)} layer(s), in this order:\n{listing}")
    if not click.confirm("Proceed?", default=False):
        raise click.exceptions.Abort()


@dataclass
class Reporting:
    """Where a run's results go besides the summary: --json, --markdown, and run-all apply's journal."""

    json_path: Path | None = None
    markdown_path: Path | None = None
    journal: JournalSpec | None = None
    run_all: bool = False  # many layers: show their progress (live on a terminal, lines elsewhere)
    removed: RemovedStep | None = None  # run-all plan/apply: layers removed from the tree with resources left


@dataclass(frozen=True)
class RemovedStep:
    """After a successful run-all plan or apply: the removed layers under PATH (layer.removed)."""

    path: Path
    destroy: bool  # --destroy-removed: apply their destroy plans
    yes: bool
    lock_timeout: str
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    to_stderr: bool = False  # `--json -`: standard output is the report

    def selects(self, layer_id: str) -> bool:
        included = not self.include or matches(layer_id, self.include)
        return included and not (self.exclude and matches(layer_id, self.exclude))


@dataclass(frozen=True)
class JournalSpec:
    """run-all apply: the journal file of its PATH, and what the journal records about this run."""

    file: Path
    relative_path: str  # PATH relative to the tree's root
    shown_path: str  # PATH as the user wrote it
    started_at: str = field(default_factory=now)


def _execute(
    request: RunRequest,
    yes: bool,
    json_path: Path | None,
    quiet: bool,
    markdown_path: Path | None = None,
    resume: bool = False,
    run_all: bool = False,
    destroy_removed: bool = False,
    removed_include: tuple[str, ...] | None = None,
) -> None:
    plan = prepare_run(request)
    journal = _journal_spec(plan, request) if run_all and plan.command == "apply" and not request.saved_plan else None
    removed = None
    if run_all and plan.command in ("plan", "apply"):
        removed = RemovedStep(
            request.path,
            destroy_removed,
            yes,
            request.lock_timeout,
            request.include if removed_include is None else removed_include,
            request.exclude,
            to_stdout(json_path),
        )
    out = Reporting(json_path, markdown_path, journal, run_all, removed)
    done = _resume(plan, out.journal) if resume and out.journal is not None else {}
    if plan.command == "apply" and not request.saved_plan and not yes and plan.order:
        _review_then_apply(plan, request, quiet, out, done)
    _confirm(plan, yes)
    echo = None if quiet else stream_echo(json_path)
    results = _run(plan, replace(request, done_before=done), echo, out)
    _finish(plan, results, out)


def _journal_spec(plan: RunPlan, request: RunRequest) -> JournalSpec:
    shown = str(request.path)
    try:
        relative = absolute(request.path).relative_to(plan.tree.root).as_posix()
    except ValueError:
        relative = shown
    return JournalSpec(journal_file(work_root(plan.tree.root), relative), relative, shown)


def _resume(plan: RunPlan, spec: JournalSpec) -> dict[str, str]:
    """--resume: the layers the failed run applied and that are still as applied (skipped), or a refusal."""
    journal = read_journal(spec.file, spec.shown_path)
    check_same_layers(journal, plan.order, spec.shown_path)
    source = status_source(plan.tree)
    verdicts: dict[str, tuple[str, str]] = {}
    for ident in journal.applied:
        found = layer_status(plan.tree.layers[ident], source)
        verdicts[ident] = (found.verdict, found.detail)
    done = skippable(journal, verdicts, spec.shown_path)
    rest = [ident for ident in plan.order if ident not in done]
    click.echo(
        f"resuming the run-all apply of {journal.started_at} (exit code {journal.exit_code}): "
        f"skipping {len(done)} layer(s) it applied ({', '.join(done) or 'none'}); "
        f"running {len(rest)} ({', '.join(rest) or 'none'})",
        err=True,
    )
    return done


def _review_then_apply(plan: RunPlan, request: RunRequest, quiet: bool, out: Reporting, done: dict[str, str]) -> None:
    """run-all apply with someone to ask: plan every layer into its plan file, show the summary, ask, then
    apply exactly those plan files (`terraform apply tfplan`; Terraform refuses one whose state moved since).
    A layer planned with mock outputs (its dependency is not applied yet) has no plan to keep: it is planned
    again, with the real outputs, right after its dependencies apply, as the preview says."""
    _require_terminal(plan, False)
    planned = _preview_plans(plan, request, done)
    unplanned = [ident for ident in plan.order if not planned[ident].ok]
    if unplanned:
        click.echo(
            f"nothing applied: {len(unplanned)} layer(s) could not be planned ({', '.join(unplanned)}); "
            "fix them and run again",
            err=True,
        )
        _finish(plan, planned, replace(out, journal=None, removed=None))  # nothing applied: the journal stays
    _confirm(plan, False)
    replan = frozenset(ident for ident in plan.order if planned[ident].mocked)
    echo = None if quiet else stream_echo(out.json_path)
    applied = _run(plan, replace(request, saved_plan=True, replan=replan, done_before=done), echo, out)
    for ident, result in applied.items():
        if ident not in replan and result.ok and not result.resources:
            result.resources = planned[ident].resources  # what the applied plan file held
    _finish(plan, applied, out)


def _run(
    plan: RunPlan, request: RunRequest, echo: Callable[[str], None] | None, out: Reporting
) -> dict[str, LayerResult]:
    """The plan's layers through execute_plan, run-all's with their progress shown; a stop (Ctrl-C, SIGTERM)
    reports what ran and exits 130/143."""
    try:
        if not out.run_all:
            return execute_plan(plan, request, echo)
        progress = Progress(plan.order)
        mode = choose_mode(on_terminal(sys.stdout) and not to_stdout(out.json_path))
        with shown(progress, mode):
            return execute_plan(plan, request, echo, progress)
    except Interrupted as stop:
        _report(plan, stop.results, out, stop.exit_code)
        click.echo(f"{describe(stop.exit_code)}: Terraform was asked to stop and release its locks", err=True)
        sys.exit(stop.exit_code)


def _finish(plan: RunPlan, results: dict[str, LayerResult], out: Reporting) -> None:
    _report(plan, results, out)
    code = exit_code(results)
    if out.removed is not None and code in (0, 2):
        code = _removed_layers(plan, out.removed, code)
    sys.exit(code)


def _removed_layers(plan: RunPlan, step: RemovedStep, code: int) -> int:
    """Layers removed from the tree whose state still holds resources: plan shows their destroy plans; apply
    applies them only with --destroy-removed (after a question, unless --yes), and otherwise says so."""
    try:
        found = removed_layers(plan.tree, step.path, LayerRunner(plan.tree, "status").env_for)
        found = [r for r in found if step.selects(r.layer_id)]
    except LayerError as err:
        click.echo(f"note: removed layers not checked: {err.message}", err=True)
        return code
    if not found:
        return code
    listing = ", ".join(f"{r.layer_id} ({r.resources} resource(s))" for r in found)
    how = f"`layer run-all apply {step.path} --destroy-removed`"
    if plan.command == "apply" and not step.destroy:
        click.echo(
            f"note: removed from the tree, resources still in their state: {listing}; {how} destroys them", err=True
        )
        return code
    click.echo(f"\nremoved from the tree, resources still in their state: {listing}", err=step.to_stderr)
    results = [_destroy_removed(plan.tree, r, step, apply=plan.command == "apply") for r in found]
    click.echo(removed_table(results, on_terminal()), err=step.to_stderr)
    if plan.command == "plan":
        click.echo(f"these destroy plans are applied only by {how}", err=step.to_stderr)
    if any(not r.ok for r in results):
        return 1
    return 2 if code == 2 or any(r.status == "changes" for r in results) else code


def _destroy_removed(tree: Any, removed: RemovedLayer, step: RemovedStep, apply: bool) -> LayerResult:
    """The removed layer's destroy plan from the commit it was last applied at; with apply, that plan applied."""
    try:
        with tree_at_commit(tree, removed) as (old_tree, layer):
            options = RunOptions(lock_timeout=step.lock_timeout, destroy_plan=True)
            planned = LayerRunner(old_tree, "plan", options)(layer.id)
            if not apply or planned.status != "changes":
                return planned
            question = f"Destroy {planned.changes.destroy} resource(s) of the removed layer {layer.id}?"
            if not step.yes and not click.confirm(question, default=False):
                return replace(planned, status="skipped", message="not destroyed: declined")
            applier = LayerRunner(old_tree, "apply", replace(options, saved_plan=True))
            done = applier(layer.id)
            return replace(done, status="destroyed", resources=planned.resources) if done.ok else done
    except LayerError as err:
        return LayerResult(removed.layer_id, "failed", message=err.render())


def _preview_plans(plan: RunPlan, request: RunRequest, done: dict[str, str]) -> dict[str, LayerResult]:
    """run-all apply: every layer's plan summary before the question (Terraform's text stays in the logs)."""
    click.echo(f"planning {len(plan.order) - len(done)} layer(s) before asking...")
    preview = replace(request, command="plan", keep_going=True, done_before=done)
    planned = _run(plan, preview, None, Reporting(run_all=True))
    click.echo(plan_preview(plan, planned, on_terminal()))
    return planned


def _apply_after_review(
    request: RunRequest, yes: bool, json_path: Path | None, quiet: bool, markdown_path: Path | None
) -> None:
    """`layer apply LAYER`: plan into the plan file, show Terraform's plan, ask (only when there are changes),
    then apply exactly that plan file (`terraform apply PLANFILE`, the path of `apply --saved-plan`)."""
    plan = prepare_run(request)
    out = Reporting(json_path, markdown_path)
    if not plan.order:  # a disabled layer: nothing runs
        _finish(plan, {}, out)
    _require_terminal(plan, yes)
    show = None if quiet and yes else stream_echo(json_path)  # the plan asked about is always shown
    planned = _run(plan, replace(request, command="plan", for_apply=True), show, out)
    ident = plan.order[0]
    if not planned[ident].ok or planned[ident].status == "no changes":
        if planned[ident].ok:
            click.echo(f"{ident}: no changes, nothing to apply", err=to_stdout(json_path))
        _finish(plan, planned, out)
    if not yes and not click.confirm(f"\nApply this plan to {ident}?", default=False):
        raise click.exceptions.Abort()
    echo = None if quiet else stream_echo(json_path)
    applied = _run(plan, replace(request, saved_plan=True), echo, out)
    _finish(plan, applied, out)


def _report(
    plan: RunPlan,
    results: dict[str, LayerResult],
    out: Reporting,
    stopped_code: int | None = None,
) -> None:
    """The summary (stderr after a stop), then the --json and --markdown reports: all say the same exit code;
    run-all apply keeps its journal when it did not finish, and drops it when it did."""
    to_stderr = stopped_code is not None or to_stdout(out.json_path)
    drawn = on_terminal(sys.stderr if to_stderr else sys.stdout)
    click.echo("\n" + colour.summary(summary_table(plan, results, stopped_code, drawn)), err=to_stderr)
    if out.json_path:
        write_json_document(out.json_path, json_report(plan, results, stopped_code))
    if out.markdown_path:
        write_markdown(out.markdown_path, plan, results, stopped_code)
    if out.journal is not None:
        _keep_journal(plan, results, out.journal, final_code(results, stopped_code))


def _keep_journal(plan: RunPlan, results: dict[str, LayerResult], spec: JournalSpec, code: int) -> None:
    kept = record_run(spec.file, spec.relative_path, results, code, spec.started_at, now(), git_commit(plan.tree.root))
    if kept is None:
        return
    unfinished = [ident for ident in plan.order if ident not in kept.applied]
    click.echo(
        f"note: {len(kept.applied)} layer(s) applied, {len(unfinished)} not; "
        f"`layer run-all apply {spec.shown_path} --resume` runs only those (journal: {spec.file})",
        err=True,
    )


def policy_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """plan: --policy checks each layer's saved plan against the Rego policies (layer/policy.py)."""
    func = click.option(
        "--policy-dir",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        help="plan: the .rego files for --policy (default: $LAYER_POLICY_DIR, else atlantis/policies/ above the tree).",
    )(func)
    return click.option(
        "--policy",
        is_flag=True,
        help="plan: check each layer's plan (terraform show -json) against the policies; a violation fails the layer.",
    )(func)


SAVED_PLAN_HELP = (
    "Apply the plan `layer plan` saved for this layer (what was reviewed, e.g. in Atlantis) instead of planning "
    "again; refuse when there is none, when it used mock outputs, or when inputs, module or settings changed since."
)


def _single_layer_command(command: str) -> None:
    @cli.command(name=command, help=f"terraform {command} in one layer (its dependencies' outputs come from state).")
    @layer_argument
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
        policy: bool = False,
        policy_dir: Path | None = None,
    ) -> None:
        request = RunRequest(
            command,
            layer_path.resolve(),
            include=(layer_id_of(layer_path),),
            parallelism=1,
            max_layers=1,
            lock_timeout=lock_timeout,
            saved_plan=saved_plan,
            backend_change=backend_change(reconfigure, migrate_state),
            policy=policy or policy_dir is not None,
            policy_dir=policy_dir,
        )
        if command == "apply" and not saved_plan and not yes:
            # Someone reviews: plan, show, ask, apply that plan file. Unattended (--yes, CI) the apply stays one
            # Terraform run under one state lock, so no other run can take the lock between plan and apply.
            _apply_after_review(request, yes, json_path, quiet, markdown_path)
        _execute(request, yes, json_path, quiet, markdown_path)

    if command == "apply":
        click.option("--saved-plan", is_flag=True, help=SAVED_PLAN_HELP)(_command)
    if command == "plan":
        policy_options(_command)


for _name in ("init", "plan", "apply", "destroy"):
    _single_layer_command(_name)


@cli.command()
@click.argument("layer_path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print outputs as JSON (sensitive ones hidden); for a directory of layers, every layer's, keyed by id.",
)
def output(layer_path: Path, as_json: bool) -> None:
    """Print a layer's outputs, read from its state. Sensitive outputs are never printed.

    With --json, LAYER_PATH may be a directory of layers: one JSON object keyed by layer id, each layer's
    outputs (null for a layer not applied yet)."""
    if not is_layer_dir(layer_path):
        if not as_json:
            raise not_a_layer(layer_path, "output")
        click.echo(json.dumps(_stack_outputs(layer_path), indent=2))
        return
    root = find_root(layer_path)
    layer = load_layer(root, layer_path)
    shown = _shown_outputs(_tree_of(root, layer), layer)
    if shown is None:
        raise SafetyError(f"{layer.id} has no state yet", hint=f"apply it first: layer apply {layer_path}")
    if as_json:
        click.echo(json.dumps(shown, indent=2))
        return
    for key, value in shown.items():
        click.echo(f"{key} = {json.dumps(value)}")


def _shown_outputs(tree: Any, layer: Any, reader: StateReader | None = None) -> dict[str, Any] | None:
    """A layer's outputs from its state, sensitive values replaced; None when it has no state yet."""
    runner = LayerRunner(tree, "output")
    state = (reader or StateReader()).read(backend_config(layer), runner.env_for(layer), layer.id)
    if state.outputs is None:
        return None
    return {k: ("(sensitive)" if k in state.sensitive else v) for k, v in sorted(state.outputs.items())}


def _stack_outputs(path: Path) -> dict[str, dict[str, Any] | None]:
    """Every enabled layer's outputs under `path`, keyed by layer id (disabled layers have no state)."""
    tree = load(path, inputs=False).tree
    under = path.resolve()
    reader = StateReader()
    found: dict[str, dict[str, Any] | None] = {}
    for ident in sorted(tree.selected):
        layer = tree.layers[ident]
        if not layer.enabled or not layer.dir.resolve().is_relative_to(under):
            continue
        found[ident] = _shown_outputs(tree, layer, reader)
        if found[ident] is None:
            click.echo(f"note: {ident} has no state yet (null)", err=True)
    return found


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
@policy_options
@click.option(
    "--resume",
    is_flag=True,
    help="apply: after a run-all apply of PATH failed or was stopped, run only the layers it did not apply "
    "(refused when those it applied, or the set of layers, changed since).",
)
@click.option(
    "--destroy-removed",
    is_flag=True,
    help="apply: also destroy the resources of layers removed from the tree (found from the run records beside "
    "the state), with a destroy plan made from the commit each was last applied at.",
)
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
    policy: bool,
    policy_dir: Path | None,
    resume: bool,
    destroy_removed: bool,
) -> None:
    """Run COMMAND in every layer under PATH in dependency order (destroy: reverse order).

    Exit code: 0 no changes, 2 changes present (plan), 1 any error, 130 Ctrl-C, 143 SIGTERM."""
    chosen = include  # --include as given (--affected-since narrows `include` to the affected layers)
    if affected_since:
        change = change_under(path, affected_since)
        ids = tuple(a.layer_id for a in change.affected)
        _say_removed_since(change.removed, path, affected_since)
        if not ids:
            click.echo(f"no layer under {path} is affected by changes since {affected_since}", err=to_stdout(json_path))
            sys.exit(0)
        click.echo(f"{len(ids)} layer(s) affected since {affected_since}: {', '.join(ids)}", err=to_stdout(json_path))
        matching = tuple(i for i in ids if not include or matches(i, include))
        if not matching:  # an empty include would select every layer
            raise LayerNotFoundError(
                f"no affected layer matches --include {' '.join(include)}", hint=f"affected: {', '.join(ids)}"
            )
        include = matching
    if saved_plan and command != "apply":
        raise click.UsageError("--saved-plan goes with apply only")
    if resume and (command != "apply" or saved_plan):
        raise click.UsageError("--resume goes with apply only (not with --saved-plan)")
    if destroy_removed and command != "apply":
        raise click.UsageError("--destroy-removed goes with apply only (plan shows the destroy plans anyway)")
    if (policy or policy_dir) and command != "plan":
        raise click.UsageError("--policy and --policy-dir go with plan only")
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
        policy=policy or policy_dir is not None,
        policy_dir=policy_dir,
    )
    _execute(
        request,
        yes,
        json_path,
        quiet,
        markdown_path,
        resume=resume,
        run_all=True,
        destroy_removed=destroy_removed,
        removed_include=chosen,
    )


def _say_removed_since(removed: list[Removed], path: Path, since: str) -> None:
    """--affected-since: layers whose layer.yaml the change deleted are not run, but never passed over in silence."""
    if not removed:
        return
    names = ", ".join(r.layer_id for r in removed)
    click.echo(
        f"removed since {since}: {names}; their resources stay in their state until destroyed "
        f"(`layer run-all plan {path}` shows their destroy plans, "
        f"`layer run-all apply {path} --destroy-removed` applies them)",
        err=True,
    )
