"""Runtime faults on the emulator (issue 21): each test injects one and asserts the exact outcome.

- the state backend cut off at the end of an apply (errored.tfstate): refused until pushed, no duplicate;
- the backend's endpoint moved (reconfigure by itself) or its state location moved (refuse, then migrate);
- two runs of one layer at once (the work-dir lock), and a lock file left by a dead run;
- SIGTERM mid-apply (exit 143, summary and reports, lock released); SIGKILL (lock left, force-unlock);
- the `layer terraform` pass-through and its exit codes; destroy in the exact mirror of the apply order;
- an AWS error code kept in the Markdown report.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.integration.backend_proxy import BackendProxy
from tests.integration.conftest import LAYER_BIN, Moto, faults_env, layer_cli, make_state_bucket

pytestmark = pytest.mark.integration
BACKEND_TREE = ROOT / "tests/fixtures/backend_faults/live"
KEY_LAYER = BACKEND_TREE / "test/key"
KEY_STATE = "test/key/terraform.tfstate"
FAULTS_TREE = ROOT / "tests/fixtures/faults/live"
SLOW_LAYER = FAULTS_TREE / "test/slow"
SLOW_STATE = "test/slow/terraform.tfstate"


# -- helpers ------------------------------------------------------------------------------------------------
def key_workdir(env: dict[str, str]) -> Path:
    return Path(env["LAYER_WORK_DIR"]) / "work/live/test/key"


def slow_workdir(env: dict[str, str]) -> Path:
    return Path(env["LAYER_WORK_DIR"]) / "work/live/test/slow"


def state_versions(moto: Moto, bucket: str, key: str) -> int:
    listing = moto.client("s3").list_object_versions(Bucket=bucket, Prefix=key)  # type: ignore[attr-defined]
    return len([v for v in listing.get("Versions", []) if v["Key"] == key])


def read_object(moto: Moto, bucket: str, key: str) -> dict[str, object]:
    body = moto.client("s3").get_object(Bucket=bucket, Key=key)["Body"].read()  # type: ignore[attr-defined]
    return dict(json.loads(body))


def lock_id(moto: Moto, bucket: str, key: str) -> str | None:
    s3 = moto.client("s3")
    listing = s3.list_objects_v2(Bucket=bucket, Prefix=key + ".tflock")  # type: ignore[attr-defined]
    if not listing.get("KeyCount", 0):
        return None
    return str(read_object(moto, bucket, key + ".tflock")["ID"])


def live_keys(moto: Moto, description: str) -> int:
    """KMS keys with this description that are not scheduled for deletion."""
    kms = moto.client("kms")
    count = 0
    for key in kms.list_keys()["Keys"]:  # type: ignore[attr-defined]
        meta = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]  # type: ignore[attr-defined]
        count += meta.get("Description") == description and meta["KeyState"] == "Enabled"
    return count


def report_of(path: Path) -> dict[str, dict[str, object]]:
    return {layer["id"]: layer for layer in json.loads(path.read_text())["layers"]}


def no_traceback(run: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in run.stdout + run.stderr, run.stdout[-2000:] + run.stderr[-2000:]


def start_layer(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [LAYER_BIN, *args],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        stdin=subprocess.DEVNULL,
    )


def read_until(proc: subprocess.Popen[str], marker: str, timeout: float = 240) -> str:
    """Read the process's output up to the line holding `marker` (an event in the run, not a guessed delay)."""
    assert proc.stdout is not None
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    for line in proc.stdout:
        seen.append(line)
        if marker in line:
            return "".join(seen)
        assert time.monotonic() < deadline, "".join(seen)[-3000:]
    raise AssertionError(f"{marker!r} never came:\n" + "".join(seen)[-3000:])


@pytest.fixture
def proxy(moto: Moto) -> Iterator[BackendProxy]:
    backend = BackendProxy(moto.url)
    backend.start()
    yield backend
    backend.close()


@pytest.fixture
def key_env(moto: Moto, tmp_path: Path, proxy: BackendProxy) -> dict[str, str]:
    env = faults_env(moto, tmp_path, "backend")
    return {
        **env,
        "LAYER_BACKEND_URL": proxy.url,
        "LAYER_TEST_KEY_DESCRIPTION": f"key-{env['LAYER_TEST_STATE_BUCKET']}",
    }


@pytest.fixture
def env(moto: Moto, tmp_path: Path) -> dict[str, str]:
    return faults_env(moto, tmp_path, "runtime")


# -- the state backend cut off at the end of an apply -------------------------------------------------------
def test_unsaved_state_is_reported_refused_and_pushed_without_duplicates(
    moto: Moto, key_env: dict[str, str], proxy: BackendProxy, tmp_path: Path
) -> None:
    bucket, description = key_env["LAYER_TEST_STATE_BUCKET"], key_env["LAYER_TEST_KEY_DESCRIPTION"]
    errored = key_workdir(key_env) / "errored.tfstate"
    report = tmp_path / "report.json"
    # The hook runs once the key exists: it takes the backend down, so Terraform cannot save the state.
    cut = layer_cli(
        ["apply", str(KEY_LAYER), "--yes", "--json", str(report)], {**key_env, "LAYER_TEST_HOOK": proxy.cut_command()}
    )
    no_traceback(cut)
    assert cut.returncode == 1, cut.stdout[-3000:] + cut.stderr[-3000:]
    assert proxy.cuts == 1
    assert errored.is_file()
    assert "Failed to save state" in cut.stdout
    entry = report_of(report)["test/key"]
    assert entry["status"] == "state not saved"
    assert entry["errored_state"] == str(errored)
    assert "Failed to save state" in str(entry["message"]) and "layer state-push" in str(entry["message"])
    assert live_keys(moto, description) == 1
    assert state_versions(moto, bucket, KEY_STATE) == 0, "the backend never got the state"
    held = lock_id(moto, bucket, KEY_STATE)
    assert held is not None, "the failed run could not release its lock either"
    assert "layer force-unlock" in str(entry["message"]), "the summary says to release the lock"

    # The backend is back: running the layer is refused (it would create a second key) until recovered.
    proxy.start()
    refused = layer_cli(["apply", str(KEY_LAYER), "--yes"], key_env)
    no_traceback(refused)
    assert refused.returncode == 1
    assert f"layer test/key is not run: its last run could not save its state, which is only in {errored}" in (
        refused.stdout
    )
    assert f"`layer force-unlock {KEY_LAYER} {held}`" in refused.stdout, "the refusal names the lock to release"
    assert f"`layer state-push {KEY_LAYER}`" in refused.stdout
    assert live_keys(moto, description) == 1

    # Recovery, as docs/troubleshooting.md gives it: the push needs the lock, so release it first.
    locked_push = layer_cli(["state-push", str(KEY_LAYER)], key_env)
    assert locked_push.returncode == 1, locked_push.stdout[-2000:]
    assert f"layer force-unlock {KEY_LAYER} {held}" in locked_push.stderr
    assert errored.is_file() and state_versions(moto, bucket, KEY_STATE) == 0
    unlock = layer_cli(["force-unlock", str(KEY_LAYER), held], key_env)
    assert unlock.returncode == 0, unlock.stdout[-2000:] + unlock.stderr[-2000:]
    assert lock_id(moto, bucket, KEY_STATE) is None
    push = layer_cli(["state-push", str(KEY_LAYER)], key_env)
    assert push.returncode == 0, push.stdout[-2000:] + push.stderr[-2000:]
    assert not errored.exists()
    assert len(list(errored.parent.glob("errored.tfstate.pushed-*"))) == 1
    assert state_versions(moto, bucket, KEY_STATE) == 1
    pushed = read_object(moto, bucket, KEY_STATE)
    assert {r["type"] for r in pushed["resources"]} == {"aws_kms_key", "terraform_data"}  # type: ignore[attr-defined]

    rerun = layer_cli(["apply", str(KEY_LAYER), "--yes", "--json", str(report)], key_env)
    assert rerun.returncode == 0, rerun.stdout[-3000:]
    entry = report_of(report)["test/key"]
    assert (entry["status"], entry["add"], entry["change"], entry["destroy"]) == ("applied", 0, 0, 0)
    assert live_keys(moto, description) == 1, "no second key"
    assert lock_id(moto, bucket, KEY_STATE) is None
