"""The adapter's capture-with-timeout mode, and the module gate starting Terraform only through it
(the binary named by LAYER_TERRAFORM_BIN, like run-all)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from layer.errors import LayerError
from layer.gate import run_gate
from layer.terraform.adapter import NOT_STARTED, TERRAFORM_ENV, TIMED_OUT, capture, terraform_binary
from tests.unit.test_gate import tiny_module

PYTHON = sys.executable
LAYER = Path(sys.executable).parent / "layer"


@pytest.fixture(autouse=True)
def _no_interface_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAYER_CACHE_DIR", "off")


def test_capture_keeps_stdout_then_stderr_when_asked(tmp_path: Path) -> None:
    script = "import sys; print('out'); print('err', file=sys.stderr); sys.exit(3)"
    run = capture([PYTHON, "-c", script], tmp_path, dict(os.environ), 60, stderr_last=True)
    assert run.returncode == 3
    assert run.output == "out\n\nerr\n"


def test_capture_kills_the_whole_process_group_at_the_timeout(tmp_path: Path) -> None:
    """A child that outlives its parent (terraform's provider plugins) is killed with it."""
    pid_file = tmp_path / "grandchild.pid"
    script = textwrap.dedent(
        f"""\
        import subprocess, sys, time
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
        open({str(pid_file)!r}, "w").write(str(child.pid))
        print("started", flush=True)
        time.sleep(600)
        """
    )
    started = time.monotonic()
    run = capture([PYTHON, "-c", script], tmp_path, dict(os.environ), 3)
    assert time.monotonic() - started < 60
    assert run.returncode == TIMED_OUT
    assert "started" in run.output
    assert "(killed after 3s)" in run.output
    grandchild = int(pid_file.read_text())
    assert _gone(grandchild), "the grandchild survived the timeout"


def _gone(pid: int) -> bool:
    """True once `pid` no longer runs (a zombie awaiting its reaper counts as gone)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        except OSError:
            return True
        if state == "Z":
            return True
        time.sleep(0.05)
    return False


def test_capture_of_a_missing_command_says_so(tmp_path: Path) -> None:
    run = capture([str(tmp_path / "no-such-binary"), "version"], tmp_path, dict(os.environ), 60)
    assert run.returncode == NOT_STARTED
    assert f"cannot run {tmp_path / 'no-such-binary'}" in run.output


def test_terraform_binary_is_layer_terraform_bin_when_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TERRAFORM_ENV, "/opt/tf/terraform-1.11")
    assert terraform_binary() == "/opt/tf/terraform-1.11"
    monkeypatch.delenv(TERRAFORM_ENV)
    assert terraform_binary() == "terraform"


def test_gate_refuses_a_layer_terraform_bin_that_does_not_exist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "bin" / "terraform"
    monkeypatch.setenv(TERRAFORM_ENV, str(missing))
    module = tiny_module(tmp_path / "modules" / "tiny")
    with pytest.raises(LayerError) as info:
        run_gate([module], root=tmp_path, jobs=1, checkov=False, echo=lambda _: None)
    assert str(missing) in info.value.render()
    assert TERRAFORM_ENV in info.value.render()


def test_layer_modules_test_with_a_missing_terraform_bin_exits_1_without_a_traceback(tmp_path: Path) -> None:
    tiny_module(tmp_path / "modules" / "tiny")
    missing = tmp_path / "bin" / "terraform"
    env = {**os.environ, TERRAFORM_ENV: str(missing), "LAYER_CACHE_DIR": "off"}
    proc = subprocess.run(
        [str(LAYER), "modules", "test", "--no-checkov"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert str(missing) in proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert not (tmp_path / ".layer" / "gate").exists() or not any((tmp_path / ".layer" / "gate").iterdir())


@pytest.mark.terraform
@pytest.mark.skipif(shutil.which("terraform") is None, reason="terraform not on PATH")
def test_gate_runs_the_terraform_named_by_layer_terraform_bin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A wrapper that records each call, then runs the real Terraform: every gate step goes through it."""
    calls = tmp_path / "calls.log"
    wrapper = tmp_path / "bin" / "terraform-wrapped"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\necho "$1" >> {calls}\nexec {shutil.which("terraform")} "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv(TERRAFORM_ENV, str(wrapper))
    module = tiny_module(tmp_path / "modules" / "tiny")
    lines: list[str] = []
    report = run_gate([module], root=tmp_path, jobs=1, checkov=False, echo=lines.append)
    assert report.ok, "\n".join(lines)
    # module: fmt, init, validate, test; examples/complete: init, validate
    assert sorted(calls.read_text().split()) == sorted(["fmt", "init", "validate", "init", "validate", "test"])
    assert f"$ {wrapper} fmt" in "\n".join(report.modules[0].steps["fmt"].log.splitlines()[:1])


def test_sigterm_stops_the_gate_with_143_and_starts_no_other_module(tmp_path: Path) -> None:
    """A CI cancel (SIGTERM) mid-gate: the running step is stopped, no queued module starts, exit 143."""
    started = tmp_path / "started"
    started.mkdir()
    wrapper = tmp_path / "bin" / "terraform"
    wrapper.parent.mkdir()
    # every step of every module: record that it started, then wait (SIGINT, the adapter's stop, ends it)
    wrapper.write_text(f"#!/bin/sh\ntouch {started}/$$\nexec sleep 600\n")
    wrapper.chmod(0o755)
    for name in ("one", "two", "three"):
        tiny_module(tmp_path / "modules" / name)
    env = {**os.environ, TERRAFORM_ENV: str(wrapper), "LAYER_CACHE_DIR": "off"}
    proc = subprocess.Popen(
        [str(LAYER), "modules", "test", "--no-checkov", "--jobs", "1", "modules/one", "modules/two", "modules/three"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not any(started.iterdir()) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)  # polls for the first step to start (an event), bounded by the deadline
        assert any(started.iterdir()), "no gate step started"
        proc.terminate()
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 143, out + err
    assert "Traceback" not in out + err
    assert len(list(started.iterdir())) == 1, "a step started after the SIGTERM"
    assert "ok" not in [line.split()[1] for line in out.splitlines() if line.startswith("[")], out
