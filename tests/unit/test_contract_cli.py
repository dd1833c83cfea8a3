"""Issue 13: the CLI's exit-code contract (0 no changes, 2 changes present, 1 failure, 64 usage error), a
selection that matches nothing, and an unexpected exception: one line and a crash log, never a traceback."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from layer.cli import main as cli_main
from tests.conftest import ROOT, git
from tests.unit.contract_tree import LAYER, ProdCopy, assert_refused, copy_prod

KMS = "live/prod/ap-northeast-2/kms/layer.yaml"
INTERNAL = re.compile(r"^internal error: (\w+): (.*) — details in (\S+)$")


@pytest.fixture
def prod(tmp_path: Path) -> ProdCopy:
    return copy_prod(tmp_path)


# --------------------------------------------------------------------------------------------------
# Exit codes


@pytest.mark.parametrize(
    "args",
    [
        ["run-all", "plan", "live/nope"],
        ["plan", "live/nope"],
        ["validate", "live/nope"],
        ["graph", "live/nope"],
        ["run-all", "plan", "live", "--affected-sinc", "HEAD"],
        ["validate", "live", "--terraform-x"],
        ["run-all", "plna", "live"],
        ["graph", "live", "--format", "svg"],
        ["plan"],
        ["no-such-command"],
        ["run-all", "plan", "live", "--parallelism", "many"],
    ],
)
def test_a_usage_error_exits_64_never_2(prod: ProdCopy, args: list[str]) -> None:
    outcome = prod.layer(*args)
    assert outcome.code == 64, outcome.output
    assert "Error:" in outcome.stderr and "Usage:" in outcome.stderr
    assert outcome.terraform_calls == ""


def test_valid_config_exits_0(prod: ProdCopy) -> None:
    outcome = prod.layer("validate", "live/prod")
    assert outcome.code == 0, outcome.output
    assert outcome.terraform_calls == ""


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "live/prod/ap-northeast-2/kms"],
        ["plan", "live/prod/ap-northeast-2/kms"],
        ["apply", "live/prod/ap-northeast-2/kms", "--yes"],
        ["run-all", "plan", "live/prod"],
        ["run-all", "apply", "live/prod", "--yes"],
        ["graph", "live/prod"],
    ],
)
def test_a_config_error_exits_1_for_one_layer_and_for_run_all(prod: ProdCopy, args: list[str]) -> None:
    prod.edit(KMS, "${dependency.bootstrap.outputs.kms_key_arn}", "${dependency.bootstrap.outputs.kms_key_arn")
    line = prod.line_of(KMS, "terraform_state_key_arn:")
    assert_refused(prod.layer(*args), f"kms/layer.yaml:{line}", "unclosed reference")


def test_the_readme_states_the_contract() -> None:
    readme = (ROOT / "README.md").read_text()
    for code, meaning in (("0", "no changes"), ("2", "changes present"), ("1", "fail"), ("64", "usage")):
        assert re.search(rf"`{code}`[^`]*{meaning}", readme, re.IGNORECASE), f"README: exit code {code} ({meaning})"
    assert "130" in readme and "143" in readme


# --------------------------------------------------------------------------------------------------
# A selection that matches nothing


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["validate", "live", "--include", "nope/*"], "--include 'nope/*' matches no layer"),
        (["graph", "live", "--include", "prod/ap-northeast-2/kmz"], "did you mean 'prod/ap-northeast-2/kms'"),
        (["run-all", "plan", "live", "--include", "nope/*"], "--include 'nope/*' matches no layer"),
        (["run-all", "apply", "live", "--yes", "--exclude", "prod/ap-northeast-2/wav"], "did you mean"),
        (["run-all", "plan", "live", "--include", "prod/*", "--exclude", "prod/*"], "leaves no layer"),
        (["validate", "live/prod", "--include", "ap-northeast-2/*"], "layer ids are paths under the tree root"),
    ],
)
def test_a_selection_matching_no_layer_is_an_error_with_a_hint(prod: ProdCopy, args: list[str], expected: str) -> None:
    outcome = prod.layer(*args)
    assert_refused(outcome, expected, "hint:")


def test_an_atlantis_exclude_matching_no_layer_is_an_error_with_a_hint(prod: ProdCopy) -> None:
    # the copy has no live/local: the root's own Atlantis settings (which name local/*) are not this test's
    root = prod.path("live/_defaults.yaml")
    root.write_text(re.sub(r"(?ms)^atlantis:\n(?:[ #].*?\n)*", "", root.read_text()))
    outcome = prod.layer("atlantis", "generate", "live", "--exclude", "prd/*", "--output", "atlantis.yaml")
    assert_refused(outcome, "--exclude 'prd/*' matches no layer", "did you mean 'prod'?")


def test_a_path_holding_no_layer_is_an_error(prod: ProdCopy) -> None:
    prod.path("live/prod/empty").mkdir()
    assert_refused(prod.layer("run-all", "plan", "live/prod/empty"), "no layer (layer.yaml) at or below")


def test_affected_since_with_an_include_no_affected_layer_matches_runs_nothing(prod: ProdCopy) -> None:
    git(prod.repo, "init", "-q")
    git(prod.repo, "add", ".")
    git(prod.repo, "commit", "-qm", "base")
    prod.append(KMS, "# touched\n")
    outcome = prod.layer("run-all", "plan", "live", "--affected-since", "HEAD", "--include", "prod/*/bootstrap")
    assert_refused(outcome, "no affected layer matches --include prod/*/bootstrap")


# --------------------------------------------------------------------------------------------------
# An unexpected exception


def test_an_unexpected_exception_is_one_line_and_a_crash_log(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import layer.pipeline

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("the loader broke\nover two lines")

    monkeypatch.setattr(layer.pipeline, "load_tree", broken)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(sys, "argv", ["layer", "validate", str(ROOT / "live/prod")])
    with pytest.raises(SystemExit) as stop:
        cli_main.main()
    assert stop.value.code == 1
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    match = INTERNAL.match(lines[0])
    assert match, lines[0]
    assert match.group(1) == "RuntimeError" and match.group(2) == "the loader broke over two lines"
    log = Path(match.group(3))
    assert log == tmp_path / "cache/layer/crash.log"
    report = log.read_text()
    assert "Traceback (most recent call last)" in report and "in broken" in report
    assert f"layer validate {ROOT / 'live/prod'}" in report
    assert re.search(r"^layer: \d", report, re.M) and re.search(r"^python: 3\.", report, re.M)
    assert re.search(r"^terraform: ", report, re.M) and re.search(r"^platform: ", report, re.M)


def test_a_crash_in_a_real_process_leaves_no_traceback(tmp_path: Path) -> None:
    """The installed CLI, with an exception forced by a sitecustomize module on PYTHONPATH."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        textwrap.dedent(
            """
            import layer.config.loader

            def broken(*args, **kwargs):
                raise KeyError("forced by the test")

            layer.config.loader.load_tree = broken
            """
        )
    )
    unwritable = tmp_path / "file-not-dir"
    unwritable.write_text("")
    (tmp_path / "tmp").mkdir()
    # the cache directory cannot be made, so the log goes to the temporary directory (here, the test's own)
    env = {**os.environ, "PYTHONPATH": str(hook), "XDG_CACHE_HOME": str(unwritable), "TMPDIR": str(tmp_path / "tmp")}
    result = subprocess.run(
        [LAYER, "validate", str(ROOT / "live/prod")], capture_output=True, text=True, env=env, check=False, timeout=60
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    match = INTERNAL.match(lines[0])
    assert match and match.group(1) == "KeyError", lines[0]
    log = Path(match.group(3))
    assert log.parent == tmp_path / "tmp" and "forced by the test" in log.read_text()


def test_a_layer_error_is_not_reported_as_a_crash(prod: ProdCopy) -> None:
    prod.edit(KMS, "module: ../../../../modules/kms", "module: ../../../../modules/kmz")
    outcome = prod.layer("validate", "live/prod")
    assert_refused(outcome, "error:")
    assert "internal error" not in outcome.stderr
    assert not (prod.repo.parent / "cache/layer/crash.log").exists()
