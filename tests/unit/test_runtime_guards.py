"""The guards a run passes before Terraform starts: the work-dir lock, unsaved state, a moved backend."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from layer.cli.terraform_cmd import pass_through_code
from layer.errors import StateError
from layer.plan.actions import backend_init_args, check_state_saved, location_changes, refuse_errored_state
from layer.plan.runlock import RUN_LOCK_FILE, WorkDirBusyError, work_dir_lock
from layer.terraform.generate import WorkDir

HOLD = """
import fcntl, json, os, sys
handle = open(sys.argv[1], "a+")
fcntl.flock(handle, fcntl.LOCK_EX)
handle.seek(0); handle.truncate()
handle.write(json.dumps({"pid": os.getpid(), "host": sys.argv[2], "since": "2026-12-03T09:00:00Z", "command": "apply"}))
handle.flush()
print("held", flush=True)
sys.stdin.read()
"""


def test_a_held_work_dir_fails_at_once_naming_the_holder_then_frees_when_it_dies(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path / RUN_LOCK_FILE), socket.gethostname()],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with pytest.raises(WorkDirBusyError) as busy, work_dir_lock("test/slow", tmp_path, "plan"):
            pytest.fail("the lock was taken twice")
        expected = (
            f"layer test/slow is being run by PID {holder.pid} on {socket.gethostname()} "
            "since 2026-12-03T09:00:00Z (apply)"
        )
        assert busy.value.message == expected
        assert busy.value.exit_code == 1
    finally:
        holder.kill()
        holder.wait()
    # The holder died: the kernel released its flock; the file it left (its PID, now dead) does not block.
    with work_dir_lock("test/slow", tmp_path, "apply") as mine:
        recorded = json.loads((tmp_path / RUN_LOCK_FILE).read_text())
        assert recorded["pid"] == mine.pid and recorded["command"] == "apply"


def test_the_work_dir_lock_is_released_after_the_block_and_on_errors(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), work_dir_lock("a", tmp_path, "apply"):
        raise RuntimeError("boom")
    with work_dir_lock("a", tmp_path, "apply"):
        pass


def test_only_reading_unlocking_and_pushing_pass_while_a_state_waits_to_be_pushed() -> None:
    from layer.cli.terraform_cmd import recovers

    assert recovers(("force-unlock", "-force", "ID")) and recovers(("state", "push", "errored.tfstate"))
    assert recovers(("state", "list")) and recovers(("-chdir=x", "output"))
    assert not recovers(("apply", "-auto-approve")) and not recovers(("state", "rm", "x"))
    assert not recovers(("import", "a", "b")) and not recovers(("plan",))


@pytest.mark.parametrize(
    ("args", "returncode", "expected"),
    [
        (["state", "list"], 0, 0),
        (["plan", "-detailed-exitcode"], 2, 2),
        (["plan"], 2, 1),
        (["state", "show", "x"], 2, 1),
        (["apply"], 1, 1),
        (["force-unlock", "ID"], 127, 1),
    ],
)
def test_pass_through_exit_codes_keep_the_contract(args: list[str], returncode: int, expected: int) -> None:
    assert pass_through_code(tuple(args), returncode) == expected


# -- errored.tfstate -------------------------------------------------------------------------------------------
class FakeLayer:
    id = "test/key"
    dir = Path("/tree/live/test/key")
    file = Path("/tree/live/test/key/layer.yaml")

    def location(self, key_path: tuple[str, ...]) -> Any:
        from layer.errors import Location

        return Location(self.file, 1, ".".join(key_path))


def workdir(path: Path, backend: dict[str, Any] | None = None) -> WorkDir:
    return WorkDir("test/key", path, backend or {"bucket": "b", "key": "test/key/terraform.tfstate"}, {})


def test_an_errored_state_refuses_the_run_and_names_the_recovery(tmp_path: Path) -> None:
    refuse_errored_state(FakeLayer(), workdir(tmp_path), {})  # type: ignore[arg-type]
    (tmp_path / "errored.tfstate").write_text("{}")
    with pytest.raises(StateError) as refused:
        # no backend answers here: the hint still gives the steps, with LOCK_ID to fill in
        refuse_errored_state(FakeLayer(), workdir(tmp_path, {"bucket": "b", "key": "k"}), {})  # type: ignore[arg-type]
    text = refused.value.render()
    assert f"its last run could not save its state, which is only in {tmp_path / 'errored.tfstate'}" in text
    assert "`layer force-unlock /tree/live/test/key LOCK_ID`" in text
    assert "`layer state-push /tree/live/test/key`" in text


def test_a_failed_apply_with_errored_state_becomes_state_not_saved(tmp_path: Path) -> None:
    check_state_saved(FakeLayer(), tmp_path, "apply", "Error: boom")  # type: ignore[arg-type]  # no file: nothing
    (tmp_path / "errored.tfstate").write_text("{}")
    with pytest.raises(Exception) as failed:
        check_state_saved(FakeLayer(), tmp_path, "apply", "Error: Failed to save state\n\ndetail\n")  # type: ignore[arg-type]
    assert getattr(failed.value, "path", None) == tmp_path / "errored.tfstate"
    assert "Failed to save state" in str(failed.value)


# -- a backend that moved under an initialised work dir -------------------------------------------------------
def saved(path: Path, config: dict[str, Any], kind: str = "s3") -> None:
    (path / ".terraform").mkdir(exist_ok=True)
    (path / ".terraform/terraform.tfstate").write_text(json.dumps({"backend": {"type": kind, "config": config}}))


BACKEND = {"bucket": "b", "key": "test/key/terraform.tfstate", "region": "ap-northeast-2"}


def test_only_the_endpoint_moved_reconfigures(tmp_path: Path) -> None:
    assert backend_init_args(FakeLayer(), workdir(tmp_path, BACKEND), "") == []  # type: ignore[arg-type]
    saved(tmp_path, {**BACKEND, "endpoints": {"s3": "http://old:1"}, "workspace_key_prefix": None})
    wanted = {**BACKEND, "endpoints": {"s3": "http://new:2"}}
    assert backend_init_args(FakeLayer(), workdir(tmp_path, wanted), "") == ["-reconfigure"]  # type: ignore[arg-type]


@pytest.mark.parametrize("moved", [{"bucket": "c"}, {"key": "other/terraform.tfstate"}, {"region": "us-east-1"}])
def test_a_moved_state_location_needs_a_choice(tmp_path: Path, moved: dict[str, str]) -> None:
    saved(tmp_path, BACKEND)
    wanted = workdir(tmp_path, {**BACKEND, **moved})
    with pytest.raises(StateError) as refused:
        backend_init_args(FakeLayer(), wanted, "")  # type: ignore[arg-type]
    assert "the state location changed since its work dir was initialised" in refused.value.message
    assert "--migrate-state" in str(refused.value.hint) and "--reconfigure" in str(refused.value.hint)
    assert backend_init_args(FakeLayer(), wanted, "migrate-state") == ["-migrate-state", "-force-copy"]  # type: ignore[arg-type]
    assert backend_init_args(FakeLayer(), wanted, "reconfigure") == ["-reconfigure"]  # type: ignore[arg-type]


def test_a_work_dir_on_local_state_or_broken_metadata_is_left_to_terraform(tmp_path: Path) -> None:
    saved(tmp_path, {"path": "x.tfstate"}, kind="local")  # bootstrap's first run
    assert backend_init_args(FakeLayer(), workdir(tmp_path, BACKEND), "") == []  # type: ignore[arg-type]
    (tmp_path / ".terraform/terraform.tfstate").write_text("not json")
    assert backend_init_args(FakeLayer(), workdir(tmp_path, BACKEND), "") == []  # type: ignore[arg-type]
    assert location_changes({"workspace_key_prefix": None}, {}) == []


# -- docs/troubleshooting.md quotes these messages as they are -------------------------------------------------
DOC = (Path(__file__).parents[2] / "docs/troubleshooting.md").read_text()


def normalised(text: str) -> str:
    text = re.sub(r"\S*/(errored\.tfstate|\.layer-run\.lock)\b", r"DIR/\1", text)
    text = re.sub(r"`layer (force-unlock|state-push) \S+", r"`layer \1 LAYER", text)
    text = re.sub(r"PID \d+ on \S+ since \S+", "PID N on HOST since T", text)
    return re.sub(r"\S+\.yaml:\d+ \(backend\)", "FILE.yaml:N (backend)", text)


def assert_quoted(rendered: str) -> None:
    doc = normalised(DOC)
    for line in rendered.splitlines():
        assert normalised(line.strip()) in doc, f"docs/troubleshooting.md does not quote:\n{line}"


def test_troubleshooting_quotes_the_runtime_fault_messages(tmp_path: Path) -> None:
    from layer.plan.stop import EXIT_INTERRUPTED, EXIT_TERMINATED, describe

    with pytest.raises(WorkDirBusyError) as busy:
        from layer.plan.runlock import Holder, _busy

        raise _busy("test/slow", tmp_path / RUN_LOCK_FILE, Holder(4242, "ci-runner-7", "2026-12-03T09:20:00Z", "apply"))
    assert_quoted(busy.value.render())

    (tmp_path / "errored.tfstate").write_text("{}")
    with pytest.raises(StateError) as refused:
        refuse_errored_state(FakeLayer(), workdir(tmp_path, {"bucket": "b", "key": "k"}), {})  # type: ignore[arg-type]
    assert_quoted(refused.value.render().splitlines()[0])

    saved(tmp_path, {**BACKEND, "bucket": "acme-state"})
    with pytest.raises(StateError) as moved:
        backend_init_args(FakeLayer(), workdir(tmp_path, {**BACKEND, "bucket": "acme-state-2"}), "")  # type: ignore[arg-type]
    assert_quoted(moved.value.render())

    for code in (EXIT_INTERRUPTED, EXIT_TERMINATED):
        assert_quoted(f"{describe(code)}: Terraform was asked to stop and release its locks")


# -- the pass-through's own errors: one clear line, the contract's codes, no Terraform for a config error ------
LAYER_BIN = str(Path(sys.executable).parent / "layer")
FAULTS = Path(__file__).parents[2] / "tests/fixtures/faults/live"


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["terraform", str(FAULTS / "test"), "--", "version"], 1, "test is not a layer"),
        (["force-unlock", str(FAULTS / "test"), "ID"], 1, "test is not a layer"),
        (["terraform", str(FAULTS / "test/first")], 64, "Missing argument 'ARGS...'"),
        (["force-unlock", str(FAULTS / "test/first")], 64, "Missing argument 'LOCK_ID'"),
        (["state-push", str(FAULTS / "test/nothing")], 64, "does not exist"),
    ],
)
def test_pass_through_usage_and_config_errors(tmp_path: Path, args: list[str], code: int, says: str) -> None:
    run = subprocess.run(
        [LAYER_BIN, *args],
        env={**os.environ, "LAYER_WORK_DIR": str(tmp_path / "work")},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert run.returncode == code, run.stdout + run.stderr
    assert says in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "work/work").exists(), "nothing generated, no Terraform started"
