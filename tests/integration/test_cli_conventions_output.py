"""Issue 14: `layer output PATH --json` for a directory of layers: every layer's outputs, read from the state
objects in the (moto) backend, keyed by layer id; sensitive values hidden, a layer never applied is null.
No Terraform runs: the state objects are written as Terraform writes them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from layer.pipeline import load
from layer.terraform.generate import state_key
from tests.conftest import ROOT
from tests.integration.conftest import Moto, faults_env, layer_cli

pytestmark = pytest.mark.integration


def terraform_state(outputs: dict[str, tuple[object, bool]]) -> bytes:
    """A state document as Terraform 1.x writes it: outputs (value, sensitive) and one resource."""
    return json.dumps(
        {
            "version": 4,
            "terraform_version": "1.11.4",
            "serial": 3,
            "lineage": "1b6a2c1e-0000-4000-8000-000000000000",
            "outputs": {
                name: {"value": value, "type": "string", "sensitive": sensitive}
                for name, (value, sensitive) in outputs.items()
            },
            "resources": [{"mode": "managed", "type": "terraform_data", "name": "step", "instances": []}],
        }
    ).encode()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "tests/fixtures/faults", tmp_path / "faults")
    return tmp_path / "faults/live/test"


def test_output_json_of_a_directory_prints_every_layers_outputs_from_state(
    moto: Moto, tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = faults_env(moto, tmp_path, "outputs")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    layers = load(tree, inputs=False).tree.layers
    s3 = moto.client("s3")
    states = {
        "test/first": {"value": ("first", False), "token": ("s3cr3t-value", True)},
        "test/second": {"value": ("after-first", False)},
    }
    for ident, outputs in states.items():
        s3.put_object(
            Bucket=env["LAYER_TEST_STATE_BUCKET"], Key=state_key(layers[ident]), Body=terraform_state(outputs)
        )  # type: ignore[attr-defined]

    run = layer_cli(["output", str(tree), "--json"], env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert json.loads(run.stdout) == {
        "test/first": {"token": "(sensitive)", "value": "first"},
        "test/second": {"value": "after-first"},
        "test/slow": None,
        "test/third": None,
    }
    assert "s3cr3t-value" not in run.stdout + run.stderr
    assert "test/third has no state yet" in run.stderr

    one_layer = layer_cli(["output", str(tree / "first"), "--json"], env)
    assert one_layer.returncode == 0, one_layer.stderr
    assert json.loads(one_layer.stdout) == {"token": "(sensitive)", "value": "first"}

    without_json = layer_cli(["output", str(tree)], env)
    assert without_json.returncode == 1
    assert f"layer output {tree} --json" in without_json.stderr and "Traceback" not in without_json.stderr
