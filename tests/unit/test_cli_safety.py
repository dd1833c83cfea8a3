"""Guards that stop a run before anything starts: confirmation, --max-layers, unknown paths."""

from __future__ import annotations

import subprocess

from tests.cli_zygote import layer_process
from tests.conftest import ROOT

TREE = ROOT / "tests/fixtures/faults/live"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """`layer ARGS` in a process of its own, no terminal (forked from a pre-imported one: tests/cli_zygote.py)."""
    return layer_process(args, env={"PATH": "/usr/bin:/bin", "LAYER_EMULATOR_URL": "http://127.0.0.1:9"}, timeout=60)


def test_apply_without_yes_and_without_a_terminal_refuses() -> None:
    result = run("run-all", "apply", str(TREE))
    assert result.returncode == 1
    assert "needs confirmation and no terminal is attached" in result.stderr
    assert "pass --yes" in result.stderr


def test_destroy_refuses_more_layers_than_max_layers() -> None:
    result = run("run-all", "destroy", str(TREE), "--yes", "--max-layers", "2")
    assert result.returncode == 1
    assert "destroy would touch 4 layers, more than --max-layers 2" in result.stderr


def test_plan_is_not_limited_by_max_layers_but_needs_the_backend() -> None:
    result = run("run-all", "plan", str(TREE), "--max-layers", "1")
    assert result.returncode == 1
    assert "cannot reach the state backend endpoint http://127.0.0.1:9" in result.stderr


def test_a_path_that_is_not_a_layer() -> None:
    result = run("plan", str(ROOT / "tests/fixtures/faults/modules"))
    assert result.returncode == 1
    assert "not inside a layer tree" in result.stderr


def test_graph_formats_from_the_cli() -> None:
    result = run("graph", str(TREE), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert '"waves"' in result.stdout
