"""The messages docs/troubleshooting.md quotes are the messages users really get."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from layer.emulator import free_port
from tests.cli_zygote import layer_process
from tests.conftest import ROOT

DOC = (ROOT / "docs/troubleshooting.md").read_text()


def normalise(text: str) -> str:
    text = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", text)
    text = re.sub(r"(?<![\w.])/?(?:[\w.-]+/)+[\w.-]+\.yaml", "FILE.yaml", text)
    text = re.sub(r"/opt/[\w/-]+|/tmp/[\w/-]+", "DIR", text)
    return text


def run(args: list[str], env: dict[str, str], cwd: Path) -> list[str]:
    result = layer_process(args, cwd=cwd, env={**os.environ, **env})
    assert result.returncode == 1, result.stdout + result.stderr
    return [line for line in result.stderr.splitlines() if line.startswith(("error:", "  hint:"))][:2]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "tests/fixtures/faults", tmp_path / "t")
    return tmp_path / "t"


def assert_documented(lines: list[str]) -> None:
    assert lines, "the command printed no error"
    doc = normalise(DOC)
    for line in lines:
        assert normalise(line) in doc, f"docs/troubleshooting.md does not quote:\n{line}"


def test_emulator_not_running(tree: Path, tmp_path: Path) -> None:
    env = {"LAYER_EMULATOR_URL": f"http://127.0.0.1:{free_port()}", "LAYER_WORK_DIR": str(tmp_path / "w")}
    assert_documented(run(["run-all", "plan", "live"], env, tree))


def test_missing_provider_mirror(tree: Path, tmp_path: Path) -> None:
    env = {"LAYER_PROVIDER_MIRROR": "/opt/tf-plugins-missing", "LAYER_WORK_DIR": str(tmp_path / "w")}
    assert_documented(run(["run-all", "plan", "live"], env, tree))


def test_schema_error(tree: Path) -> None:
    layer = tree / "live/test/first/layer.yaml"
    layer.write_text("module: ../../../modules/step\nregoin: x\ninputs:\n  value: x\n")
    lines = run(["validate", "live"], {}, tree)
    assert_documented(lines)


def test_unknown_input(tree: Path) -> None:
    (tree / "live/test/first/layer.yaml").write_text("module: ../../../modules/step\ninputs:\n  value: x\n  fial: 1\n")
    assert_documented(run(["validate", "live"], {}, tree))


def test_cycle(tree: Path) -> None:
    (tree / "live/test/first/layer.yaml").write_text(
        "module: ../../../modules/step\ndependencies:\n  third: ../third\ninputs:\n  value: x\n"
    )
    lines = run(["validate", "live"], {}, tree)
    assert "dependency cycle: " in lines[0]
    assert "dependency cycle: " in DOC and "Remove one of the dependencies" in DOC
