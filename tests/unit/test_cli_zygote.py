"""tests/cli_zygote.py answers as the console script does: same exit code, stdout and stderr as a fresh
`layer` process, only the run's environment, and a hung run stopped at its timeout."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.cli_zygote import LAYER, layer_process, run_layer
from tests.conftest import MODULE_TF


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "modules/m").mkdir(parents=True)
    (tmp_path / "modules/m/main.tf").write_text(MODULE_TF)
    (tmp_path / "live/dev/net").mkdir(parents=True)
    (tmp_path / "live/_defaults.yaml").write_text(
        "root: true\nregion: ap-northeast-2\ntags:\n  Owner: o\n  CostCenter: cc-1\nbackend:\n  bucket: state-b\n"
    )
    (tmp_path / "live/dev/_defaults.yaml").write_text("environment: dev\n")
    (tmp_path / "live/dev/net/layer.yaml").write_text(
        "module: ../../../modules/m\ninputs:\n  name: ${env:ZYGOTE_NAME:-unset}\n"
    )
    return tmp_path


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "LAYER_WORK_DIR": str(tmp_path / "work"), **extra}


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "live"],  # 0
        ["render", "live/dev/net", "--json"],  # 0, the environment's value
        ["validate", "live/nope"],  # 64, usage
        ["render", "live/dev"],  # 1, not a layer
        ["no-such-command"],  # 64
    ],
    ids=lambda args: "-".join(args)[:40],
)
def test_same_answer_as_a_fresh_process(tree: Path, args: list[str]) -> None:
    env = environment(tree, ZYGOTE_NAME="from-the-run")
    fresh = subprocess.run(
        [LAYER, *args], cwd=tree, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False
    )
    forked = run_layer(args, env, tree)
    assert (forked.returncode, forked.stdout, forked.stderr) == (fresh.returncode, fresh.stdout, fresh.stderr)


def test_only_the_runs_environment_reaches_the_cli(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZYGOTE_NAME", "from-the-test-process")
    forked = run_layer(["render", "live/dev/net", "--json"], environment(tree), tree)
    assert forked.returncode == 0, forked.stderr
    assert '"name": "unset"' in forked.stdout, forked.stdout


def test_a_hung_run_is_stopped_at_its_timeout(tree: Path) -> None:
    hang = tree / "bin/terraform"
    hang.parent.mkdir()
    hang.write_text("#!/bin/sh\nexec sleep 60\n")
    hang.chmod(0o755)
    env = environment(tree, LAYER_TERRAFORM_BIN=str(hang))
    forked = run_layer(["terraform", "live/dev/net", "--", "version"], env, tree, timeout=3)
    assert forked.returncode is None, (forked.returncode, forked.stderr)
    assert run_layer(["validate", "live"], env, tree).returncode == 0, "the zygote answers the next run"


def test_layer_process_returns_what_subprocess_run_returns(tree: Path) -> None:
    env = environment(tree, ZYGOTE_NAME="from-the-run")
    for args in (["render", "live/dev/net", "--json"], ["render", "live/dev"]):
        fresh = subprocess.run(
            [LAYER, *args], cwd=tree, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False
        )
        forked = layer_process(args, cwd=tree, env=env)
        assert (forked.args, forked.returncode, forked.stdout, forked.stderr) == (
            fresh.args,
            fresh.returncode,
            fresh.stdout,
            fresh.stderr,
        )


def test_layer_process_raises_timeout_expired_as_subprocess_run_does(tree: Path) -> None:
    hang = tree / "bin/terraform"
    hang.parent.mkdir()
    hang.write_text("#!/bin/sh\nexec sleep 60\n")
    hang.chmod(0o755)
    env = environment(tree, LAYER_TERRAFORM_BIN=str(hang))
    with pytest.raises(subprocess.TimeoutExpired):
        layer_process(["terraform", "live/dev/net", "--", "version"], cwd=tree, env=env, timeout=2)
