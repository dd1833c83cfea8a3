"""The diamond tree (network → kms, sg → storage) for real: Terraform, the aws provider and moto."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from layer.state.outputs import parse_state
from tests.conftest import ROOT
from tests.integration.conftest import Moto, layer_cli, make_state_bucket

pytestmark = pytest.mark.integration
TREE = ROOT / "tests/fixtures/diamond/live"


def first_line_index(stdout: str, layer_id: str) -> int:
    lines = stdout.splitlines()
    return next(i for i, line in enumerate(lines) if line.startswith(f"[{layer_id}]"))


def state(moto: Moto, bucket: str, key: str) -> dict[str, object]:
    body = moto.client("s3").get_object(Bucket=bucket, Key=key)["Body"].read()  # type: ignore[attr-defined]
    parsed = parse_state(bucket, key, body)
    return {"outputs": parsed.outputs, "resources": parsed.resources}


def test_diamond_apply_outputs_flow_replan_clean_destroy_reverse(moto: Moto, tmp_path: Path) -> None:
    bucket = "diamond-state"
    make_state_bucket(moto, bucket)
    env = {"LAYER_EMULATOR_URL": moto.url, "LAYER_TEST_STATE_BUCKET": bucket, "LAYER_WORK_DIR": str(tmp_path)}

    plan = layer_cli(["run-all", "plan", str(TREE), "--json", str(tmp_path / "plan.json")], env)
    assert plan.returncode == 2, plan.stdout[-3000:] + plan.stderr
    report = json.loads((tmp_path / "plan.json").read_text())
    assert report["exit_code"] == 2
    assert report["waves"] == [["test/network"], ["test/kms", "test/sg"], ["test/storage"]]
    storage = next(x for x in report["layers"] if x["id"] == "test/storage")
    assert storage["mocked_dependencies"] == ["kms", "sg"], "plan on a fresh tree uses declared mocks"
    assert "plan used mock outputs" in plan.stdout

    apply = layer_cli(["run-all", "apply", str(TREE), "--yes", "--json", str(tmp_path / "apply.json")], env)
    assert apply.returncode == 0, apply.stdout[-3000:] + apply.stderr
    applied = json.loads((tmp_path / "apply.json").read_text())
    assert {x["status"] for x in applied["layers"]} == {"applied"}
    assert all(x["mocked_dependencies"] == [] for x in applied["layers"]), "apply never uses mocks"

    network = state(moto, bucket, "test/network/terraform.tfstate")["outputs"]
    kms = state(moto, bucket, "test/kms/terraform.tfstate")["outputs"]
    sg = state(moto, bucket, "test/sg/terraform.tfstate")["outputs"]
    store = state(moto, bucket, "test/storage/terraform.tfstate")["outputs"]
    assert isinstance(network, dict) and isinstance(kms, dict) and isinstance(sg, dict) and isinstance(store, dict)
    assert network["vpc_id"].startswith("vpc-")
    assert kms["description"] == f"state key for {network['vpc_id']}"
    assert sg["vpc_id"] == network["vpc_id"]
    assert store["kms_key_arn"] == kms["key_arn"]
    assert store["tags"] == {"SecurityGroup": sg["security_group_id"]}

    output = layer_cli(["output", str(TREE / "test/kms"), "--json"], env)
    assert output.returncode == 0, output.stderr
    assert json.loads(output.stdout)["key_arn"] == kms["key_arn"]
    assert json.loads(output.stdout)["key_policy_secret"] == "(sensitive)"
    assert "do-not-print" not in output.stdout + output.stderr
    assert "do-not-print" not in apply.stdout, "sensitive outputs never reach the streamed output"

    replan = layer_cli(["run-all", "plan", str(TREE)], env)
    assert replan.returncode == 0, replan.stdout[-3000:] + replan.stderr
    assert "4 no changes" in replan.stdout

    destroy = layer_cli(["run-all", "destroy", str(TREE), "--yes", "--parallelism", "1"], env)
    assert destroy.returncode == 0, destroy.stdout[-3000:] + destroy.stderr
    order = sorted(
        ["test/network", "test/kms", "test/sg", "test/storage"],
        key=lambda ident: first_line_index(destroy.stdout, ident),
    )
    assert order[0] == "test/storage" and order[-1] == "test/network"
    for key in ("test/network", "test/kms", "test/sg", "test/storage"):
        assert state(moto, bucket, f"{key}/terraform.tfstate")["resources"] == 0
