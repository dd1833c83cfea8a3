"""`layer terraform LAYER -- ARGS...`: any Terraform subcommand in a layer's work dir, as `layer` runs it.

The work dir is generated exactly as `layer apply` generates it (backend, provider, CLI config, dependency
outputs from state, never mocks), the layer's environment and credentials are set, the work dir's run lock
is held, and Terraform starts through the one adapter (Ctrl-C and SIGTERM forwarded once). On top of it:
`layer force-unlock LAYER LOCK_ID` (after a killed run) and `layer state-push LAYER` (after Terraform could
not save the state: pushes errored.tfstate once the backend answers, then moves it aside).

Exit codes: 0 when Terraform exits 0; 2 only for `plan -detailed-exitcode` with changes; any other failure 1;
130/143 when stopped by Ctrl-C/SIGTERM.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import click

from layer.cli.main import cli
from layer.cli.options import layer_argument
from layer.cli.run import backend_change
from layer.config.model import Layer
from layer.errors import StateError, TerraformError
from layer.pipeline import load_layer_at
from layer.plan.actions import (
    ERRORED_STATE,
    LOCK_ID_LINE,
    LayerRunner,
    RunOptions,
    TerraformFailed,
    refuse_errored_state,
)
from layer.plan.executor import SIGNAL_CHECK_SECONDS
from layer.plan.runlock import work_dir_lock
from layer.plan.stop import describe, exit_code_for
from layer.terraform.adapter import Result, Terraform, first_error, interrupt_all, plain, wait_all
from layer.terraform.generate import WorkDir, write_workdir

PASS_THROUGH_LOG = "terraform.log"


@dataclass(frozen=True)
class LayerTerraform:
    layer: Layer
    workdir: WorkDir
    tf: Terraform


# What may run while errored.tfstate waits to be pushed: reading, unlocking, pushing. Anything else could
# write a state that forks from the unsaved one, or create its resources again.
RECOVERY_COMMANDS = (
    ("force-unlock",),
    ("state", "push"),
    ("state", "pull"),
    ("state", "list"),
    ("state", "show"),
    ("show",),
    ("output",),
    ("version",),
    ("providers",),
    ("validate",),
)


def recovers(args: Sequence[str]) -> bool:
    words = [a for a in args if not a.startswith("-")]
    return any(tuple(words[: len(c)]) == c for c in RECOVERY_COMMANDS)


def pass_through_code(args: Sequence[str], returncode: int) -> int:
    """Terraform's exit code within layer's contract: 0 stays 0, 2 only from plan -detailed-exitcode, else 1."""
    if returncode == 0:
        return 0
    if returncode == 2 and list(args[:1]) == ["plan"] and "-detailed-exitcode" in args:
        return 2
    return 1


@contextlib.contextmanager
def layer_terraform(layer_path: Path, command: str, change: str = "") -> Iterator[LayerTerraform]:
    """The layer's work dir, generated and initialised, with its run lock held for the block."""
    tree, layer = load_layer_at(layer_path, "name one layer's directory: Terraform runs in one layer's work dir")
    runner = LayerRunner(tree, "terraform", RunOptions(echo=click.echo, backend_change=change))
    workdir, _ = runner.render(layer, allow_mocks=False)
    with work_dir_lock(layer.id, workdir.path, command):
        write_workdir(workdir)
        log = workdir.path / "logs" / PASS_THROUGH_LOG
        tf = Terraform(workdir=workdir.path, env=runner.env_for(layer), log_path=log, echo=click.echo)
        _stoppable(lambda: _init(runner, layer, workdir, tf))
        yield LayerTerraform(layer, workdir, tf)


def _init(runner: LayerRunner, layer: Layer, workdir: WorkDir, tf: Terraform) -> None:
    try:
        runner.ensure_init(layer, workdir, tf)
    except TerraformFailed as failed:
        raise TerraformError(
            f"{layer.id}: terraform init failed: {first_error(failed.output)}",
            hint=f"is the state backend reachable? see {tf.log_path}",
        ) from None


def _stoppable(work: Callable[[], None]) -> None:
    """Run Terraform from a worker thread, so that Ctrl-C/SIGTERM reach this (main) thread and are forwarded."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="terraform") as pool:
        future = pool.submit(work)
        try:
            while not future.done():  # wakes up to run signal handlers, whichever thread got the signal
                wait([future], timeout=SIGNAL_CHECK_SECONDS)
            future.result()
        except KeyboardInterrupt as stop:
            code = exit_code_for(stop)
            interrupt_all()
            wait_all(timeout=120)
            click.echo(f"{describe(code)}: Terraform was asked to stop and release its lock", err=True)
            sys.exit(code)


def run_terraform(tf: Terraform, args: Sequence[str]) -> Result:
    results: list[Result] = []
    _stoppable(lambda: results.append(tf.run(list(args))))
    return results[0]


@cli.command(
    name="terraform",
    context_settings={"ignore_unknown_options": True},
    help="Run any Terraform subcommand in a layer's generated work dir: `layer terraform LAYER -- state list`.",
)
@layer_argument
@click.argument("args", nargs=-1, required=True, type=click.UNPROCESSED)
@click.option("--reconfigure", is_flag=True, help="The layer's state location changed: use the new one as it is.")
@click.option("--migrate-state", is_flag=True, help="The layer's state location changed: copy its state there.")
def terraform(layer_path: Path, args: tuple[str, ...], reconfigure: bool, migrate_state: bool) -> None:
    with layer_terraform(layer_path, f"terraform {' '.join(args)}", backend_change(reconfigure, migrate_state)) as run:
        if not recovers(args):
            refuse_errored_state(run.layer, run.workdir, dict(run.tf.env))
        result = run_terraform(run.tf, args)
    code = pass_through_code(args, result.returncode)
    if code == 1:
        click.echo(f"error: terraform {args[0]} exited {result.returncode} in {run.workdir.path}", err=True)
    sys.exit(code)


@cli.command(name="force-unlock")
@layer_argument
@click.argument("lock_id")
def force_unlock(layer_path: Path, lock_id: str) -> None:
    """Release the state lock LOCK_ID that a killed run left (`layer status` shows the holder and the ID)."""
    with layer_terraform(layer_path, "force-unlock") as run:
        result = run_terraform(run.tf, ["force-unlock", "-force", lock_id])
    if result.returncode != 0:
        raise TerraformError(
            f"{run.layer.id}: force-unlock {lock_id} failed: {first_error(result.output)}",
            hint=f"check the ID with `layer status` (the lock may already be released); see {run.tf.log_path}",
        )
    click.echo(f"{run.layer.id}: state lock {lock_id} released")


@cli.command(name="state-push")
@layer_argument
def state_push(layer_path: Path) -> None:
    """Push the state Terraform could not save (errored.tfstate) to the layer's backend, then move it aside."""
    with layer_terraform(layer_path, "state-push") as run:
        errored = run.workdir.path / ERRORED_STATE
        if not errored.exists():
            raise StateError(
                f"{run.layer.id} has no {ERRORED_STATE} to push in {run.workdir.path}",
                hint="nothing to recover: the last run saved its state",
            )
        result = run_terraform(run.tf, ["state", "push", ERRORED_STATE])
        if result.returncode != 0:
            raise StateError(
                f"{run.layer.id}: pushing {errored} failed: {first_error(result.output)}",
                hint=_push_hint(run, result.output),
            )
        kept = errored.with_name(f"{ERRORED_STATE}.pushed-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}")
        errored.rename(kept)
    click.echo(f"{run.layer.id}: state pushed to s3://{run.workdir.backend['bucket']}/{run.workdir.backend['key']}")
    click.echo(f"  the pushed file is kept as {kept}; the layer runs again")


def _push_hint(run: LayerTerraform, output: str) -> str:
    if "Error acquiring the state lock" in output:
        held = LOCK_ID_LINE.findall(plain(output))
        lock_id = held[0] if held else "LOCK_ID"
        return f"the failed run's lock is still held: `layer force-unlock {run.layer.dir} {lock_id}`, then push again"
    return f"is the state backend reachable again? the file stays in place; see {run.tf.log_path}"
