"""`layer status` and `layer apply --saved-plan` against the emulator, with real Terraform.

The faults fixture (terraform_data only) is copied per test, so a test can change a module or an input
and see what status makes of it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.integration.conftest import LAYER_BIN, Moto, faults_env, layer_cli

pytestmark = pytest.mark.integration
TROUBLESHOOTING = (ROOT / "docs/troubleshooting.md").read_text()


def normalise(text: str) -> str:
    text = re.sub(r"(?<![\w.])/?(?:[\w.-]+/)+[\w.-]+\.yaml", "FILE.yaml", text)
    return re.sub(r"`layer plan (?:/?[\w.-]+/)*(\w+)`", r"`layer plan .../\1`", text)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "tests/fixtures/faults", tmp_path / "faults")
    return tmp_path / "faults/live/test"


@pytest.fixture
def env(moto: Moto, tmp_path: Path) -> dict[str, str]:
    return {
        **faults_env(moto, tmp_path, "status"),
        "LAYER_ACTOR": "",
        "USER_NAME": "alice",  # what Atlantis sets: the user who commented
        "PULL_NUM": "42",
        "HEAD_COMMIT": "0123456789abcdef0123",
    }


def status(tree: Path, env: dict[str, str], *args: str) -> tuple[int, dict[str, dict[str, object]], str]:
    run = layer_cli(["status", str(tree), "--json", "-", *args], env)
    assert run.returncode in (0, 2), run.stdout + run.stderr
    layers = {entry["layer"]: entry for entry in json.loads(run.stdout)["layers"]}
    return run.returncode, layers, run.stdout


def test_status_follows_applies_changes_and_out_of_band_writes(moto: Moto, env: dict[str, str], tree: Path) -> None:
    code, layers, _ = status(tree, env, "--exclude", "test/slow")
    assert code == 2
    assert {name: s["verdict"] for name, s in layers.items()} == dict.fromkeys(
        ["test/first", "test/second", "test/third"], "not applied"
    )

    applied = layer_cli(["run-all", "apply", str(tree), "--yes", "--exclude", "test/slow", "-q"], env)
    assert applied.returncode == 0, applied.stdout[-3000:]
    code, layers, _ = status(tree, env, "--exclude", "test/slow")
    assert code == 0, layers
    for entry in layers.values():
        assert entry["verdict"] == "in sync"
        assert entry["lock"] == "unlocked"
        assert str(entry["last_run"]).startswith("apply 20")
        assert "by alice via atlantis (PR 42, 0123456789ab)" in str(entry["last_run"])
    record = moto.client("s3").get_object(  # type: ignore[attr-defined]
        Bucket=env["LAYER_TEST_STATE_BUCKET"], Key="test/first/terraform.tfstate.layer.json"
    )
    assert json.loads(record["Body"].read())["changes"] == {"add": 1, "change": 0, "destroy": 0}

    # An input of `second` changes in the tree: second is pending, the others are not.
    second = tree / "second/layer.yaml"
    second.write_text(second.read_text().replace("after-${dependency", "later-${dependency"))
    code, layers, _text = status(tree, env, "--exclude", "test/slow")
    assert code == 2
    assert layers["test/second"]["verdict"] == "pending"
    assert "inputs changed" in str(layers["test/second"]["detail"])
    assert layers["test/first"]["verdict"] == layers["test/third"]["verdict"] == "in sync"
    # The module every layer uses changes: all pending on 'module'.
    module = tree.parent.parent / "modules/step/main.tf"
    module.write_text(module.read_text() + "\n# a comment is a change of the module's files\n")
    _, layers, _ = status(tree, env, "--exclude", "test/slow")
    assert layers["test/first"]["verdict"] == "pending"
    assert "module changed" in str(layers["test/first"]["detail"])
    assert layers["test/second"]["detail"].startswith("inputs, module changed")  # type: ignore[union-attr]

    # Terraform run by hand in first's work dir (not through layer): the state serial moves on.
    workdir = Path(env["LAYER_WORK_DIR"]) / "work/live/test/first"
    cli_config = Path(env["LAYER_WORK_DIR"]) / "terraformrc"
    by_hand = subprocess.run(
        ["terraform", "apply", "-auto-approve", "-no-color", "-replace=module.this.terraform_data.step"],
        cwd=workdir,
        env={
            **os.environ,
            "TF_CLI_CONFIG_FILE": str(cli_config),
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
        },
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert by_hand.returncode == 0, by_hand.stdout[-2000:] + by_hand.stderr[-2000:]
    _, layers, _ = status(tree, env, "--exclude", "test/slow")
    assert layers["test/first"]["verdict"] == "changed outside layer"


def test_status_shows_who_holds_the_lock(env: dict[str, str], tree: Path) -> None:
    slow_env = {**env, "LAYER_TEST_SLOW_SECONDS": "25", "LAYER_TEST_SLOW_VALUE": "slow"}
    proc = subprocess.Popen(
        [LAYER_BIN, "apply", str(tree / "slow"), "--yes"],
        env={**os.environ, **slow_env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert proc.stdout is not None
    seen = []
    deadline = time.monotonic() + 180
    for line in proc.stdout:
        seen.append(line)
        if "Provisioning with 'local-exec'" in line or time.monotonic() > deadline:
            break
    try:
        code, layers, _text = status(tree, slow_env, "--include", "test/slow")
        assert code == 2
        assert layers["test/slow"]["locked"] is True, "".join(seen)[-2000:]
        assert "s3 lockfile: locked by" in str(layers["test/slow"]["lock"])
        assert "(apply)" in str(layers["test/slow"]["lock"])
        assert "need attention (test/slow)" in layer_cli(["status", str(tree / "slow")], slow_env).stdout
    finally:
        rest, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, "".join(seen)[-2000:] + rest[-2000:]
    code, layers, _ = status(tree, slow_env, "--include", "test/slow")
    assert (code, layers["test/slow"]["verdict"], layers["test/slow"]["locked"]) == (0, "in sync", False)


def test_apply_saved_plan_applies_what_was_planned_or_refuses(env: dict[str, str], tree: Path) -> None:
    first = str(tree / "first")
    missing = layer_cli(["apply", first, "--yes", "--saved-plan"], env)
    assert missing.returncode == 1
    assert "test/first has no saved plan to apply" in missing.stdout + missing.stderr
    # docs/troubleshooting.md quotes the message as users get it.
    quoted = [line.strip() for line in missing.stdout.splitlines() if line.strip().startswith(("error:", "hint:"))]
    assert len(quoted) == 2, missing.stdout
    for line in quoted:
        assert normalise(line) in normalise(TROUBLESHOOTING), f"docs/troubleshooting.md does not quote: {line}"

    planned = layer_cli(["plan", first, "-q"], env)
    assert planned.returncode == 2, planned.stdout[-2000:]
    applied = layer_cli(["apply", first, "--yes", "--saved-plan", "-q"], env)
    assert applied.returncode == 0, applied.stdout[-3000:]
    assert "applied" in applied.stdout
    again = layer_cli(["apply", first, "--yes", "--saved-plan"], env)
    assert again.returncode == 1, "a saved plan is applied once"
    assert "no saved plan" in again.stdout

    planned = layer_cli(["plan", first, "-q"], env)
    assert planned.returncode == 0, planned.stdout[-2000:]  # no changes: still a plan to apply
    layer_file = tree / "first/layer.yaml"
    layer_file.write_text(layer_file.read_text().replace("value: first", "value: changed-after-review"))
    stale = layer_cli(["apply", first, "--yes", "--saved-plan"], env)
    assert stale.returncode == 1
    assert "the saved plan" in stale.stdout and "is stale: inputs changed since" in stale.stdout
    _code, layers, _ = status(tree, env, "--include", "test/first")
    assert layers["test/first"]["verdict"] == "pending", "the refused apply changed nothing"
