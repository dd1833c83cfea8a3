"""Locking and faults against the emulator: concurrent applies, Ctrl-C, a failure and its resumption.

Concurrent runs on one machine (one work dir), SIGTERM, SIGKILL and a backend cut off: test_runtime_faults.py."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.integration.conftest import LAYER_BIN, Moto, faults_env, layer_cli

pytestmark = pytest.mark.integration
TREE = ROOT / "tests/fixtures/faults/live"
SLOW_KEY = "test/slow/terraform.tfstate"


@pytest.fixture
def env(moto: Moto, tmp_path: Path) -> dict[str, str]:
    return faults_env(moto, tmp_path, "faults")


def versions(moto: Moto, bucket: str, key: str) -> list[dict[str, object]]:
    listing = moto.client("s3").list_object_versions(Bucket=bucket, Prefix=key)  # type: ignore[attr-defined]
    return [v for v in listing.get("Versions", []) if v["Key"] == key]


def read_state(moto: Moto, bucket: str, key: str) -> dict[str, object]:
    body = moto.client("s3").get_object(Bucket=bucket, Key=key)["Body"].read()  # type: ignore[attr-defined]
    return dict(json.loads(body))


def lock_exists(moto: Moto, bucket: str, key: str) -> bool:
    listing = moto.client("s3").list_objects_v2(Bucket=bucket, Prefix=key + ".tflock")  # type: ignore[attr-defined]
    return bool(listing.get("KeyCount", 0))


def start_apply(
    env: dict[str, str], extra: list[str] | None = None, sigint_ignored: bool = False
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [LAYER_BIN, "apply", str(TREE / "test/slow"), "--yes", *(extra or [])],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        stdin=subprocess.DEVNULL,
        # As a background job of a non-interactive shell (a CI runner) starts it: SIGINT ignored.
        preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if sigint_ignored else None,
    )


def wait_for_lock(moto: Moto, bucket: str, key: str, proc: subprocess.Popen[str], timeout: float = 240) -> None:
    """Until the run holds the state lock (the lock object appears), or fails if the run ends first."""
    deadline = time.monotonic() + timeout
    while not lock_exists(moto, bucket, key):
        assert proc.poll() is None, "the run ended before it took the lock"
        assert time.monotonic() < deadline, "the run never took the lock"
        time.sleep(0.1)  # polling the bucket for the event, not guessing how long it takes


def test_concurrent_applies_from_two_machines_one_waits_or_fails_state_intact(
    moto: Moto, env: dict[str, str], tmp_path: Path
) -> None:
    """Two machines (two work dirs) apply one layer: Terraform's state lock decides; either may win."""
    bucket = env["LAYER_TEST_STATE_BUCKET"]
    other = {**env, "LAYER_WORK_DIR": str(tmp_path / "other-machine")}
    for machine in (env, other):  # init once on each, so both start equal
        first = layer_cli(["apply", str(TREE / "test/slow"), "--yes"], machine)
        assert first.returncode == 0, first.stdout[-2000:]
    slow = {"LAYER_TEST_SLOW_SECONDS": "12", "LAYER_TEST_SLOW_VALUE": "two"}
    a, b = start_apply({**env, **slow}), start_apply({**other, **slow})
    out_a, _ = a.communicate(timeout=300)
    out_b, _ = b.communicate(timeout=300)
    codes = sorted([a.returncode, b.returncode])
    assert codes == [0, 1], out_a[-2000:] + out_b[-2000:]
    loser = out_a if a.returncode == 1 else out_b
    assert "Error acquiring the state lock" in loser
    state = read_state(moto, bucket, SLOW_KEY)
    assert state["outputs"] == {"value": {"value": "two", "type": "string"}}
    assert len(versions(moto, bucket, SLOW_KEY)) >= 2, "every state version is kept (bucket versioning)"
    assert not lock_exists(moto, bucket, SLOW_KEY)

    # With --lock-timeout the second run waits for the lock instead of failing. It starts once the first
    # one holds the lock (the lock object is in the bucket), not after a guessed delay.
    a = start_apply({**env, "LAYER_TEST_SLOW_SECONDS": "8", "LAYER_TEST_SLOW_VALUE": "three"})
    wait_for_lock(moto, bucket, SLOW_KEY, a)
    b = start_apply(
        {**other, "LAYER_TEST_SLOW_VALUE": "four", "LAYER_TEST_SLOW_SECONDS": "0"}, ["--lock-timeout", "180s"]
    )
    out_a, _ = a.communicate(timeout=300)
    out_b, _ = b.communicate(timeout=300)
    assert (a.returncode, b.returncode) == (0, 0), out_a[-2000:] + out_b[-2000:]
    assert read_state(moto, bucket, SLOW_KEY)["outputs"] == {"value": {"value": "four", "type": "string"}}
    assert not lock_exists(moto, bucket, SLOW_KEY)


def test_sigint_releases_the_lock_and_the_next_apply_succeeds(moto: Moto, env: dict[str, str], tmp_path: Path) -> None:
    bucket = env["LAYER_TEST_STATE_BUCKET"]
    assert layer_cli(["apply", str(TREE / "test/slow"), "--yes"], env).returncode == 0
    report, markdown = tmp_path / "r.json", tmp_path / "r.md"
    proc = start_apply(
        {**env, "LAYER_TEST_SLOW_SECONDS": "60", "LAYER_TEST_SLOW_VALUE": "interrupted"},
        ["--json", str(report), "--markdown", str(markdown)],
        sigint_ignored=True,
    )
    assert proc.stdout is not None
    seen = []
    deadline = time.monotonic() + 180
    for line in proc.stdout:
        seen.append(line)
        if "Provisioning with 'local-exec'" in line or time.monotonic() > deadline:
            break
    assert lock_exists(moto, bucket, SLOW_KEY), "the apply holds the lock while it runs:\n" + "".join(seen)[-3000:]
    proc.send_signal(signal.SIGINT)
    rest, _ = proc.communicate(timeout=120)
    output = "".join(seen) + rest
    assert proc.returncode == 130, output[-3000:]
    assert "interrupted: Terraform was asked to stop and release its locks" in output
    assert "exit code 130" in output and "exit code 1\n" not in output, "the summary says the code it exits with"
    assert json.loads(report.read_text())["exit_code"] == 130
    assert markdown.read_text().startswith("### layer apply: exit code 130")
    assert not lock_exists(moto, bucket, SLOW_KEY), "Terraform released the lock on the forwarded SIGINT"
    after = layer_cli(["apply", str(TREE / "test/slow"), "--yes"], {**env, "LAYER_TEST_SLOW_VALUE": "after"})
    assert after.returncode == 0, after.stdout[-3000:]
    assert read_state(moto, bucket, SLOW_KEY)["outputs"] == {"value": {"value": "after", "type": "string"}}


def test_failed_layer_stops_dependents_and_rerun_completes_the_rest(moto: Moto, env: dict[str, str]) -> None:
    tree = TREE / "test"
    failing = {**env, "LAYER_TEST_FAIL_SECOND": "true"}
    run = layer_cli(
        ["run-all", "apply", str(tree), "--yes", "--exclude", "test/slow", "--json", "r1.json"],
        failing,
        cwd=Path(env["LAYER_WORK_DIR"]).parent,
    )
    assert run.returncode == 1, run.stdout[-3000:]
    report = {x["id"]: x for x in json.loads((Path(env["LAYER_WORK_DIR"]).parent / "r1.json").read_text())["layers"]}
    assert report["test/first"]["status"] == "applied"
    assert report["test/second"]["status"] == "failed"
    assert "step failed on purpose" in run.stdout
    assert report["test/third"]["status"] == "skipped"
    assert "test/second did not succeed" in report["test/third"]["message"]

    rerun = layer_cli(
        ["run-all", "apply", str(tree), "--yes", "--exclude", "test/slow", "--json", "r2.json"],
        env,
        cwd=Path(env["LAYER_WORK_DIR"]).parent,
    )
    assert rerun.returncode == 0, rerun.stdout[-3000:]
    report = {x["id"]: x for x in json.loads((Path(env["LAYER_WORK_DIR"]).parent / "r2.json").read_text())["layers"]}
    assert (report["test/first"]["add"], report["test/first"]["change"], report["test/first"]["destroy"]) == (
        0,
        0,
        0,
    ), "what was applied before is not touched"
    assert report["test/second"]["status"] == report["test/third"]["status"] == "applied"
    third = read_state(moto, env["LAYER_TEST_STATE_BUCKET"], "test/third/terraform.tfstate")
    assert third["outputs"] == {"value": {"value": "after-after-first", "type": "string"}}
