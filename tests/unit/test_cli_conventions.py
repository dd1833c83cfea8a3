"""Issue 14, CLI conventions: one rule for a single-layer command given a directory that is not a layer,
`--json -` and the schema version of the JSON reports, `validate --json` errors, and colour (a terminal
only; NO_COLOR and --no-color respected). Through the real CLI: a subprocess, or click's runner."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from tests.conftest import TreeMaker, layer_yaml
from tests.unit.cli_in_process import layer_in_process
from tests.unit.contract_tree import ProdCopy, assert_refused, copy_prod

ESC = "\x1b["
STACK = "live/prod"
REGION = "live/prod/ap-northeast-2"
KMS_LAYER = "live/prod/ap-northeast-2/kms/layer.yaml"


@pytest.fixture
def prod(tmp_path: Path) -> ProdCopy:
    return copy_prod(tmp_path)


# --------------------------------------------------------------------------------------------------
# 1. A single-layer command on a directory that is not a layer


RUN_ALL_HINTS = {command: f"layer run-all {command} {{path}}" for command in ("init", "plan", "apply", "destroy")}
SINGLE_LAYER = [
    *(([command], hint) for command, hint in RUN_ALL_HINTS.items()),
    (["output"], "layer output {path} --json"),
    (["render"], "name one layer's directory: {path}/"),
    (["terraform", "{path}", "--", "state", "list"], "name one layer's directory: {path}/"),
    (["force-unlock", "{path}", "0123-abcd"], "name one layer's directory: {path}/"),
    (["state-push"], "name one layer's directory: {path}/"),
]


def command_line(words: list[str], path: str) -> list[str]:
    return [w.format(path=path) for w in words] if "{path}" in words else [*words, path]


@pytest.mark.parametrize("path", [STACK, REGION])
@pytest.mark.parametrize(("words", "hint"), SINGLE_LAYER, ids=lambda v: v[0] if isinstance(v, list) else "")
def test_a_directory_that_is_not_a_layer_is_refused_with_what_to_run(
    prod: ProdCopy, words: list[str], hint: str, path: str
) -> None:
    outcome = prod.layer(*command_line(words, path))
    assert_refused(outcome, f"{path} is not a layer", hint.format(path=path))
    assert "--max-layers" not in outcome.stderr, "apply has no --max-layers: the refusal must not name it"


def test_the_refusal_holds_for_a_directory_given_by_absolute_path_with_no_layer_under_it(prod: ProdCopy) -> None:
    empty = prod.path("live/prod/empty")
    empty.mkdir()
    for command in ("plan", "output", "render"):
        outcome = prod.layer(command, str(empty))
        assert_refused(outcome, f"{empty} is not a layer", f"no layer under {empty} either")


def test_a_layer_directory_is_still_accepted(prod: ProdCopy) -> None:
    outcome = prod.layer("render", "live/prod/ap-northeast-2/kms")
    assert outcome.code == 0, outcome.output
    assert outcome.stdout.startswith("# layer: prod/ap-northeast-2/kms")


# --------------------------------------------------------------------------------------------------
# 3. --json -, schema_version, validate --json


def test_run_all_json_dash_writes_the_report_to_stdout_and_no_file_named_dash(prod: ProdCopy) -> None:
    outcome = prod.layer("run-all", "plan", STACK, "--json", "-")
    assert outcome.code == 1, outcome.output  # the recording Terraform and no backend: the layers fail
    report = json.loads(outcome.stdout)  # standard output is the JSON and nothing else
    assert report["schema_version"] == 1
    assert report["command"] == "plan" and report["exit_code"] == 1
    assert "exit code 1" in outcome.stderr, "the summary for people goes to standard error"
    assert not prod.path("-").exists()


def test_a_single_layer_json_dash_and_a_json_file_carry_the_schema_version(prod: ProdCopy) -> None:
    to_stdout = prod.layer("plan", "live/prod/ap-northeast-2/network", "--json", "-")
    assert json.loads(to_stdout.stdout)["schema_version"] == 1, to_stdout.output
    to_file = prod.layer("plan", "live/prod/ap-northeast-2/network", "--json", "out/report.json")
    assert to_file.code == to_stdout.code == 1
    written = json.loads(prod.path("out/report.json").read_text())
    assert written["schema_version"] == 1
    assert [entry["id"] for entry in written["layers"]] == ["prod/ap-northeast-2/network"]


def test_validate_json_of_a_valid_tree(prod: ProdCopy) -> None:
    outcome = prod.layer("validate", STACK, "--json")
    assert outcome.code == 0, outcome.output
    result = json.loads(outcome.stdout)
    assert result["schema_version"] == 1 and result["valid"] is True and result["errors"] == []
    assert "prod/ap-northeast-2/kms" in result["layers"]


def test_validate_json_gives_each_error_with_file_line_key_message_and_hint(prod: ProdCopy) -> None:
    prod.edit(KMS_LAYER, "inputs:", "bogus_top_level_key: 1\ninputs:")
    prod.append("live/prod/ap-northeast-2/network/layer.yaml", "another_unknown_key: true\n")
    outcome = prod.layer("validate", STACK, "--json")
    assert_refused(outcome)
    result = json.loads(outcome.stdout)
    assert result["schema_version"] == 1 and result["valid"] is False
    assert len(result["errors"]) >= 2, result
    for error in result["errors"]:
        assert set(error) == {"file", "line", "key", "message", "hint"}
    kms = next(e for e in result["errors"] if "bogus_top_level_key" in json.dumps(e))
    assert kms["file"].endswith("kms/layer.yaml")
    assert kms["line"] == prod.line_of(KMS_LAYER, "bogus_top_level_key")


def test_validate_json_of_a_yaml_syntax_error(prod: ProdCopy) -> None:
    prod.append(KMS_LAYER, "inputs: [unclosed\n")
    outcome = prod.layer("validate", REGION, "--json")
    assert_refused(outcome)
    [error] = json.loads(outcome.stdout)["errors"]
    assert error["file"].endswith("kms/layer.yaml") and isinstance(error["line"], int)
    assert error["message"]


# --------------------------------------------------------------------------------------------------
# 4. Colour


@pytest.fixture
def bad_tree(make_tree: TreeMaker, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    live = make_tree({"prod/net/layer.yaml": layer_yaml("../../../modules/m") + "unknown_key: 1\n"})
    monkeypatch.chdir(live.parent)
    yield live


def test_errors_are_coloured_on_a_terminal_only(bad_tree: Path) -> None:
    on_terminal = layer_in_process("validate", str(bad_tree), color=True)
    piped = layer_in_process("validate", str(bad_tree), color=False)
    assert on_terminal.returncode == piped.returncode == 1
    assert ESC in on_terminal.stderr and click.unstyle(on_terminal.stderr) == piped.stderr
    assert click.style("error", fg="red", bold=True) in on_terminal.stderr
    assert ESC not in piped.stderr and piped.stderr.startswith("error: ")


def test_no_color_and_the_global_flag_switch_colour_off_on_a_terminal(bad_tree: Path) -> None:
    for value in ("1", "true", "anything"):
        assert ESC not in layer_in_process("validate", str(bad_tree), color=True, env={"NO_COLOR": value}).stderr
    assert ESC not in layer_in_process("--no-color", "validate", str(bad_tree), color=True).stderr
    assert ESC not in layer_in_process("validate", str(bad_tree), color=True, env={"LAYER_NO_COLOR": "1"}).stderr
    assert ESC in layer_in_process("validate", str(bad_tree), color=True, env={"NO_COLOR": ""}).stderr


@pytest.fixture
def streaming_tree(make_tree: TreeMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two independent layers and a Terraform that prints a line and fails: streamed, prefixed output."""
    live = make_tree(
        {
            "test/alpha/layer.yaml": layer_yaml("../../../modules/m"),
            "test/omega/layer.yaml": layer_yaml("../../../modules/m"),
        }
    )
    fake = tmp_path / "talking-terraform"
    fake.write_text('#!/bin/sh\necho "terraform was asked: $1"\nexit 1\n')
    fake.chmod(0o755)
    monkeypatch.chdir(live.parent)
    monkeypatch.setenv("LAYER_TERRAFORM_BIN", str(fake))
    monkeypatch.setenv("LAYER_WORK_DIR", str(tmp_path / "work"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return live


def test_each_layer_prefix_has_its_colour_and_summary_words_are_coloured(streaming_tree: Path) -> None:
    args = ["run-all", "init", str(streaming_tree), "--parallelism", "2"]
    on_terminal = layer_in_process(*args, color=True)
    assert on_terminal.returncode == 1, on_terminal.stdout + on_terminal.stderr
    prefixes = {
        layer: next(line for line in on_terminal.stdout.splitlines() if f"[{layer}] " in click.unstyle(line))
        for layer in ("test/alpha", "test/omega")
    }
    for layer, line in prefixes.items():
        assert line.startswith(ESC), f"{layer}'s prefix is not coloured: {line!r}"
    colours = {layer: line.split(f"[{layer}] ")[0] for layer, line in prefixes.items()}
    assert colours["test/alpha"] != colours["test/omega"], f"one colour per layer: {colours}"
    assert click.style("failed", fg="red") in on_terminal.stdout
    piped = layer_in_process(*args, color=False)
    assert ESC not in piped.stdout + piped.stderr
    assert "[test/alpha] " in piped.stdout
    no_color = layer_in_process("--no-color", *args, color=True)
    assert ESC not in no_color.stdout + no_color.stderr


def test_a_piped_subprocess_gets_no_colour(prod: ProdCopy) -> None:
    prod.append(KMS_LAYER, "unknown_key: 1\n")
    outcome = prod.layer("validate", STACK, env={"TERM": "xterm-256color", "CLICOLOR_FORCE": "1"})
    assert outcome.code == 1 and "unknown_key" in outcome.stderr
    assert ESC not in outcome.output
