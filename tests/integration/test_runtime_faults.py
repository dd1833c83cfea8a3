"""Runtime faults on the emulator (issue 21): each test injects one and asserts the exact outcome.

- the state backend cut off at the end of an apply (errored.tfstate): refused until pushed, no duplicate;
- the backend's endpoint moved (reconfigure by itself) or its state location moved (refuse, then migrate);
- two runs of one layer at once (the work-dir lock), and a lock file left by a dead run;
- SIGTERM mid-apply (exit 143, summary and reports, lock released); SIGKILL (lock left, force-unlock);
- the `layer terraform` pass-through and its exit codes; destroy in the exact mirror of the apply order;
- an AWS error code kept in the Markdown report.
"""

from __future__ import annotations

import hashlib
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
    by_hand = layer_cli(["terraform", str(KEY_LAYER), "--", "apply", "-auto-approve"], key_env)
    no_traceback(by_hand)
    assert by_hand.returncode == 1 and "is not run: its last run could not save its state" in by_hand.stderr
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


# -- the backend's settings changed under an initialised work dir -------------------------------------------
def test_a_moved_endpoint_reconfigures_and_a_moved_state_location_needs_a_choice(
    moto: Moto, key_env: dict[str, str], tmp_path: Path
) -> None:
    bucket, description = key_env["LAYER_TEST_STATE_BUCKET"], key_env["LAYER_TEST_KEY_DESCRIPTION"]
    report = tmp_path / "report.json"
    direct = layer_cli(["apply", str(KEY_LAYER), "--yes"], {**key_env, "LAYER_BACKEND_URL": moto.url})
    assert direct.returncode == 0, direct.stdout[-3000:]
    assert state_versions(moto, bucket, KEY_STATE) == 1

    # Only the endpoint moved (the emulator through the proxy): same state, reconfigured without asking.
    moved = layer_cli(["apply", str(KEY_LAYER), "--yes", "--json", str(report)], key_env)
    no_traceback(moved)
    assert moved.returncode == 0, moved.stdout[-3000:]
    assert "Backend configuration changed" not in moved.stdout
    entry = report_of(report)["test/key"]
    assert (entry["add"], entry["change"], entry["destroy"]) == (0, 0, 0)
    assert live_keys(moto, description) == 1

    # The state location moved (another bucket): refused before Terraform starts, with the two choices.
    other = bucket[:50] + "-moved"
    make_state_bucket(moto, other)
    relocated = {**key_env, "LAYER_TEST_STATE_BUCKET": other}
    init_log = key_workdir(key_env) / "logs/apply.log"
    log_before = init_log.read_text()
    refused = layer_cli(["apply", str(KEY_LAYER), "--yes"], relocated)
    no_traceback(refused)
    assert refused.returncode == 1, refused.stdout[-3000:]
    changed = "layer test/key: the state location changed since its work dir was initialised"
    assert f"{changed} (bucket '{bucket}' -> '{other}')" in refused.stdout
    assert "--migrate-state copies the state to the new location" in refused.stdout
    assert "--reconfigure uses the new location as it is" in refused.stdout
    assert init_log.read_text() == log_before, "no Terraform process started"
    assert state_versions(moto, other, KEY_STATE) == 0

    migrated = layer_cli(["apply", str(KEY_LAYER), "--yes", "--migrate-state", "--json", str(report)], relocated)
    assert migrated.returncode == 0, migrated.stdout[-3000:]
    entry = report_of(report)["test/key"]
    assert (entry["add"], entry["change"], entry["destroy"]) == (0, 0, 0), "the migrated state holds the key"
    assert state_versions(moto, other, KEY_STATE) >= 1
    assert live_keys(moto, description) == 1


# -- two runs of one layer at once --------------------------------------------------------------------------
def test_a_second_run_of_a_busy_layer_fails_at_once_naming_the_holder(
    moto: Moto, env: dict[str, str], tmp_path: Path
) -> None:
    bucket = env["LAYER_TEST_STATE_BUCKET"]
    assert layer_cli(["apply", str(SLOW_LAYER), "--yes"], env).returncode == 0
    holder = start_layer(
        ["apply", str(SLOW_LAYER), "--yes"], {**env, "LAYER_TEST_SLOW_SECONDS": "20", "LAYER_TEST_SLOW_VALUE": "a"}
    )
    seen = read_until(holder, "Provisioning with 'local-exec'")
    busy = f"layer test/slow is being run by PID {holder.pid} on {socket.gethostname()} since "
    report = tmp_path / "plan.json"
    # A plan from run-all, and a single-layer apply with other inputs: both fail at once and touch nothing.
    plan = layer_cli(
        ["run-all", "plan", str(FAULTS_TREE / "test"), "--include", "test/slow", "--json", str(report)],
        {**env, "LAYER_TEST_SLOW_VALUE": "b"},
    )
    apply = layer_cli(["apply", str(SLOW_LAYER), "--yes"], {**env, "LAYER_TEST_SLOW_VALUE": "c"})
    assert holder.poll() is None, "both were refused while the first run still held the layer"
    for loser in (plan, apply):
        no_traceback(loser)
        assert loser.returncode == 1, loser.stdout[-3000:]
        assert busy in loser.stdout and "(apply)" in loser.stdout, loser.stdout[-3000:]
    assert report_of(report)["test/slow"]["status"] == "failed"
    rest, _ = holder.communicate(timeout=300)
    assert holder.returncode == 0, (seen + rest)[-3000:]

    state = read_object(moto, bucket, SLOW_STATE)
    assert state["outputs"] == {"value": {"value": "a", "type": "string"}}
    main_tf = (slow_workdir(env) / "main.tf.json").read_text()
    assert '"value": "a"' in main_tf, "the generated files are the first run's"
    record = read_object(moto, bucket, SLOW_STATE + ".layer.json")
    assert record["digests"]["inputs"] == hashlib.sha256(main_tf.encode() + b"\0").hexdigest()  # type: ignore[index]
    assert record["state_serial"] == state["serial"], "the run record describes what was applied"

    # A lock file left by a dead run (the kernel released its flock) does not block.
    dead = {"pid": 2**22 + 1, "host": socket.gethostname(), "since": "2026-01-01T00:00:00Z", "command": "apply"}
    (slow_workdir(env) / ".layer-run.lock").write_text(json.dumps(dead))
    after = layer_cli(["apply", str(SLOW_LAYER), "--yes"], {**env, "LAYER_TEST_SLOW_VALUE": "d"})
    assert after.returncode == 0, after.stdout[-3000:]
    assert read_object(moto, bucket, SLOW_STATE)["outputs"] == {"value": {"value": "d", "type": "string"}}


# -- SIGTERM and SIGKILL mid-apply --------------------------------------------------------------------------
def test_sigterm_stops_like_ctrl_c_with_summary_reports_and_exit_143(
    moto: Moto, env: dict[str, str], tmp_path: Path
) -> None:
    bucket = env["LAYER_TEST_STATE_BUCKET"]
    assert layer_cli(["apply", str(SLOW_LAYER), "--yes"], env).returncode == 0
    versions_before = state_versions(moto, bucket, SLOW_STATE)
    report, markdown = tmp_path / "r.json", tmp_path / "r.md"
    proc = start_layer(
        ["apply", str(SLOW_LAYER), "--yes", "--json", str(report), "--markdown", str(markdown)],
        {**env, "LAYER_TEST_SLOW_SECONDS": "120", "LAYER_TEST_SLOW_VALUE": "terminated"},
    )
    seen = read_until(proc, "Provisioning with 'local-exec'")
    assert lock_id(moto, bucket, SLOW_STATE) is not None
    proc.send_signal(signal.SIGTERM)
    rest, _ = proc.communicate(timeout=180)
    output = seen + rest
    assert proc.returncode == 143, output[-3000:]
    assert "Traceback" not in output
    assert "exit code 143" in output
    assert "terminated (SIGTERM): Terraform was asked to stop and release its locks" in output
    assert json.loads(report.read_text())["exit_code"] == 143
    assert report_of(report)["test/slow"]["status"] == "interrupted"
    assert markdown.read_text().startswith("### layer apply: exit code 143")
    assert lock_id(moto, bucket, SLOW_STATE) is None, "Terraform released the lock"
    assert state_versions(moto, bucket, SLOW_STATE) > versions_before, "Terraform saved what it did"
    after = layer_cli(["apply", str(SLOW_LAYER), "--yes"], {**env, "LAYER_TEST_SLOW_VALUE": "after"})
    assert after.returncode == 0, after.stdout[-3000:]
    assert read_object(moto, bucket, SLOW_STATE)["outputs"] == {"value": {"value": "after", "type": "string"}}


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def test_sigkill_leaves_the_lock_force_unlock_releases_it_and_the_pass_through(moto: Moto, env: dict[str, str]) -> None:
    bucket = env["LAYER_TEST_STATE_BUCKET"]
    assert layer_cli(["apply", str(SLOW_LAYER), "--yes"], env).returncode == 0
    proc = start_layer(
        ["apply", str(SLOW_LAYER), "--yes"], {**env, "LAYER_TEST_SLOW_SECONDS": "120", "LAYER_TEST_SLOW_VALUE": "x"}
    )
    read_until(proc, "Provisioning with 'local-exec'")
    held = lock_id(moto, bucket, SLOW_STATE)
    assert held is not None
    for terraform in children(proc.pid):  # the machine dies: layer, Terraform and what it started
        os.killpg(terraform, signal.SIGKILL)
    proc.kill()
    proc.communicate(timeout=60)
    assert lock_id(moto, bucket, SLOW_STATE) == held, "a killed run leaves its lock"

    blocked = layer_cli(["apply", str(SLOW_LAYER), "--yes"], env)
    assert blocked.returncode == 1 and "Error acquiring the state lock" in blocked.stdout, blocked.stdout[-3000:]
    unlock = layer_cli(["force-unlock", str(SLOW_LAYER), held], env)
    assert unlock.returncode == 0, unlock.stdout[-3000:] + unlock.stderr[-3000:]
    assert f"test/slow: state lock {held} released" in unlock.stdout
    assert lock_id(moto, bucket, SLOW_STATE) is None
    again = layer_cli(["force-unlock", str(SLOW_LAYER), held], env)
    no_traceback(again)
    assert again.returncode == 1 and f"force-unlock {held} failed" in again.stderr

    after = layer_cli(["apply", str(SLOW_LAYER), "--yes"], {**env, "LAYER_TEST_SLOW_VALUE": "after"})
    assert after.returncode == 0, after.stdout[-3000:]
    # Any Terraform subcommand, in the generated work dir with the layer's backend and credentials.
    listed = layer_cli(["terraform", str(SLOW_LAYER), "--", "state", "list"], {**env, "LAYER_TEST_SLOW_VALUE": "after"})
    assert listed.returncode == 0, listed.stdout[-3000:] + listed.stderr[-3000:]
    assert "module.this.terraform_data.step" in listed.stdout
    same = ["terraform", str(SLOW_LAYER), "--", "plan", "-detailed-exitcode", "-lock=false"]
    assert layer_cli(same, {**env, "LAYER_TEST_SLOW_VALUE": "after"}).returncode == 0
    assert layer_cli(same, {**env, "LAYER_TEST_SLOW_VALUE": "other"}).returncode == 2
    without = layer_cli(
        ["terraform", str(SLOW_LAYER), "--", "plan", "-lock=false"], {**env, "LAYER_TEST_SLOW_VALUE": "o"}
    )
    assert without.returncode == 0, "2 only from plan -detailed-exitcode"
    missing = layer_cli(["terraform", str(SLOW_LAYER), "--", "state", "show", "nothing.here"], env)
    no_traceback(missing)
    assert missing.returncode == 1 and "error: terraform state exited 1" in missing.stderr


# -- destroy mirrors apply; an AWS error code in the Markdown report ----------------------------------------
def first_seen(output: str, layers: list[str]) -> list[str]:
    positions = {layer: output.find(f"[{layer}] ") for layer in layers}
    assert all(p >= 0 for p in positions.values()), positions
    return sorted(layers, key=positions.__getitem__)


def test_destroy_runs_in_the_exact_mirror_of_the_apply_order(env: dict[str, str], tmp_path: Path) -> None:
    layers = ["test/first", "test/second", "test/slow", "test/third"]
    report = tmp_path / "destroy.json"
    apply = layer_cli(["run-all", "apply", str(FAULTS_TREE / "test"), "--yes", "-p", "1"], env)
    assert apply.returncode == 0, apply.stdout[-3000:]
    destroy = layer_cli(
        ["run-all", "destroy", str(FAULTS_TREE / "test"), "--yes", "-p", "1", "--json", str(report)], env
    )
    assert destroy.returncode == 0, destroy.stdout[-3000:]
    applied, destroyed = first_seen(apply.stdout, layers), first_seen(destroy.stdout, layers)
    assert applied == ["test/first", "test/slow", "test/second", "test/third"]
    assert destroyed == list(reversed(applied))
    data = json.loads(report.read_text())
    assert [layer["id"] for layer in data["layers"]] == destroyed
    assert data["waves"] == [["test/third"], ["test/second"], ["test/slow", "test/first"]]


def test_markdown_report_keeps_the_aws_error_code(env: dict[str, str], tmp_path: Path) -> None:
    markdown = tmp_path / "plan.md"
    missing_bucket = {**env, "LAYER_TEST_STATE_BUCKET": "no-such-bucket-" + env["LAYER_TEST_STATE_BUCKET"][-20:]}
    run = layer_cli(["plan", str(FAULTS_TREE / "test/first"), "--markdown", str(markdown)], missing_bucket)
    assert run.returncode == 1, run.stdout[-3000:]
    row = next(line for line in markdown.read_text().splitlines() if line.startswith("| `test/first`"))
    assert "StatusCode: 404" in row and "NoSuchBucket" in row, row
