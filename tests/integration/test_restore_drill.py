"""The restore drill (docs/disaster-recovery.md): on the emulator, through the real CLI and real Terraform.

One layer with a real resource (an SSM parameter) is applied into a versioned bucket with a DynamoDB lock
table, prod's backend shape. Then its state is (a) overwritten by a bad state pushed with
`layer terraform LAYER -- state push -force` (empty, another lineage: what pushing the wrong file does) and
(b) deleted (a delete marker). Each is recovered with the one documented command,
`layer state restore LAYER --version-id ID`, after `layer state versions LAYER` named the version, and a
re-plan then shows no changes (exit 0). Without the lock table digest update, Terraform refuses the restored
object; without the restore, the plan wants to create the parameter again (exit 2) or fails (exit 1).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.integration.conftest import Moto, layer_cli, make_state_bucket

pytestmark = pytest.mark.integration
TREE = ROOT / "tests/fixtures/restore_drill/live"
LAYER = str(TREE / "drill/app")
KEY = "drill/app/terraform.tfstate"
FOREIGN_LINEAGE = "00000000-0000-4000-8000-000000000000"


def ok(run: subprocess.CompletedProcess[str], code: int = 0) -> str:
    text = run.stdout + run.stderr
    assert "Traceback" not in text and "internal error" not in text, text
    assert run.returncode == code, f"exit {run.returncode}, wanted {code}:\n{text[-4000:]}"
    return text


def drill_env(moto: Moto, tmp_path: Path) -> dict[str, str]:
    name = f"drill-{tmp_path.name[-20:].lower().replace('_', '-')}".rstrip("-")
    make_state_bucket(moto, name)
    moto.client("dynamodb").create_table(  # type: ignore[attr-defined]
        TableName=name,
        KeySchema=[{"AttributeName": "LockID", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "LockID", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    return {
        "LAYER_EMULATOR_URL": moto.url,
        "LAYER_TEST_STATE_BUCKET": name,
        "LAYER_TEST_LOCK_TABLE": name,
        "LAYER_WORK_DIR": str(tmp_path / "work"),
    }


def versions(env: dict[str, str]) -> list[dict[str, Any]]:
    listed = layer_cli(["state", "versions", LAYER, "--json", "-"], env)
    ok(listed)
    document = json.loads(listed.stdout)
    assert document["state"] == f"s3://{env['LAYER_TEST_STATE_BUCKET']}/{KEY}"
    entries: list[dict[str, Any]] = document["versions"]
    return entries


def restore(env: dict[str, str], version_id: str, code: int = 0) -> str:
    return ok(layer_cli(["state", "restore", LAYER, "--version-id", version_id], env), code)


def plan(env: dict[str, str], code: int) -> str:
    return ok(layer_cli(["plan", LAYER], env), code)


def bad_state(path: Path) -> Path:
    """An empty state of another lineage, as `state push -force` of the wrong file leaves it."""
    document = {"version": 4, "terraform_version": "1.11.4", "serial": 99, "lineage": FOREIGN_LINEAGE}
    path.write_text(json.dumps({**document, "outputs": {}, "resources": [], "check_results": None}))
    return path


def test_a_bad_and_a_deleted_state_are_restored_with_one_command_each(moto: Moto, tmp_path: Path) -> None:
    env = drill_env(moto, tmp_path)
    ok(layer_cli(["apply", LAYER, "--yes", "-q"], env))
    applied = versions(env)
    assert [(v["current"], v["kind"], v["resources"]) for v in applied] == [(True, "state", 1)]
    good = applied[0]

    # (a) a bad state overwrites the good one: the plan would create the parameter again
    ok(layer_cli(["terraform", LAYER, "--", "state", "push", "-force", str(bad_state(tmp_path / "bad.tfstate"))], env))
    assert "1 to add" in plan(env, 2)
    listed = versions(env)
    assert listed[0]["current"] and listed[0]["lineage"] == FOREIGN_LINEAGE and listed[0]["resources"] == 0
    assert listed[1]["version_id"] == good["version_id"] and not listed[1]["current"]
    said = restore(env, good["version_id"])
    assert "No changes." in plan(env, 0)
    assert f"version {good['version_id']} (serial {good['serial']}" in said and "lock table" in said

    # the bad version is of another lineage: restoring it is refused and writes nothing
    before = versions(env)
    refused = restore(env, listed[0]["version_id"], code=1)
    assert f"has lineage {FOREIGN_LINEAGE}" in refused and "nothing was restored" in refused
    assert versions(env) == before

    # (b) the state object is deleted: a delete marker; the plan refuses to run without it
    moto.client("s3").delete_object(Bucket=env["LAYER_TEST_STATE_BUCKET"], Key=KEY)  # type: ignore[attr-defined]
    assert "state missing" in plan(env, 1)
    deleted = versions(env)
    assert deleted[0]["current"] and deleted[0]["kind"] == "delete marker"
    assert "delete marker" in restore(env, deleted[0]["version_id"], code=1)
    last_good = next(v for v in deleted if v["kind"] == "state" and v["lineage"] == good["lineage"])
    restore(env, last_good["version_id"])
    assert "No changes." in plan(env, 0)
