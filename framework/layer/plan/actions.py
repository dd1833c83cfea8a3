"""What one layer does for one command: resolve inputs, generate its work dir, run Terraform."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from layer.config.model import Layer, Tree
from layer.config.resolve import Context, resolve
from layer.errors import LayerError, Location, SafetyError, StateError
from layer.hints import terraform_hint
from layer.interface.spec import ModuleSpec, load_module
from layer.plan.executor import DONE_BEFORE, LayerResult
from layer.plan.planjson import NotAPlanError, ResourceChange, counts, resource_changes
from layer.plan.runlock import work_dir_lock
from layer.state.outputs import StateReader, shown_directory
from layer.state.records import (
    PLAN_FILE,
    PLAN_RECORD,
    Digests,
    PlanRecord,
    RunRecord,
    actor,
    git_commit,
    module_digest,
    now,
    pull_request,
    workdir_digests,
    write_record,
)
from layer.state.ssm_parameters import read_parameters
from layer.terraform.adapter import Changes, Terraform, first_error, parse_changes
from layer.terraform.cliconfig import write_cli_config
from layer.terraform.generate import (
    WorkDir,
    backend_config,
    downloaded_module,
    exports_outputs,
    render_workdir,
    with_outputs,
    work_root,
    workdir_path,
    write_workdir,
)

INIT_STAMP = "layer-init.sha256"
BACKEND_CHANGES = ("reconfigure", "migrate-state")


@dataclass
class RunOptions:
    lock_timeout: str = "0s"
    mirror: str | None = None
    echo: Callable[[str], None] | None = None
    saved_plan: bool = False  # apply: apply the plan `layer plan` saved, refuse if it is stale
    backend_change: str = ""  # "", or one of BACKEND_CHANGES: what to do when the state location moved
    for_apply: bool = False  # plan: the plan `layer apply` shows, then applies; never with mock outputs
    show_plan_json: bool = False  # plan: keep `terraform show -json` of each saved plan (--policy)
    replan: frozenset[str] = frozenset()  # apply with saved_plan: these layers plan afresh (their preview was mocked)
    done_before: Mapping[str, str] = field(default_factory=dict)  # --resume: layer id -> why it is not run again
    destroy_plan: bool = False  # plan: `plan -destroy` (a layer removed from the tree: layer.removed)


@dataclass
class LayerRunner:
    tree: Tree
    command: str
    options: RunOptions = field(default_factory=RunOptions)
    states: StateReader = field(default_factory=StateReader)
    _cli_config: Path | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    plan_documents: dict[str, dict[str, Any]] = field(default_factory=dict)  # layer id -> show -json of its plan
    planned_changes: dict[str, tuple[ResourceChange, ...]] = field(default_factory=dict)  # from show -json

    # -- pieces other commands reuse -------------------------------------------------------------
    def env_for(self, layer: Layer) -> dict[str, str]:
        env = {str(k): str(v) for k, v in layer.config.get("env", {}).items()}
        with self._lock:
            if self._cli_config is None:
                self._cli_config = write_cli_config(work_root(self.tree.root), self.options.mirror)
        env["TF_CLI_CONFIG_FILE"] = str(self._cli_config)
        return env

    def spec(self, layer: Layer) -> ModuleSpec | None:
        """The module's interface: from disk, or for a remote module from where init downloaded it."""
        if layer.module_dir is not None:
            return load_module(layer.module_dir)
        downloaded = downloaded_module(workdir_path(layer, self.tree.root))
        try:
            return load_module(downloaded) if downloaded is not None else None
        except LayerError:
            return None  # Terraform reports what is wrong with it

    def dependency_outputs(self, layer: Layer, allow_mocks: bool) -> tuple[dict[str, Any], list[str]]:
        outputs: dict[str, Any] = {}
        mocked: list[str] = []
        for dep in layer.dependencies:
            target = self.tree.layers[dep.layer_id]
            state = self.states.read(
                backend_config(target), self.env_for(target), target.id, directory=shown_directory(target.dir)
            )
            if state.outputs is not None:
                outputs[dep.name] = state.outputs
            elif allow_mocks and dep.mock_outputs is not None:
                outputs[dep.name] = dep.mock_outputs
                mocked.append(dep.name)
            elif allow_mocks:
                raise StateError(
                    f"dependency '{dep.name}' ({dep.layer_id}) has no state yet and declares no mock_outputs",
                    dep.location,
                    f"apply {dep.layer_id} first, or add mock_outputs under dependencies.{dep.name} for plans",
                )
            else:
                raise StateError(
                    f"dependency '{dep.name}' ({dep.layer_id}) has no state yet; {self.command} never uses mocks",
                    dep.location,
                    f"apply {dep.layer_id} first (run-all apply does this in order)",
                )
        return outputs, mocked

    def render(self, layer: Layer, allow_mocks: bool) -> tuple[WorkDir, list[str]]:
        outputs, mocked = self.dependency_outputs(layer, allow_mocks)
        parameters, mocked_parameters = read_parameters(layer, self.env_for(layer), allow_mocks, self.command)
        mocked += mocked_parameters
        ctx = Context(layer_id=layer.id, layer_name=layer.name, outputs=outputs, parameters=parameters)
        inputs = resolve(layer.inputs, ctx, layer.location, ("inputs",))
        return render_workdir(layer, self.tree.root, inputs, self.spec(layer)), mocked

    def prepare(self, layer: Layer, allow_mocks: bool) -> tuple[WorkDir, list[str]]:
        workdir, mocked = self.render(layer, allow_mocks)
        write_workdir(workdir)
        return workdir, mocked

    def digests(self, layer: Layer, workdir: WorkDir) -> Digests:
        from layer.index import module_closure

        closure = module_closure(layer.module_dir) if layer.module_dir is not None else []
        return workdir_digests(workdir.files, module_digest(layer.module_source, closure))

    def terraform(self, layer: Layer, workdir: WorkDir) -> Terraform:
        echo = self.options.echo
        prefix = f"[{layer.id}] "
        return Terraform(
            workdir=workdir.path,
            env=self.env_for(layer),
            log_path=workdir.path / "logs" / f"{self.command}.log",
            echo=(lambda line: echo(prefix + line)) if echo else None,
        )

    def ensure_init(self, layer: Layer, workdir: WorkDir, tf: Terraform, force: bool = False) -> None:
        stamp = workdir.path / ".terraform" / INIT_STAMP
        if not force and stamp.is_file() and stamp.read_text() == workdir.fingerprint:
            return
        extra = layer.config.get("terraform", {}).get("extra_args", {}).get("init", [])
        backend = backend_init_args(layer, workdir, self.options.backend_change)
        result = tf.run(["init", "-input=false", "-no-color", *backend, *extra])
        if result.returncode != 0:
            raise TerraformFailed("init", result.output)
        stamp.parent.mkdir(exist_ok=True)
        stamp.write_text(workdir.fingerprint)

    # -- the action ----------------------------------------------------------------------------------
    def applies_saved_plan(self, layer: Layer) -> bool:
        return self.command == "apply" and self.options.saved_plan and layer.id not in self.options.replan

    def __call__(self, layer_id: str) -> LayerResult:
        if layer_id in self.options.done_before:
            return LayerResult(layer_id, DONE_BEFORE, message=self.options.done_before[layer_id])
        layer = self.tree.layers[layer_id]
        started = time.monotonic()
        log: list[Path] = []
        try:
            allow_mocks = self.command in ("init", "validate", "plan") and not self.options.for_apply
            workdir, mocked = self.render(layer, allow_mocks)
            if self.command in ("plan", "apply", "destroy"):  # own state unreadable, or lost after an apply: stop
                self.states.read(workdir.backend, self.env_for(layer), layer.id, directory=shown_directory(layer.dir))
            with work_dir_lock(layer.id, workdir.path, self.command):  # before any generated file is written
                refuse_errored_state(layer, workdir, self.env_for(layer))
                write_workdir(workdir)
                status, changes, message = self._run_locked(layer, workdir, mocked, log)
            return LayerResult(
                layer_id,
                status,
                changes,
                time.monotonic() - started,
                message,
                tuple(mocked),
                _last(log),
                resources=self.planned_changes.get(layer_id, ()),
            )
        except TerraformFailed as err:
            return LayerResult(
                layer_id,
                "failed",
                seconds=time.monotonic() - started,
                message=failure_message(layer, err),
                log=_last(log),
            )
        except _StateNotSaved as err:
            return LayerResult(
                layer_id,
                "state not saved",
                seconds=time.monotonic() - started,
                message=err.message,
                log=_last(log),
                errored_state=err.path,
            )
        except LayerError as err:
            return LayerResult(
                layer_id, "failed", seconds=time.monotonic() - started, message=err.render(), log=_last(log)
            )

    def _run_locked(
        self, layer: Layer, workdir: WorkDir, mocked: list[str], log: list[Path]
    ) -> tuple[str, Changes, str]:
        """The command itself, with the work dir lock held and the generated files written by this run."""
        tf = self.terraform(layer, workdir)
        if tf.log_path is not None:
            log.append(tf.log_path)
        digests = self.digests(layer, workdir)
        if self.applies_saved_plan(layer):
            check_saved_plan(layer, workdir, digests)
        self.ensure_init(layer, workdir, tf, force=self.command == "init")
        if layer.module_dir is None and not exports_outputs(workdir):
            spec = self.spec(layer)  # a remote module, downloaded by the first init: export its outputs
            if spec is not None and spec.outputs:
                workdir = with_outputs(workdir, spec)
                write_workdir(workdir)
                digests = self.digests(layer, workdir)
        status, changes = self._run_command(layer, tf)
        message = f"plan used mock outputs of: {', '.join(mocked)}" if mocked else ""
        if self.command == "plan":
            save_plan_record(workdir, PlanRecord(layer.id, digests, tuple(mocked), status == "changes", now()))
            if status == "changes" or self.options.show_plan_json:
                changes = self._read_saved_plan(layer, workdir)
        if self.command in ("apply", "destroy"):
            message = self._record(layer, workdir, digests, changes)
        return status, changes, message

    def _run_command(self, layer: Layer, tf: Terraform) -> tuple[str, Changes]:
        extra = list(layer.config.get("terraform", {}).get("extra_args", {}).get(self.command, []))
        lock = f"-lock-timeout={layer.config.get('terraform', {}).get('lock_timeout', self.options.lock_timeout)}"
        if self.command == "init":
            return "ok", Changes()
        if self.command == "validate":
            result = tf.run(["validate", "-no-color", *extra])
            if result.returncode != 0:
                raise TerraformFailed("validate", result.output)
            return "ok", Changes()
        if self.command == "plan":
            discard_saved_plan(tf.workdir)
            destroy = ["-destroy"] if self.options.destroy_plan else []
            result = tf.run(
                ["plan", "-input=false", "-no-color", "-detailed-exitcode", *destroy, lock, f"-out={PLAN_FILE}", *extra]
            )
            if result.returncode == 0:
                return "no changes", Changes()
            if result.returncode == 2:
                return "changes", Changes()  # counted from the saved plan (terraform show -json)
            raise TerraformFailed("plan", result.output)
        if self.applies_saved_plan(layer):
            result = tf.run(["apply", "-input=false", "-no-color", lock, *extra, PLAN_FILE])
            discard_saved_plan(tf.workdir)  # applied or refused by Terraform (stale): never applied twice
            if result.returncode != 0:
                check_state_saved(layer, tf.workdir, "apply", result.output)
                refuse_stale_plan(layer, result.output)
                raise TerraformFailed("apply", result.output)
            return "applied", parse_changes(result.output)
        if self.command in ("apply", "destroy"):
            result = tf.run([self.command, "-input=false", "-no-color", "-auto-approve", lock, *extra])
            if result.returncode != 0:
                check_state_saved(layer, tf.workdir, self.command, result.output)
                raise TerraformFailed(self.command, result.output)
            return ("applied" if self.command == "apply" else "destroyed"), parse_changes(result.output)
        raise LayerError(f"unknown command {self.command}")

    def _read_saved_plan(self, layer: Layer, workdir: WorkDir) -> Changes:
        """The plan just saved, read back with `terraform show -json` (not echoed: it is long): its resource
        changes and counts, and, for --policy, the whole document."""
        tf = Terraform(workdir=workdir.path, env=self.env_for(layer), log_path=workdir.path / "logs" / "show.log")
        result = tf.run(["show", "-json", "-no-color", PLAN_FILE])
        if result.returncode != 0:
            raise TerraformFailed("show -json", result.output)
        try:
            shown = json.loads(result.output)
            planned = resource_changes(shown)
        except (json.JSONDecodeError, NotAPlanError, AttributeError):
            raise TerraformFailed("show -json", f"Error: not a plan document: {result.output[:300]}") from None
        with self._lock:
            self.planned_changes[layer.id] = planned
            if self.options.show_plan_json:
                self.plan_documents[layer.id] = shown
        return counts(planned)

    def _record(self, layer: Layer, workdir: WorkDir, digests: Digests, changes: Changes) -> str:
        """Write the run record beside the state; a failure to write it is reported, the run stays a success."""
        self.states.forget(workdir.backend)
        env = self.env_for(layer)
        try:
            state = self.states.read(workdir.backend, env)
            record = RunRecord(
                layer=layer.id,
                command="destroy" if self.options.destroy_plan else self.command,
                finished_at=now(),
                by=actor(),
                digests=digests,
                state_serial=state.serial,
                changes={"add": changes.add, "change": changes.change, "destroy": changes.destroy},
                commit=git_commit(self.tree.root),
                pull_request=pull_request(),
                saved_plan=self.applies_saved_plan(layer),
                terraform_version=state.terraform_version,
            )
            write_record(workdir.backend, env, record)
        except LayerError as err:
            return err.render()
        return ""


def save_plan_record(workdir: WorkDir, record: PlanRecord) -> None:
    (workdir.path / PLAN_RECORD).write_text(record.to_json())


def discard_saved_plan(directory: Path) -> None:
    for name in (PLAN_FILE, PLAN_RECORD):
        (directory / name).unlink(missing_ok=True)


def check_saved_plan(layer: Layer, workdir: WorkDir, digests: Digests) -> None:
    """Refuse to apply a saved plan that is missing, made with mock outputs, or made from another config."""
    plan_file, record_file = workdir.path / PLAN_FILE, workdir.path / PLAN_RECORD
    rerun = f"run `layer plan {layer.dir}` again, review it, then apply"
    if not plan_file.is_file() or not record_file.is_file():
        raise SafetyError(f"{layer.id} has no saved plan to apply", Location(layer.file), rerun)
    try:
        record = PlanRecord.from_json(record_file.read_text())
    except (ValueError, KeyError, TypeError):
        raise SafetyError(f"{layer.id}: the saved plan's record {record_file} is unreadable", hint=rerun) from None
    if record.mocked:
        raise SafetyError(
            f"{layer.id}: the saved plan used mock outputs of {', '.join(record.mocked)} and cannot be applied",
            layer.location(("dependencies",)),
            "apply those dependencies first, then plan this layer again",
        )
    changed = digests.differences(record.digests)
    if changed:
        raise SafetyError(
            f"{layer.id}: the saved plan ({record.created_at}) is stale: {' and '.join(changed)} changed since",
            Location(layer.file),
            rerun,
        )


def failure_message(layer: Layer, err: TerraformFailed) -> str:
    """Terraform's first error, and a hint when the environment explains it (credentials, the emulator)."""
    message = f"terraform {err.step}: {first_error(err.output)}"
    hint = terraform_hint(err.output, backend_config(layer), shown_directory(layer.dir))
    return f"{message}\n  hint: {hint}" if hint else message


STALE_PLAN = "Saved plan is stale"


def refuse_stale_plan(layer: Layer, output: str) -> None:
    """Terraform refuses a saved plan when the state changed after it was made: say so in words, nothing ran."""
    if STALE_PLAN not in output:
        return
    raise SafetyError(
        f"{layer.id}: the saved plan is stale: the layer's state changed after it was planned "
        "(another apply ran in between); nothing was applied",
        Location(layer.file),
        f"plan again and review the new plan: `layer apply {layer.dir}` (or `layer plan`, then --saved-plan)",
    )


def _last(paths: list[Path]) -> Path | None:
    return paths[-1] if paths else None


# -- state Terraform could not save (errored.tfstate) ------------------------------------------------------

ERRORED_STATE = "errored.tfstate"
LOCK_ID_LINE = re.compile(r"^[│ ]*ID:\s+(\S+)", re.MULTILINE)


def recovery_steps(layer: Layer, lock_id: str | None = None) -> str:
    unlock = f"`layer force-unlock {layer.dir} {lock_id or 'LOCK_ID'}`"
    where = "" if lock_id else " (`layer status` shows the ID)"
    left = "the lock the failed run left" if lock_id else "the lock the failed run left, if any,"
    return (
        f"when the state backend answers again: release {left} with {unlock}{where}; "
        f"then `layer state-push {layer.dir}` (pushes {ERRORED_STATE} and moves it aside); then run the layer again"
    )


def refuse_errored_state(layer: Layer, workdir: WorkDir, env: dict[str, str]) -> None:
    """A run before the unsaved state is pushed would create its resources a second time."""
    errored = workdir.path / ERRORED_STATE
    if errored.exists():
        raise StateError(
            f"layer {layer.id} is not run: its last run could not save its state, which is only in {errored}; "
            "running it now would create those resources again",
            Location(errored),
            recovery_steps(layer, held_lock_id(workdir.backend, env)),
        )


def held_lock_id(backend: dict[str, Any], env: dict[str, str]) -> str | None:
    """The ID of the lock held on the layer's state, when the backend answers (else None)."""
    from layer.state.locks import read_locks

    try:
        locks = read_locks(backend, env)
    except LayerError:
        return None
    return next((lock.lock_id for lock in locks if lock.lock_id), None)


def check_state_saved(layer: Layer, directory: Path, step: str, output: str) -> None:
    """After a failed apply/destroy: did Terraform leave the state it could not save in errored.tfstate?"""
    errored = directory / ERRORED_STATE
    if not errored.exists():
        return
    held = (
        LOCK_ID_LINE.findall(output[output.find("Error releasing the state lock") :]) if "releasing" in output else []
    )
    lock_id = held[0] if held else None
    message = (
        f"terraform {step}: Failed to save state: the backend did not take it; Terraform kept it in {errored} "
        f"({first_error(output)})" + (f"; the state lock {lock_id} is still held" if lock_id else "")
    )
    raise _StateNotSaved(f"{message}\n  hint: {recovery_steps(layer, lock_id)}", errored)


class _StateNotSaved(Exception):
    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


# -- a backend whose settings changed under an initialised work dir ---------------------------------------

STATE_LOCATION = ("bucket", "key", "region", "workspace_key_prefix")


def saved_backend(directory: Path) -> dict[str, Any] | None:
    """The S3 backend settings `terraform init` last saved in the work dir (None: not initialised, or not S3)."""
    try:
        saved = json.loads((directory / ".terraform" / "terraform.tfstate").read_text())
    except (OSError, ValueError):
        return None
    backend = saved.get("backend") if isinstance(saved, dict) else None
    if not isinstance(backend, dict) or backend.get("type") != "s3" or not isinstance(backend.get("config"), dict):
        return None
    return dict(backend["config"])


def location_changes(saved: dict[str, Any], wanted: dict[str, Any]) -> list[str]:
    return [
        f"{name} {saved.get(name)!r} -> {wanted.get(name)!r}"
        for name in STATE_LOCATION
        if (saved.get(name) or None) != (wanted.get(name) or None)
    ]


def backend_init_args(layer: Layer, workdir: WorkDir, choice: str) -> list[str]:
    """`terraform init` arguments for the work dir's saved backend versus the generated one.

    The same state location (bucket, key, region, workspace prefix) with other endpoints or credentials:
    -reconfigure, nothing to move. Another location: refuse unless told to -reconfigure or -migrate-state."""
    saved = saved_backend(workdir.path)
    if saved is None:
        return []
    moved = location_changes(saved, workdir.backend)
    if not moved or choice == "reconfigure":
        return ["-reconfigure"]
    if choice == "migrate-state":
        return ["-migrate-state", "-force-copy"]
    raise StateError(
        f"layer {layer.id}: the state location changed since its work dir was initialised ({'; '.join(moved)})",
        layer.location(("backend",)),
        "--migrate-state copies the state to the new location (overwriting any state there); "
        "--reconfigure uses the new location as it is and leaves the old state where it was",
    )


class TerraformFailed(Exception):
    def __init__(self, step: str, output: str) -> None:
        super().__init__(step)
        self.step = step
        self.output = output
