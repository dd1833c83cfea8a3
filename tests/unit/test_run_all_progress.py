"""run-all's progress: a live view (rich) on a terminal, plain lines on standard error in a pipe or CI.

The real CLI in a subprocess, with a Terraform stand-in that takes a moment and succeeds (run-all init
needs no state backend): once with standard output a pseudo-terminal, once piped, once on a terminal with
CI=true."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from layer.plan.executor import LayerResult
from layer.plan.progress import Progress
from tests.conftest import TreeMaker, layer_yaml

LAYER_BIN = str(Path(sys.executable).parent / "layer")
EVENT = re.compile(r"^\[\d\d:\d\d:\d\d\] test/(alpha|omega): (started|ok in \d+\.\ds \([12]/2 done\))$", re.M)


@pytest.fixture
def two_layers(make_tree: TreeMaker, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    live = make_tree(
        {
            "test/alpha/layer.yaml": layer_yaml("../../../modules/m"),
            "test/omega/layer.yaml": layer_yaml("../../../modules/m"),
        }
    )
    slow = tmp_path / "slow-terraform"
    slow.write_text("#!/bin/sh\nsleep 1.2\necho initialised\nexit 0\n")
    slow.chmod(0o755)
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "LAYER_TERRAFORM_BIN": str(slow),
        "LAYER_WORK_DIR": str(tmp_path / "work"),
        "TERM": "xterm-256color",
        "COLUMNS": "100",
    }
    return live, env


def run_on(live: Path, env: dict[str, str], terminal: bool) -> tuple[int, str, str]:
    args = [LAYER_BIN, "run-all", "init", str(live), "--parallelism", "1"]
    if not terminal:
        done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120, check=False)
        return done.returncode, done.stdout, done.stderr
    controller, screen = pty.openpty()
    try:
        child = subprocess.Popen(args, env=env, stdout=screen, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        os.close(screen)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal closed: the child is gone
                break
            if not chunk:
                break
            shown += chunk
        _, err = child.communicate(timeout=120)
        return child.returncode, shown.decode(errors="replace"), err.decode()
    finally:
        os.close(controller)


def test_piped_run_all_logs_one_plain_line_per_event_on_stderr(two_layers: tuple[Path, dict[str, str]]) -> None:
    live, env = two_layers
    code, out, err = run_on(live, env, terminal=False)
    assert code == 0, out + err
    assert len(EVENT.findall(err)) == 4, err
    assert "\x1b[" not in out + err and not EVENT.search(out)


def test_a_terminal_gets_the_live_view_and_ci_gets_lines(two_layers: tuple[Path, dict[str, str]]) -> None:
    live, env = two_layers
    code, screen, err = run_on(live, env, terminal=True)
    assert code == 0, screen + err
    assert "elapsed" in screen and "▶ test/" in screen, screen
    assert re.search(r"\d done, 1 running, \d waiting, 0 failed", screen), screen
    assert not EVENT.search(err), "no plain event lines under the live view"
    code, screen, err = run_on(live, {**env, "CI": "true"}, terminal=True)
    assert code == 0 and "elapsed" not in screen and len(EVENT.findall(err)) == 4, screen + err


def test_progress_counts_and_running_times() -> None:
    ticks = iter([0.0, 1.0, 2.0, 5.0, 6.0, 7.0])
    progress = Progress(["a", "b", "c"], clock=lambda: next(ticks))
    progress.start("a")  # at 1.0
    progress.start("b")  # at 2.0
    assert progress.running() == [("a", 4.0), ("b", 3.0)]  # at 5.0
    progress.finish("a", LayerResult("a", "failed"))
    assert progress.counts() == {"done": 0, "running": 1, "waiting": 1, "failed": 1}
    assert progress.headline() == "0 done, 1 running, 1 waiting, 1 failed; 00:06 elapsed"
