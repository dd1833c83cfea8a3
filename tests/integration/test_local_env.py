"""The embedded default: the emulator CLI, bootstrap as code, and the whole live/local platform."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from layer.emulator import free_port
from tests.conftest import ROOT
from tests.integration.conftest import Moto, layer_cli

pytestmark = pytest.mark.integration
LOCAL = ROOT / "live/local"


def alive(pid: int) -> bool:
    """Running (a stopped process that nobody reaped yet is a zombie: not alive)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


def enabled_layers() -> list[str]:
    """The layers of live/local that run (all but the state backend and any with `enabled: false`)."""
    names = []
    for layer_file in sorted(LOCAL.glob("*/*/layer.yaml")):
        if layer_file.parent.name != "bootstrap" and yaml.safe_load(layer_file.read_text()).get("enabled", True):
            names.append(layer_file.parent.name)
    return names


# A guard against a hang, not a target: demo up is ~10 min on a quiet 2-core machine (docs/performance.md,
# 16 layers), and in `make test` it shares the cores with the module gate. make bench times it.
DEMO_TIMEOUT = 2700


# First in this file on purpose: the integration suite runs with `-n 3 --dist loadfile`, and a worker
# is handed another file as soon as it has two tests or fewer left. With the ~10 min platform test
# first, the short tests below run after it and no other file is queued behind it on its worker.
def test_local_platform_demo_up_and_down(tmp_path: Path) -> None:
    """What `make demo` does, on a free port: bootstrap, apply, key outputs, clean re-plan; then down."""
    url = f"http://127.0.0.1:{free_port()}"
    env = {"LAYER_EMULATOR_URL": url, "LAYER_WORK_DIR": str(tmp_path)}
    try:
        up = layer_cli(["demo", "up", str(LOCAL)], env, timeout=DEMO_TIMEOUT)
        assert up.returncode == 0, up.stdout[-4000:] + up.stderr[-2000:]
        out = up.stdout
        assert "created: state in s3://local-connectly-state/local/ap-northeast-2/bootstrap/terraform.tfstate" in out
        assert 'vpc_id = "vpc-' in out
        assert 'key_arns.logs = "arn:aws:kms:ap-northeast-2:123456789012:key/' in out
        replan = out.split("a second plan must show no changes")[1]
        assert "; exit code 0" in replan, "the second plan must show no changes in any layer (exit code 0)"
        layers = enabled_layers()
        assert "atlantis" in layers, "the atlantis layer runs on the emulator (emulator patch, ADR 0022)"
        for name in layers:
            assert re.search(rf"local/ap-northeast-2/{name} +no changes ", replan), f"{name} not re-planned clean"
        status = out.split("==> status")[1]
        assert "all in sync and unlocked" in status, status[-3000:]
        in_sync = re.findall(r"^local/ap-northeast-2/(\S+) +in sync +apply .* by ", status, re.MULTILINE)
        assert sorted(in_sync) == layers, "every layer's last run (an apply, by whom) is recorded"

        again = layer_cli(["bootstrap", str(LOCAL), "-q"], env)
        assert again.returncode == 0 and ": unchanged (0 to add, 0 to change" in again.stdout, again.stdout
        check = layer_cli(["bootstrap", str(LOCAL), "--check", "-q"], env)
        assert check.returncode == 0 and ": no drift" in check.stdout, check.stdout + check.stderr

        down = layer_cli(["demo", "down", str(LOCAL)], env, timeout=DEMO_TIMEOUT)
        assert down.returncode == 0, down.stdout[-4000:] + down.stderr[-2000:]
        assert "destroyed" in down.stdout and "emulator stopped" in down.stdout
    finally:
        layer_cli(["emulator", "stop", "--state-dir", str(tmp_path)], {})


def test_emulator_start_status_stop_by_pid(tmp_path: Path) -> None:
    port = free_port()
    state = ["--state-dir", str(tmp_path)]
    started = layer_cli(["emulator", "start", "--port", str(port), *state], {})
    assert started.returncode == 0, started.stderr
    record = json.loads((tmp_path / "emulator.json").read_text())
    assert record["port"] == port and record["host"] == "127.0.0.1"
    assert alive(record["pid"])
    again = layer_cli(["emulator", "start", "--port", str(port), *state], {})
    assert again.returncode == 0 and f"pid {record['pid']}" in again.stdout, "a second start reuses the first"
    status = layer_cli(["emulator", "status", *state], {})
    assert status.returncode == 0 and "answering" in status.stdout
    stopped = layer_cli(["emulator", "stop", *state], {})
    assert stopped.returncode == 0 and f"pid {record['pid']}" in stopped.stdout
    assert not alive(record["pid"])
    assert layer_cli(["emulator", "status", *state], {}).returncode == 1


def test_check_reports_drift_of_a_hand_made_backend_without_changing_it(moto: Moto, tmp_path: Path) -> None:
    s3 = moto.client("s3")
    s3.create_bucket(
        Bucket="local-connectly-state",  # type: ignore[attr-defined]
        CreateBucketConfiguration={"LocationConstraint": "ap-northeast-2"},
    )
    env = {"LAYER_EMULATOR_URL": moto.url, "LAYER_WORK_DIR": str(tmp_path)}
    check = layer_cli(["bootstrap", str(LOCAL), "--check", "-q"], env)
    assert check.returncode == 2, check.stdout[-3000:] + check.stderr
    assert ": drift (" in check.stdout
    versioning = s3.get_bucket_versioning(Bucket="local-connectly-state")  # type: ignore[attr-defined]
    assert "Status" not in versioning, "--check changed nothing"
    listing = s3.list_objects_v2(Bucket="local-connectly-state")  # type: ignore[attr-defined]
    assert listing.get("KeyCount", 0) == 0, "--check wrote no state"
    s3.delete_bucket(Bucket="local-connectly-state")  # type: ignore[attr-defined]
