"""Variables' `validation` blocks, evaluated on layer inputs before Terraform runs (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from layer.config.inputs import check_inputs
from layer.config.loader import load_tree
from layer.errors import InputError, MultipleErrors
from layer.interface.expressions import (
    EvaluationError,
    Unsupported,
    compile_cache_clear,
    compile_cache_info,
    compile_expression,
    evaluate,
)
from layer.interface.spec import load_module
from layer.interface.types import find_problems
from layer.interface.validation import run_validations
from tests.conftest import TreeMaker, layer_yaml
from tests.terraform_verdicts import TERRAFORM, Case, module_text, terraform_accepts

ERROR = EvaluationError
SKIP = Unsupported


@pytest.mark.parametrize(
    ("expression", "value", "expected"),
    [
        ('contains(["DNS", "EMAIL", "NONE"], var.x)', "DNS", True),
        ('contains(["DNS", "EMAIL", "NONE"], var.x)', "dns", False),
        ("contains([0, 1, 3, 5, 7], var.x)", 4, False),
        ("contains([1, 5], var.x)", "5", False),  # == never converts
        ("var.x == null || length(var.x) > 2", None, ERROR),  # no short-circuit in Terraform 1.11
        ("var.x == null ? true : length(var.x) > 2", None, True),  # only the chosen branch
        ('can(regex("^[a-z]+\\\\d$", var.x))', "ab1", True),
        ('can(regex("^[a-z]+\\\\d$", var.x))', "ab", False),
        ('regex("^a", var.x) == "a"', "b", ERROR),
        ("length(var.x) >= 1 && length(var.x) <= 3", [1, 2], True),
        ('alltrue([for k, v in var.x : startswith(v, "s") if k != "z"])', {"a": "s1", "z": "q"}, True),
        ('anytrue([for v in values(var.x) : endswith(v, "!")])', {"a": "s1"}, False),
        ('lower(var.x) == upper("x")', "X", False),
        ('try(var.x.a.b, "none") == "none"', {"a": {}}, True),
        ("can(cidrhost(var.x, 0))", "10.0.0.0/16", True),
        ("can(cidrhost(var.x, 0))", "10.0.0/16", False),
        ("tonumber(var.x) % 2 == 0 && -1 < 2 * 3", "4", True),
        ('keys(var.x) == ["a", "b"]', {"b": 1, "a": 2}, True),
        ('"${var.x}-a" == "b-a"', "b", True),
        ("var.x[*].n == [1, 2]", [{"n": 1}, {"n": 2}], True),
        ('length(var.x) > "z"', "ab", ERROR),
        ("local.limit > var.x", 1, SKIP),
        ("var.other == var.x", 1, SKIP),
        ("timecmp(var.x, var.x) == 0", "2024-01-01T00:00:00Z", SKIP),
    ],
)
def test_expressions_evaluate_like_terraform(expression: str, value: object, expected: object) -> None:
    tree = compile_expression("${" + expression + "}")
    if expected in (ERROR, SKIP):
        with pytest.raises(expected):
            evaluate(tree, {"x": value})
    else:
        assert evaluate(tree, {"x": value}) == expected


MODULE = """
variable "validation_method" {
  type    = string
  default = "DNS"
  validation {
    condition     = contains(["DNS", "EMAIL", "NONE"], var.validation_method)
    error_message = "validation_method must be DNS, EMAIL or NONE, not ${var.validation_method}."
  }
}

variable "retention_in_days" {
  type    = number
  default = null
  validation {
    condition     = var.retention_in_days == null ? true : contains([0, 1, 3, 5, 7, 14, 30], var.retention_in_days)
    error_message = "retention_in_days must be one of 0, 1, 3, 5, 7, 14, 30."
  }
  validation {
    condition     = var.retention_in_days == null || var.retention_in_days <= local.max
    error_message = "too long."
  }
}

variable "name" {
  type     = string
  nullable = false
  default  = "ok"
  validation {
    condition     = length(var.name) <= 3
    error_message = "name is too long."
  }
}

variable "prefix" {
  type    = string
  default = null
  validation {
    condition     = var.prefix == null || length(var.prefix) > 0
    error_message = "prefix must not be empty."
  }
}
"""


def _tree(make_tree: TreeMaker, tmp_path: Path, inputs: str) -> Path:
    (tmp_path / "modules/v").mkdir(parents=True)
    (tmp_path / "modules/v/main.tf").write_text(MODULE)
    return make_tree(
        {
            "net/layer.yaml": layer_yaml(),
            "app/layer.yaml": layer_yaml("../../modules/v", inputs, deps="net: ../net"),
        }
    )


def _errors(live: Path) -> list[InputError]:
    try:
        check_inputs(load_tree(live).layers.values())
    except MultipleErrors as many:
        return many.errors  # type: ignore[return-value]
    except InputError as one:
        return [one]
    return []


def test_failed_condition_reports_the_error_message_at_the_input_line(make_tree: TreeMaker, tmp_path: Path) -> None:
    live = _tree(make_tree, tmp_path, "validation_method: dns\nretention_in_days: '4'")
    errors = sorted(_errors(live), key=lambda e: e.location.line if e.location and e.location.line else 0)
    assert [e.location.line for e in errors if e.location] == [3, 4]
    assert errors[0].message == "input validation_method: validation_method must be DNS, EMAIL or NONE, not dns."
    assert errors[1].message == "input retention_in_days: retention_in_days must be one of 0, 1, 3, 5, 7, 14, 30."
    assert errors[0].hint is not None and 'contains(["DNS", "EMAIL", "NONE"]' in errors[0].hint


def test_valid_values_pass_and_unevaluable_conditions_are_named(make_tree: TreeMaker, tmp_path: Path) -> None:
    live = _tree(make_tree, tmp_path, "validation_method: EMAIL\nretention_in_days: 7")
    notes = check_inputs(load_tree(live).layers.values())
    assert len(notes) == 1
    assert "variable retention_in_days" in notes[0] and "local" in notes[0] and "local.max" in notes[0]


def test_a_condition_that_fails_on_the_value_is_an_error_as_in_terraform(make_tree: TreeMaker, tmp_path: Path) -> None:
    live = _tree(make_tree, tmp_path, "prefix: null")
    [error] = _errors(live)
    assert error.message.startswith("input prefix: the validation condition cannot be evaluated on this value")
    assert "null" in error.message


def test_null_for_non_nullable_variable_validates_its_default(make_tree: TreeMaker, tmp_path: Path) -> None:
    assert _errors(_tree(make_tree, tmp_path, "name: null")) == []


def test_dependency_outputs_are_left_to_terraform(make_tree: TreeMaker, tmp_path: Path) -> None:
    live = _tree(
        make_tree, tmp_path, "validation_method: ${dependency.net.outputs.id}\nname: ${dependency.net.outputs.id}"
    )
    assert _errors(live) == []


def test_each_module_condition_is_compiled_once() -> None:
    compile_cache_clear()
    for _ in range(50):
        compile_expression('${contains(["A"], var.x)}')
    assert compile_cache_info().misses == 1


# The same module text decided by Terraform and by layer.
VERDICTS: list[tuple[Case, bool]] = [
    (Case("string", "dns", 'contains(["DNS", "EMAIL", "NONE"], var.x)'), False),
    (Case("string", "DNS", 'contains(["DNS", "EMAIL", "NONE"], var.x)'), True),
    (Case("number", "5", "contains([0, 1, 3, 5, 7], var.x)"), True),
    (Case("number", 4, "contains([0, 1, 3, 5, 7], var.x)"), False),
    (Case("string", None, "var.x == null || length(var.x) > 2"), False),
    (Case("string", None, "var.x == null ? true : length(var.x) > 2"), True),
    (Case("string", "ab", 'can(regex("^[a-z]+[0-9]$", var.x))'), False),
    (Case("map(string)", {"a": "s1", "b": "s2"}, 'alltrue([for v in values(var.x) : startswith(v, "s")])'), True),
    (Case("list(number)", [1, 2, 3], "length(var.x) <= 2"), False),
    (Case("string", "10.0.0.0/16", "can(cidrhost(var.x, 0))"), True),
    (Case("string", "10.0.0/16", "can(cidrhost(var.x, 0))"), False),
    (Case("string", None, "length(var.x) > 0", nullable=False, default="abc"), True),
    (Case("object({a = optional(number, 3)})", {}, "var.x.a == 3"), True),
    (Case("string", "x", 'regex("^a", var.x) == "a"'), False),
]


def _layer_accepts(case: Case, directory: Path) -> bool:
    directory.mkdir()
    (directory / "main.tf").write_text(module_text(case))
    variable = load_module(directory).variables["x"]
    if find_problems(case.value, variable.type, nullable=variable.nullable, has_default=not variable.required):
        return False
    failures, skipped = run_validations(variable, case.value)
    assert not skipped
    return not failures


def test_validation_verdicts_match_the_recorded_terraform_verdicts(tmp_path: Path) -> None:
    got = [_layer_accepts(case, tmp_path / str(i)) for i, (case, _) in enumerate(VERDICTS)]
    assert got == [accepted for _, accepted in VERDICTS]


@pytest.mark.terraform
@pytest.mark.skipif(TERRAFORM is None, reason="needs terraform")
def test_validation_verdicts_are_terraforms(tmp_path: Path) -> None:
    assert terraform_accepts([case for case, _ in VERDICTS], tmp_path) == [accepted for _, accepted in VERDICTS]


def _variable(tmp_path: Path, body: str) -> object:
    (tmp_path / "main.tf").write_text(f'variable "x" {{\n{body}\n}}\n')
    return load_module(tmp_path).variables["x"]


def test_a_sensitive_value_stays_out_of_the_message(tmp_path: Path) -> None:
    variable = _variable(
        tmp_path,
        "type = string\nsensitive = true\nvalidation {\n  condition = length(var.x) > 8\n"
        '  error_message = "too short: ${var.x}"\n}',
    )
    [failure], _ = run_validations(variable, "hunter2")  # type: ignore[arg-type]
    assert failure.message == "too short: ${var.x}"


CONDITION_TEMPLATE = 'type = string\nvalidation {{\n  condition = {}\n  error_message = "x"\n}}'


@pytest.mark.parametrize(
    "condition",
    [
        'can(regex("(?P<n>a)", var.x))',
        'var.x == "\\uZZZZ"',
        'var.x == "%{ if true }1%{ endif }"',
        'timeadd(var.x, "1h") != ""',
        "var.x == data.y.z",
    ],
)
def test_conditions_the_evaluator_cannot_follow_are_skipped_not_crashed(tmp_path: Path, condition: str) -> None:
    variable = _variable(tmp_path, CONDITION_TEMPLATE.format(condition))
    failures, skipped = run_validations(variable, "a")  # type: ignore[arg-type]
    assert failures == [] and len(skipped) == 1


CROSS = """
variable "transition_days" {
  type    = number
  default = 30
}

variable "expiration_days" {
  type    = number
  default = 365
  validation {
    condition     = var.expiration_days > var.transition_days
    error_message = "expiration_days must be greater than transition_days (${var.transition_days})."
  }
}

variable "name" {
  type = string
  validation {
    condition     = !strcontains(var.name, "--") && trimsuffix(var.name, "-x") == var.name
    error_message = "bad name."
  }
}
"""


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ("name: a\nexpiration_days: 10", "greater than transition_days (30)"),  # the other's default
        ("name: a\nexpiration_days: 100\ntransition_days: '200'", "greater than transition_days (200)"),
        ("name: a--b", "bad name."),
        ("name: a\nexpiration_days: 10\ntransition_days: ${dependency.net.outputs.id}", None),  # at plan time
        ("name: a-x", "bad name."),
        ("name: a\nexpiration_days: 40", None),
    ],
)
def test_conditions_may_refer_to_other_variables(
    make_tree: TreeMaker, tmp_path: Path, inputs: str, message: str | None
) -> None:
    (tmp_path / "modules/v").mkdir(parents=True)
    (tmp_path / "modules/v/main.tf").write_text(CROSS)
    live = make_tree(
        {"net/layer.yaml": layer_yaml(), "app/layer.yaml": layer_yaml("../../modules/v", inputs, deps="net: ../net")}
    )
    errors = _errors(live)
    assert [e.message for e in errors if message and message in e.message] == [e.message for e in errors]
    assert len(errors) == (1 if message else 0)
    if message is None:
        assert check_inputs(load_tree(live).layers.values()) == [], "nothing skipped"
