"""The harness every integration test runs the CLI through: a CLI that outlives its timeout leaves no
process behind (a timed-out demo once left an AWS provider running for the rest of the session)."""

from __future__ import annotations

import os
import select
import subprocess
from pathlib import Path

import pytest

from tests.integration import conftest

pytestmark = pytest.mark.integration


def gone(pid: int, within: float = 10.0) -> bool:
    """True once pid has exited: waits on the process's pidfd (readable when it exits), no polling."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        return bool(select.select([fd], [], [], within)[0])
    finally:
        os.close(fd)


def test_a_timed_out_cli_and_its_children_are_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    child_pid = tmp_path / "child.pid"
    fake = tmp_path / "layer"
    # Ignores SIGTERM, like a CLI stuck past its grace; its child stands in for Terraform's provider.
    fake.write_text(f"#!/bin/sh\ntrap '' TERM\nsleep 600 &\necho $! > {child_pid}\nwait\n")
    fake.chmod(0o755)
    monkeypatch.setattr(conftest, "LAYER_BIN", str(fake))
    monkeypatch.setattr(conftest, "STOP_GRACE_SECONDS", 1)
    with pytest.raises(subprocess.TimeoutExpired):
        conftest.layer_cli([], {}, timeout=2)
    pid = int(child_pid.read_text())
    assert gone(pid), f"process {pid} outlived the timed-out CLI"
