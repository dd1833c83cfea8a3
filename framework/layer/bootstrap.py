"""`layer bootstrap ENV`: the state backend as code, managing its own state.

First run: the bootstrap layer is applied with local state (a generated override file swaps the
backend), then `terraform init -migrate-state` moves that state into the bucket it just made, and a
plan confirms nothing is left to change. Later runs find the state in the bucket and plan/apply as
any layer. `--check` only plans: against the bucket's state, or, for a hand-made backend that has no
state yet, against a throw-away local state with import blocks for what exists, so the plan shows
what this code would change on it. Nothing is applied by --check.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from layer.config.model import Layer
from layer.errors import LayerError, StateError, TerraformError
from layer.hints import backend_hint
from layer.pipeline import load
from layer.plan.actions import LayerRunner, RunOptions
from layer.state.outputs import bucket_exists, s3_client, table_exists
from layer.terraform.adapter import Changes, Terraform, first_error, parse_changes
from layer.terraform.generate import WorkDir, relocated_main

OVERRIDE = "zz_layer_bootstrap_override.tf.json"
IMPORTS = "zz_layer_check_imports.tf.json"
LOCAL_STATE = "bootstrap.tfstate"


@dataclass(frozen=True)
class BootstrapResult:
    layer_id: str
    action: str  # created | unchanged | updated | drift | no drift
    changes: Changes
    bucket: str
    key: str


def find_bootstrap_layer(path: Path) -> tuple[LayerRunner, Layer]:
    loaded = load(path)
    layers = [loaded.tree.layers[i] for i in loaded.tree.selected if loaded.tree.layers[i].is_bootstrap]
    if len(layers) != 1:
        found = ", ".join(layer.id for layer in layers) or "none"
        raise LayerError(
            f"expected exactly one layer with `bootstrap: true` under {path}, found {found}",
            hint="give the environment's directory, e.g. layer bootstrap live/local",
        )
    return LayerRunner(loaded.tree, "apply"), layers[0]


def _run(tf: Terraform, args: list[str], step: str, ok: tuple[int, ...] = (0,)) -> str:
    result = tf.run(args)
    if result.returncode not in ok:
        raise TerraformError(f"bootstrap {step} failed: {first_error(result.output)}", hint=f"see {tf.log_path}")
    return result.output


def _plan(tf: Terraform, extra: list[str] | None = None) -> Changes | None:
    """None when the plan shows nothing to do (exit 0), else what it would change (exit 2)."""
    result = tf.run(["plan", "-input=false", "-no-color", "-detailed-exitcode", *(extra or [])])
    if result.returncode not in (0, 2):
        raise TerraformError(f"bootstrap plan failed: {first_error(result.output)}", hint=f"see {tf.log_path}")
    return parse_changes(result.output) if result.returncode == 2 else None


def bootstrap(path: Path, echo: Callable[[str], None] | None = None) -> BootstrapResult:
    runner, layer = find_bootstrap_layer(path)
    runner.options = RunOptions(echo=echo)
    workdir, _ = runner.prepare(layer, allow_mocks=False)
    tf = runner.terraform(layer, workdir)
    env = runner.env_for(layer)
    state = runner.states.read(workdir.backend, env) if bucket_exists(workdir.backend, env) else None
    if state is not None and state.outputs is not None:
        runner.ensure_init(layer, workdir, tf)
        changes = _plan(tf)
        if changes is not None:
            _run(tf, ["apply", "-input=false", "-no-color", "-auto-approve"], "apply")
        return _result(layer, workdir, "unchanged" if changes is None else "updated", changes or Changes())
    # First run: local state, then move it into the bucket it created.
    override = workdir.path / OVERRIDE
    override.write_text(json.dumps({"terraform": {"backend": {"local": {"path": LOCAL_STATE}}}}, indent=2))
    try:
        _run(tf, ["init", "-input=false", "-no-color", "-reconfigure"], "init (local state)")
        apply = _run(tf, ["apply", "-input=false", "-no-color", "-auto-approve"], "apply (local state)")
    finally:
        override.unlink(missing_ok=True)
    _run(tf, ["init", "-input=false", "-no-color", "-migrate-state", "-force-copy"], "init -migrate-state")
    runner.states.forget(workdir.backend)
    moved = runner.states.read(workdir.backend, env)
    if moved.outputs is None:
        raise TerraformError(
            f"state was not found in s3://{workdir.backend['bucket']}/{workdir.backend['key']} after migration",
            hint=f"the local state is kept at {workdir.path / LOCAL_STATE}; do not delete it",
        )
    local = workdir.path / LOCAL_STATE
    if local.exists():
        local.rename(local.with_suffix(".tfstate.migrated"))
    (workdir.path / ".terraform" / "layer-init.sha256").write_text(workdir.fingerprint)
    leftover = _plan(tf)
    if leftover is not None:
        raise TerraformError(
            f"after bootstrap the plan still shows changes ({leftover.add} add, {leftover.change} change)",
            hint=f"see {tf.log_path}",
        )
    return _result(layer, workdir, "created", parse_changes(apply))


def check(path: Path, echo: Callable[[str], None] | None = None) -> BootstrapResult:
    """Report drift of an existing backend without changing anything."""
    runner, layer = find_bootstrap_layer(path)
    runner.options = RunOptions(echo=echo)
    workdir, _ = runner.prepare(layer, allow_mocks=False)
    env = runner.env_for(layer)
    if not bucket_exists(workdir.backend, env):
        raise LayerError(
            f"state bucket {workdir.backend['bucket']} does not exist: nothing to check",
            hint=f"create it with: layer bootstrap {path}",
        )
    state = runner.states.read(workdir.backend, env)
    if state.outputs is not None:
        tf = runner.terraform(layer, workdir)
        runner.ensure_init(layer, workdir, tf)
        changes = _plan(tf, ["-lock=false"])
        return _result(layer, workdir, "no drift" if changes is None else "drift", changes or Changes())
    # A hand-made backend: plan in a scratch copy with local state and import blocks.
    scratch = Path(tempfile.mkdtemp(prefix="layer-bootstrap-check-"))
    try:
        for name in ("main.tf.json", "provider.tf.json"):
            shutil.copy(workdir.path / name, scratch / name)
        (scratch / "main.tf.json").write_text(_with_imports(workdir, layer, env, scratch))
        tf = Terraform(scratch, env, workdir.path / "logs" / "check.log", runner.terraform(layer, workdir).echo)
        _run(tf, ["init", "-input=false", "-no-color"], "init (check)")
        changes = _plan(tf, ["-lock=false"])
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return _result(layer, workdir, "no drift" if changes is None else "drift", changes or Changes())


BUCKET_PARTS = (
    "",
    "_versioning",
    "_server_side_encryption_configuration",
    "_public_access_block",
    "_ownership_controls",
    "_policy",
)


def import_blocks(bucket: str, table: str | None, parts: tuple[str, ...] = BUCKET_PARTS) -> list[dict[str, str]]:
    """Import blocks that adopt a hand-made state bucket (and lock table) into bootstrap/.

    Only configurations the bucket really has can be imported: `existing_parts` finds them."""
    blocks = [{"to": f"module.this.aws_s3_bucket{suffix}.state", "id": bucket} for suffix in parts]
    if table:
        blocks.append({"to": "module.this.aws_dynamodb_table.lock[0]", "id": table})
    return blocks


def _with_imports(workdir: WorkDir, layer: Layer, env: dict[str, str], directory: Path) -> str:
    main = relocated_main(workdir, layer, directory)  # the module source is relative to the scratch dir
    table = layer.inputs.get("lock_table_name")
    existing_table = table if table and table_exists(workdir.backend, env, str(table)) else None
    parts = existing_parts(workdir.backend, env)
    main["import"] = import_blocks(str(workdir.backend["bucket"]), existing_table, parts)
    return json.dumps(main, indent=2)


def existing_parts(backend: dict[str, Any], env: dict[str, str]) -> tuple[str, ...]:
    """Which of the bucket's configurations exist (a hand-made bucket may have no policy, say)."""
    s3 = s3_client(backend, env)
    bucket = str(backend["bucket"])
    probes: dict[str, Callable[[], Any]] = {
        "_versioning": lambda: s3.get_bucket_versioning(Bucket=bucket).get("Status"),
        "_server_side_encryption_configuration": lambda: s3.get_bucket_encryption(Bucket=bucket),
        "_public_access_block": lambda: s3.get_public_access_block(Bucket=bucket),
        "_ownership_controls": lambda: s3.get_bucket_ownership_controls(Bucket=bucket),
        "_policy": lambda: s3.get_bucket_policy(Bucket=bucket),
    }
    found = [""]
    for part, probe in probes.items():
        try:
            if probe():
                found.append(part)
        except ClientError:
            continue
        except BotoCoreError as err:
            raise StateError(f"cannot read the state bucket {bucket}: {err}", hint=backend_hint(backend, err)) from None
    return tuple(found)


def _result(layer: Layer, workdir: WorkDir, action: str, changes: Changes) -> BootstrapResult:
    return BootstrapResult(layer.id, action, changes, str(workdir.backend["bucket"]), str(workdir.backend["key"]))
