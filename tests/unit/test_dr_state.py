"""Disaster recovery of state: backend profiles (LAYER_BACKEND_PROFILE) and `layer state versions/restore`.

Profiles run through the real CLI (click's runner) on small trees and on live/prod; restore runs against
moto's in-process S3 and DynamoDB (the drill on the emulator is tests/integration/test_restore_drill.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from click.testing import CliRunner
from moto import mock_aws

from layer.cli.main import cli
from layer.config.backend_profile import PROFILE_VARIABLE
from layer.errors import LayerError, StateError
from layer.pipeline import load
from layer.plan.runlock import work_dir_lock
from layer.state.restore import DAMAGED, DELETE_MARKER, StateVersion, layer_lineage, list_versions, restore, table
from layer.terraform.generate import backend_config
from tests.conftest import ROOT

DEFAULTS = """\
root: true
environment: test
region: ap-northeast-2
backend:
  bucket: test-state
  region: ap-northeast-2
  dynamodb_table: test-lock
  profiles:
    dr:
      bucket: test-state-ap-northeast-1
      region: ap-northeast-1
      dynamodb_table: test-lock
"""


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "live/app").mkdir(parents=True)
    (tmp_path / "modules/m").mkdir(parents=True)
    (tmp_path / "modules/m/main.tf").write_text('variable "x" {\n  type = string\n}\n')
    (tmp_path / "live/_defaults.yaml").write_text(DEFAULTS)
    (tmp_path / "live/app/layer.yaml").write_text("module: ../../modules/m\ninputs:\n  x: a\n")
    return tmp_path / "live"


def render(layer: Path, env: dict[str, str]) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["render", str(layer), "--json"], env=env, standalone_mode=False)
    if isinstance(result.exception, LayerError):
        return 1, result.exception.render()
    assert result.exception is None, result.exception
    return 0, result.output


def test_without_a_profile_the_backend_is_the_primary(tree: Path) -> None:
    code, output = render(tree / "app", {PROFILE_VARIABLE: ""})
    assert code == 0, output
    backend = json.loads(output)["config"]["backend"]
    assert (backend["bucket"], backend["region"]) == ("test-state", "ap-northeast-2")


def test_the_profile_replaces_the_bucket_and_region_of_the_generated_backend(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PROFILE_VARIABLE, "dr")
    layer = load(tree).tree.layers["app"]
    backend = backend_config(layer)
    assert (backend["bucket"], backend["region"], backend["key"]) == (
        "test-state-ap-northeast-1",
        "ap-northeast-1",
        "app/terraform.tfstate",
    )
    assert backend["dynamodb_table"] == "test-lock" and "profiles" not in backend


def test_an_undefined_profile_is_a_config_error_naming_the_variable_and_the_choices(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PROFILE_VARIABLE, "osaka")
    code, output = render(tree / "app", {PROFILE_VARIABLE: "osaka"})
    assert code == 1
    assert f"{PROFILE_VARIABLE}=osaka: backend.profiles.osaka is not defined" in output
    assert "(defined: dr)" in output and "_defaults.yaml" in output


def test_a_tree_without_profiles_refuses_a_profile_rather_than_use_the_primary(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    defaults = tree / "_defaults.yaml"
    defaults.write_text(DEFAULTS.split("  profiles:")[0])
    code, output = render(tree / "app", {PROFILE_VARIABLE: "dr"})
    assert code == 1 and "the tree defines no profiles" in output


def test_a_bad_value_in_the_active_profile_names_the_profile_line(tree: Path) -> None:
    defaults = tree / "_defaults.yaml"
    defaults.write_text(DEFAULTS.replace("region: ap-northeast-1", "region: tokyo"))
    code, output = render(tree / "app", {PROFILE_VARIABLE: "dr"})
    assert code == 1 and "tokyo" in output
    assert f"_defaults.yaml:{DEFAULTS.splitlines().index('      region: ap-northeast-1') + 1}" in output


def test_an_unknown_key_in_a_profile_is_refused_even_when_the_profile_is_not_used(tree: Path) -> None:
    defaults = tree / "_defaults.yaml"
    defaults.write_text(DEFAULTS.replace("      dynamodb_table: test-lock\n", "      dynamo_table: test-lock\n", 1))
    text = defaults.read_text()
    assert "dynamo_table" in text
    code, output = render(tree / "app", {PROFILE_VARIABLE: ""})
    assert code == 1 and "dynamo_table" in output


def test_live_prod_runs_every_layer_against_the_replica_with_the_dr_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PROFILE_VARIABLE, "dr")
    layers = load(ROOT / "live/prod", inputs=False).tree.layers
    assert layers
    for layer in layers.values():
        backend = backend_config(layer)
        assert backend["region"] == "ap-northeast-1", layer.id
        assert backend["bucket"] == "prod-connectly-ap-northeast-1", layer.id
        assert backend["dynamodb_table"] == "prod-connectly-tf-lock", layer.id  # the global table's replica


# -- restore -------------------------------------------------------------------------------------------

BUCKET, KEY, TABLE = "state", "app/terraform.tfstate", "lock"
BACKEND: dict[str, Any] = {"bucket": BUCKET, "key": KEY, "region": "ap-northeast-2", "dynamodb_table": TABLE}
ENV = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}


def state(serial: int, lineage: str = "good", resources: int = 1) -> bytes:
    document = {"version": 4, "serial": serial, "lineage": lineage, "outputs": {}, "resources": [{}] * resources}
    return json.dumps(document).encode()


@pytest.fixture
def s3() -> Iterator[Any]:
    with mock_aws():
        client = aws("s3")
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-northeast-2"})
        client.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
        aws("dynamodb").create_table(
            TableName=TABLE,
            KeySchema=[{"AttributeName": "LockID", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "LockID", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        yield client


def aws(service: str) -> Any:
    return boto3.client(  # type: ignore[call-overload]
        service, region_name="ap-northeast-2", aws_access_key_id="test", aws_secret_access_key="test"
    )


def put(s3: Any, body: bytes) -> str:
    return str(s3.put_object(Bucket=BUCKET, Key=KEY, Body=body)["VersionId"])


def current(s3: Any) -> bytes:
    body: bytes = s3.get_object(Bucket=BUCKET, Key=KEY)["Body"].read()
    return body


def digest() -> str | None:
    item = aws("dynamodb").get_item(TableName=TABLE, Key={"LockID": {"S": f"{BUCKET}/{KEY}-md5"}})
    value = item.get("Item", {}).get("Digest", {}).get("S")
    return None if value is None else str(value)


def test_versions_list_states_markers_and_damage_newest_first(s3: Any) -> None:
    put(s3, state(1))
    put(s3, b"<html>")
    s3.delete_object(Bucket=BUCKET, Key=KEY)
    listed = list_versions(BACKEND, ENV)
    assert [(v.kind, v.current) for v in listed] == [(DELETE_MARKER, True), (DAMAGED, False), ("state", False)]
    assert (listed[2].serial, listed[2].lineage, listed[2].resources) == (1, "good", 1)
    assert "not JSON" in (listed[1].problem or "")
    assert len(list_versions(BACKEND, ENV, limit=2)) == 2
    assert "delete marker" in table(listed).splitlines()[1] and "SERIAL" in table(listed).splitlines()[0]


def test_restore_makes_a_version_current_again_and_updates_the_lock_table_digest(s3: Any) -> None:
    good = put(s3, state(1))
    put(s3, state(2, resources=0))
    done = restore(BACKEND, ENV, good, applied_serial=2)
    assert current(s3) == state(1)
    assert digest() == hashlib.md5(state(1), usedforsecurity=False).hexdigest()
    assert done.digest_updated and done.replaced is not None and done.replaced.serial == 2
    assert len(list_versions(BACKEND, ENV)) == 3, "the restore is a new version; nothing is lost"


def test_restore_after_a_delete_brings_the_state_back(s3: Any) -> None:
    good = put(s3, state(1))
    s3.delete_object(Bucket=BUCKET, Key=KEY)
    restore(BACKEND, ENV, good, applied_serial=1)
    assert current(s3) == state(1)


def test_a_version_of_another_lineage_is_refused_unless_forced(s3: Any) -> None:
    put(s3, state(1))
    foreign = put(s3, state(7, lineage="other"))
    put(s3, state(2))
    with pytest.raises(StateError, match="has lineage other, the layer's state has lineage good"):
        restore(BACKEND, ENV, foreign, applied_serial=2)
    assert current(s3) == state(2), "nothing was written"
    restore(BACKEND, ENV, foreign, applied_serial=2, force=True)
    assert current(s3) == state(7, lineage="other")


@pytest.mark.parametrize("which", ["marker", "damaged", "missing"])
def test_markers_damaged_and_unknown_versions_are_refused(s3: Any, which: str) -> None:
    put(s3, state(1))
    damaged = put(s3, b"not a state")
    marker = str(s3.delete_object(Bucket=BUCKET, Key=KEY)["VersionId"])
    version, message = {
        "marker": (marker, "is a delete marker"),
        "damaged": (damaged, "is not a Terraform state"),
        "missing": ("nope", "has no version 'nope'"),
    }[which]
    with pytest.raises(StateError, match=message):
        restore(BACKEND, ENV, version)


def test_a_held_state_lock_refuses_the_restore(s3: Any) -> None:
    good = put(s3, state(1))
    put(s3, state(2))
    info = json.dumps({"ID": "abc", "Operation": "OperationTypeApply", "Who": "bob@host", "Created": "now"})
    aws("dynamodb").put_item(TableName=TABLE, Item={"LockID": {"S": f"{BUCKET}/{KEY}"}, "Info": {"S": info}})
    with pytest.raises(StateError, match="locked by bob@host"):
        restore(BACKEND, ENV, good)
    assert current(s3) == state(2)


def test_the_layers_lineage_is_the_one_its_last_apply_left() -> None:
    def version(serial: int, lineage: str, now: bool = False) -> StateVersion:
        return StateVersion(f"v{serial}", "t", now, "state", serial, lineage, 1)

    pushed = [version(9, "foreign", now=True), version(3, "good")]
    assert layer_lineage(pushed, applied_serial=3) == "good"
    assert layer_lineage(pushed, applied_serial=None) == "foreign"
    assert layer_lineage([StateVersion("m", "t", True, DELETE_MARKER), version(3, "good")], None) == "good"
    assert layer_lineage([], None) is None


# -- the commands' usage (no backend needed) ----------------------------------------------------------------


def layer_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).parent / "layer"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, PROFILE_VARIABLE: ""},
    )


def test_restore_without_a_version_id_is_a_usage_error(tree: Path) -> None:
    run = layer_cli("state", "restore", str(tree / "app"))
    assert run.returncode == 64 and "--version-id" in run.stderr, run.stderr


def test_state_commands_take_one_layer(tree: Path) -> None:
    run = layer_cli("state", "versions", str(tree))
    assert run.returncode == 1 and "is not a layer" in run.stderr and "Traceback" not in run.stderr, run.stderr


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (("versions",), "cannot list the versions of s3://test-state/app/terraform.tfstate"),
        (
            ("restore", "--version-id", "v1"),
            "cannot reach the state backend for s3://test-state/app/terraform.tfstate.layer.json",
        ),
    ],
)
def test_an_unreachable_backend_is_one_error_line(tree: Path, command: tuple[str, ...], message: str) -> None:
    defaults = tree / "_defaults.yaml"
    defaults.write_text(
        DEFAULTS + "  endpoint_url: http://127.0.0.1:9\nenv: {AWS_ACCESS_KEY_ID: x, AWS_SECRET_ACCESS_KEY: x}\n"
    )
    run = layer_cli("state", command[0], str(tree / "app"), *command[1:])
    assert run.returncode == 1, run.stdout + run.stderr
    assert message in run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr


def test_restore_waits_for_no_one_a_running_layer_refuses_it(tree: Path, tmp_path: Path) -> None:
    """The restore takes the layer's run lock first: while another `layer` run holds it, nothing is read or
    written (the tree's backend is unreachable here, so getting past the lock would fail differently)."""
    work = tmp_path / "work"
    with work_dir_lock("app", work / "work" / "live" / "app", "apply"):
        run = subprocess.run(
            [str(Path(sys.executable).parent / "layer"), "state", "restore", str(tree / "app"), "--version-id", "v1"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={**os.environ, PROFILE_VARIABLE: "", "LAYER_WORK_DIR": str(work)},
        )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "layer app is being run by PID" in run.stderr and "(apply)" in run.stderr, run.stderr
