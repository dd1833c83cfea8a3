"""The module gate: static checks, checkov report parsing, the summary, and (marked `terraform`)
real gate runs on a tiny module that passes and on a broken one that fails."""

from __future__ import annotations

import json
import shutil
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from layer.gate import (
    CheckovResult,
    GateReport,
    ModuleResult,
    StepResult,
    parse_checkov_output,
    render_summary,
    run_checkov,
    run_gate,
    static_problems,
)
from layer.gate.runner import _ModuleRunner
from layer.gate.static import EXAMPLE_FILES
from layer.interface.docs import update_readmes
from layer.interface.spec import clear_cache


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("LAYER_CACHE_DIR", "off")
    clear_cache()
    yield
    clear_cache()


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))


def tiny_module(directory: Path) -> Path:
    """A module with no provider at all, so `terraform init` needs no mirror and takes a second."""
    write(
        directory / "main.tf",
        """\
        variable "name" {
          description = "A name."
          type        = string

          validation {
            condition     = length(var.name) > 2
            error_message = "name must be longer than 2 characters."
          }
        }

        output "greeting" {
          description = "Hello and the name."
          value       = "hello-${var.name}"
        }
        """,
    )
    write(
        directory / "tests" / "basic.tftest.hcl",
        """\
        run "greets" {
          command = plan

          variables {
            name = "world"
          }

          assert {
            condition     = output.greeting == "hello-world"
            error_message = "wrong greeting"
          }
        }

        run "short_name" {
          command = plan

          variables {
            name = "ab"
          }

          expect_failures = [var.name]
        }
        """,
    )
    write(
        directory / "examples" / "complete" / "main.tf",
        """\
        # The tiny module greeting "example".

        module "tiny" {
          source = "../.."
          name   = "example"
        }
        """,
    )
    write(
        directory / "examples" / "complete" / "outputs.tf",
        """\
        output "greeting" {
          description = "The module's greeting."
          value       = module.tiny.greeting
        }
        """,
    )
    write(
        directory / "examples" / "complete" / "versions.tf",
        """\
        terraform {
          required_version = ">= 1.9.0"
        }
        """,
    )
    write(directory / "README.md", "# tiny\n\n<!-- BEGIN_TF_DOCS -->\n<!-- END_TF_DOCS -->\n")
    update_readmes(directory)  # the module's README and its example's
    return directory


# --------------------------------------------------------------------------------------------------
# static checks


def test_static_checks_pass_on_a_complete_module(tmp_path: Path) -> None:
    assert static_problems(tiny_module(tmp_path / "tiny")) == []


def test_static_checks_report_each_problem(tmp_path: Path) -> None:
    module = tiny_module(tmp_path / "tiny")
    write(
        module / "extra.tf",
        """\
        variable "undocumented" {
          type = string
        }

        variable "untyped" {
          description = "No type."
        }

        output "bare" {
          value = 1
        }

        provider "aws" {
          region = "x"
        }
        """,
    )
    shutil.rmtree(module / "tests")
    shutil.rmtree(module / "examples")
    problems = static_problems(module)
    assert problems == [
        'extra.tf:1: variable "undocumented" has no description',
        'extra.tf:5: variable "untyped" has no type',
        'extra.tf:9: output "bare" has no description',
        "extra.tf:13: provider block in a module (configure providers in examples/tests; "
        "declare aliases with configuration_aliases)",
        "tests/*.tftest.hcl: no terraform tests",
        "examples/complete: missing (every module has at least this example)",
    ]


def test_static_checks_report_syntax_errors(tmp_path: Path) -> None:
    module = tiny_module(tmp_path / "tiny")
    write(module / "broken.tf", 'variable "x" {\n  type =\n}\n')
    (problem,) = static_problems(module)
    assert "broken.tf" in problem


def test_docs_step_fails_on_a_stale_example_readme(tmp_path: Path) -> None:
    module = tiny_module(tmp_path / "tiny")
    runner = _ModuleRunner(module, "tiny", tmp_path / "data", {}, "terraform", 60.0)
    assert runner.docs().status == "ok"
    outputs = module / "examples" / "complete" / "outputs.tf"
    outputs.write_text(outputs.read_text().replace('output "greeting"', 'output "renamed"'))
    step = runner.docs()
    assert step.status == "FAIL"
    assert f"{module}/examples/complete/README.md: stale" in step.log


def test_static_checks_require_readme_outputs_and_versions_in_every_example(tmp_path: Path) -> None:
    module = tiny_module(tmp_path / "tiny")
    for name in ("README.md", "outputs.tf", "versions.tf"):
        (module / "examples" / "complete" / name).unlink()
    write(module / "examples" / "second" / "main.tf", 'module "tiny" {\n  source = "../.."\n  name = "two"\n}\n')
    write(module / "examples" / "not-an-example" / "notes.txt", "no .tf files: not an example\n")
    problems = static_problems(module)
    expected = [f"examples/{example}/{name}: missing (" for example in ("complete", "second") for name in EXAMPLE_FILES]
    assert [problem[: len(prefix)] for problem, prefix in zip(problems, expected, strict=True)] == expected
    assert f"run `layer docs {module}`" in problems[0]


def test_static_checks_example_versions_match_the_module_and_outputs_are_described(tmp_path: Path) -> None:
    module = tiny_module(tmp_path / "tiny")
    write(
        module / "versions.tf",
        """\
        terraform {
          required_version = ">= 1.9.0"
          required_providers {
            aws = { source = "hashicorp/aws", version = ">= 5.100.0, < 6.0.0" }
          }
        }
        """,
    )
    example = module / "examples" / "complete"
    write(
        example / "versions.tf",
        """\
        terraform {
          required_version = ">= 1.5.0"
          required_providers {
            aws = { source = "hashicorp/aws", version = "~> 5.0" }
          }
        }
        """,
    )
    write(example / "outputs.tf", "# nothing passed through\n")
    write(example / "extra.tf", 'output "bare" {\n  value = 1\n}\n')
    assert static_problems(module) == [
        "examples/complete/outputs.tf: declares no output block (" + EXAMPLE_FILES["outputs.tf"] + ")",
        'examples/complete/extra.tf:1: output "bare" has no description',
        'examples/complete/versions.tf: terraform required_version is ">= 1.5.0", the module\'s is ">= 1.9.0" '
        "(use the same constraint)",
        'examples/complete/versions.tf: provider "aws" version is "~> 5.0", the module\'s is ">= 5.100.0, < 6.0.0" '
        "(use the same constraint)",
    ]
    write(example / "versions.tf", "# no terraform block\n")
    problems = static_problems(module)
    no_block = "examples/complete/versions.tf: declares no terraform block (" + EXAMPLE_FILES["versions.tf"] + ")"
    assert [p for p in problems if "versions.tf" in p] == [no_block]  # no mismatches repeating it

    write(example / "versions.tf", 'terraform {\n  required_version = ">= 1.9.0"\n}\n')
    assert [p for p in static_problems(module) if "versions.tf" in p] == [
        f'examples/complete/versions.tf: provider "aws" {what} is not set, the module\'s is "{want}" '
        "(use the same constraint)"
        for what, want in (("source", "hashicorp/aws"), ("version", ">= 5.100.0, < 6.0.0"))
    ]


# --------------------------------------------------------------------------------------------------
# checkov report


def _check(check_id: str, path: Path, resource: str, line: int, reason: str | None = None) -> dict[str, object]:
    item: dict[str, object] = {
        "check_id": check_id,
        "check_name": f"name of {check_id}",
        "file_abs_path": str(path),
        "file_path": "/" + path.name,
        "resource": resource,
        "file_line_range": [line, line + 5],
    }
    if reason is not None:  # checkov 3.3 puts it in check_result
        item["check_result"] = {"result": "SKIPPED", "suppress_comment": f" {reason}"}
    return item


def test_parse_checkov_output_dedupes_and_keeps_selected_modules(tmp_path: Path) -> None:
    a = tmp_path / "modules" / "a"
    b = tmp_path / "modules" / "b"
    a.mkdir(parents=True)
    b.mkdir(parents=True)
    first = {
        "check_type": "terraform",
        "results": {
            "passed_checks": [_check("CKV_AWS_1", a / "main.tf", "aws_x.this", 1)],
            "failed_checks": [
                _check("CKV_AWS_2", a / "main.tf", "module.one.aws_x.this", 10),
                _check("CKV_AWS_2", a / "main.tf", "module.two.aws_x.this[0]", 10),  # same place
                _check("CKV_AWS_9", b / "main.tf", "aws_y.this", 3),  # b is not selected
            ],
            "skipped_checks": [
                _check("CKV_AWS_3", a / "main.tf", "module.one.aws_x.this", 20, "a reason"),
                _check("CKV_AWS_3", a / "main.tf", "module.two.aws_x.this", 20, "a reason"),
            ],
            "parsing_errors": [str(b / "bad.tf")],
        },
        "summary": {"passed": 1, "failed": 3, "skipped": 2},
    }
    second = [{"check_type": "terraform", "summary": {"passed": 0}}]  # an empty scan
    text = "some log line [WARNING]\n" + json.dumps(first) + "\n" + json.dumps(second)
    result = parse_checkov_output(text, [a], tmp_path)
    assert result.status == "FAIL"
    assert result.passed == 1
    assert [(f.check_id, f.resource, f.file, f.line) for f in result.failed] == [
        ("CKV_AWS_2", "aws_x.this", "modules/a/main.tf", 10)
    ]
    assert [(f.check_id, f.resource, f.reason, f.file) for f in result.skipped] == [
        ("CKV_AWS_3", "aws_x.this", "a reason", "modules/a/main.tf")
    ]
    assert result.parsing_errors == []

    only_b = parse_checkov_output(json.dumps(first), [b], tmp_path)
    assert [f.check_id for f in only_b.failed] == ["CKV_AWS_9"]
    assert only_b.parsing_errors == ["modules/b/bad.tf"]


def test_parse_checkov_output_passes_with_only_skips(tmp_path: Path) -> None:
    a = tmp_path / "a"
    a.mkdir()
    report = {
        "results": {
            "passed_checks": [],
            "failed_checks": [],
            "skipped_checks": [_check("CKV_AWS_3", a / "main.tf", "aws_x.this", 2, "why")],
        }
    }
    result = parse_checkov_output(json.dumps(report), [a], tmp_path)
    assert result.ok and result.status == "ok" and len(result.skipped) == 1


def test_parse_checkov_output_without_json_fails(tmp_path: Path) -> None:
    result = parse_checkov_output("Traceback: boom", [tmp_path], tmp_path)
    assert not result.ok and "no JSON" in result.message


def test_missing_checkov_says_how_to_get_it(tmp_path: Path) -> None:
    result = run_checkov([tmp_path], tmp_path, tmp_path / ".venv-checkov" / "bin" / "checkov", 10)
    assert not result.ok
    assert "make checkov-venv" in result.message


def test_summary_table_and_skips(tmp_path: Path) -> None:
    good = ModuleResult(tmp_path / "good", "good", seconds=1.0)
    for step in ("fmt", "static", "docs", "init", "validate", "test"):
        good.steps[step] = StepResult("ok")
    good.steps["examples"] = StepResult("ok", note="2")
    bad = ModuleResult(tmp_path / "bad", "bad", seconds=2.0)
    bad.steps["fmt"] = StepResult("FAIL", log="main.tf")
    bad.steps["init"] = StepResult("FAIL")
    bad.steps["validate"] = StepResult("skip")
    checkov = parse_checkov_output(
        json.dumps(
            {
                "results": {
                    "skipped_checks": [
                        _check("CKV_AWS_18", tmp_path / "good" / "main.tf", "aws_s3_bucket.this", 4, "logs")
                    ]
                }
            }
        ),
        [tmp_path / "good"],
        tmp_path,
    )
    report = GateReport([good, bad], checkov, 3.5)
    assert not report.ok
    lines = render_summary(report)
    assert lines[1].split() == [
        "module",
        "fmt",
        "static",
        "docs",
        "init",
        "validate",
        "examples",
        "test",
        "time",
    ]
    assert lines[2].split() == ["good", "ok", "ok", "ok", "ok", "ok", "ok", "(2)", "ok", "1.0s"]
    assert lines[3].split() == ["bad", "FAIL", "-", "-", "FAIL", "skip", "-", "-", "2.0s"]
    assert "  CKV_AWS_18  aws_s3_bucket.this  logs  good/main.tf:4" in lines
    assert lines[-1] == "gate FAILED (bad) in 3.5s"
    assert "--- fmt: FAIL\nmain.tf" in bad.failure_log()

    skipped = GateReport([good], CheckovResult("skip", message="checkov: skipped (--no-checkov)"), 1.0)
    assert skipped.ok
    assert "checkov: skipped (--no-checkov)" in render_summary(skipped)


# --------------------------------------------------------------------------------------------------
# real terraform (no providers, no network): `pytest -m terraform`

needs_terraform = pytest.mark.skipif(shutil.which("terraform") is None, reason="terraform not on PATH")


@pytest.mark.terraform
@needs_terraform
def test_gate_passes_on_a_tiny_module(tmp_path: Path) -> None:
    module = tiny_module(tmp_path / "modules" / "tiny")
    lines: list[str] = []
    report = run_gate([module], root=tmp_path, jobs=1, checkov=False, echo=lines.append)
    assert report.ok, "\n".join(lines)
    (result,) = report.modules
    assert [result.steps[s].status for s in ("fmt", "static", "docs", "init", "validate", "test")] == ["ok"] * 6
    assert result.steps["examples"].cell() == "ok (1)"
    assert result.steps["test"].note == "2"
    assert "checkov: skipped (--no-checkov)" in lines
    assert lines[-1].startswith("gate PASSED")
    # no .terraform in the module or its example, and the per-run data dirs are gone
    assert not (module / ".terraform").exists()
    assert not (module / "examples" / "complete" / ".terraform").exists()
    assert list((tmp_path / ".layer" / "gate").iterdir()) == []


@pytest.mark.terraform
@needs_terraform
def test_gate_fails_on_a_broken_module(tmp_path: Path) -> None:
    module = tiny_module(tmp_path / "modules" / "tiny")
    main = module / "main.tf"
    # unformatted, an undocumented output, and a value the test asserts against
    main.write_text(main.read_text().replace('"hello-${var.name}"', '"bye-${var.name}"'))
    main.write_text(main.read_text() + '\noutput "x" {\nvalue = 1\n}\n')
    lines: list[str] = []
    report = run_gate([module], root=tmp_path, jobs=1, checkov=False, echo=lines.append)
    assert not report.ok
    (result,) = report.modules
    assert result.steps["fmt"].status == "FAIL"
    assert result.steps["static"].status == "FAIL"
    assert result.steps["docs"].status == "FAIL"  # the README no longer lists output x
    assert result.steps["test"].status == "FAIL"
    assert result.steps["validate"].status == "ok"
    output = "\n".join(lines)
    assert 'output "x" has no description' in output  # captured output shown on failure
    assert "wrong greeting" in output
    assert lines[-1].startswith("gate FAILED (tiny)")


@pytest.mark.terraform
@needs_terraform
def test_layer_modules_test_exits_1_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from layer.cli.main import main

    module = tiny_module(tmp_path / "modules" / "tiny")
    (module / "README.md").write_text("# tiny\n")  # no generated section
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.argv", ["layer", "modules", "test", "--no-checkov", "--jobs", "1"])
    with pytest.raises(SystemExit) as info:
        main()
    assert info.value.code == 1
    out = capsys.readouterr().out
    assert "modules/tiny/README.md: no <!-- BEGIN_TF_DOCS --> section" in out
    assert "checkov: skipped (--no-checkov)" in out
