"""Run a variable's `validation` blocks on a layer's input, as Terraform would at plan time.

Conditions are compiled once per distinct text (layer.interface.expressions caches them), so thousands of
layers sharing a module pay for each condition once. A condition the evaluator cannot model is skipped
and named (Terraform still checks it); one that would fail in Terraform on this value is reported.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from layer.interface.expressions import (
    Deferred,
    EvaluationError,
    Unsupported,
    compile_expression,
    evaluate,
    render_template,
    to_bool,
)
from layer.interface.hcl import Expression
from layer.interface.spec import Validation, Variable
from layer.interface.types import contains_unknown, convert_value

__all__ = ["Failure", "Skipped", "run_validations"]


@dataclass(frozen=True)
class Failure:
    message: str  # the module's error_message, or why the condition itself fails on this value
    condition: str


@dataclass(frozen=True)
class Skipped:
    variable: str
    condition: str
    reason: str


_ABSENT = object()


class _Scope(Mapping[str, object]):
    """`var.NAME` for a condition: the variable's own value, and (Terraform >= 1.9 lets a condition refer
    to them) the module's other variables as this layer sets them or as their defaults, converted on
    first use. A value known only at plan time raises Deferred."""

    def __init__(self, variables: Mapping[str, Variable], inputs: Mapping[str, object]) -> None:
        self.variables = variables
        self.inputs = inputs
        self.resolved: dict[str, object] = {}

    def __getitem__(self, name: str) -> object:
        if name not in self.resolved:
            variable = self.variables.get(name)
            if variable is None:
                raise KeyError(name)
            self.resolved[name] = _final_value(variable, self.inputs.get(name, _ABSENT))
        return self.resolved[name]

    def __contains__(self, name: object) -> bool:
        return name in self.resolved or name in self.variables

    def __iter__(self) -> Iterator[str]:
        return iter(self.variables)

    def __len__(self) -> int:
        return len(self.variables)


def _final_value(variable: Variable, value: object) -> object:
    """The value Terraform gives the variable: the input, else (or for a null of a `nullable = false`
    variable) the default, converted to the variable's type."""
    if value is _ABSENT or (value is None and not variable.nullable):
        if variable.required:
            raise Deferred(f"var.{variable.name} is not set")
        value = variable.default
    if isinstance(value, Expression):
        raise Unsupported(f"the default of var.{variable.name} is an expression")
    if contains_unknown(value):
        raise Deferred(f"var.{variable.name} holds a dependency output")
    return convert_value(value, variable.type)


def run_validations(
    variable: Variable,
    value: object,
    variables: Mapping[str, Variable] | None = None,
    inputs: Mapping[str, object] | None = None,
) -> tuple[list[Failure], list[Skipped]]:
    """The validations `value` fails, and those that could not be evaluated before Terraform runs.
    `variables` and `inputs` (the module's variables and the layer's inputs) give conditions that
    refer to other variables their values."""
    failures: list[Failure] = []
    skipped: list[Skipped] = []
    if not variable.validations:
        return failures, skipped
    scope = _Scope({**(variables or {}), variable.name: variable}, {**(inputs or {}), variable.name: value})
    try:
        scope[variable.name]
    except Unsupported:
        return failures, skipped  # a dependency output, or a default Terraform computes
    for validation in variable.validations:
        try:
            failure = _run_one(validation, scope, render=not variable.sensitive)
        except Deferred:
            continue  # Terraform checks it once the dependency output is known
        except Unsupported as err:
            skipped.append(Skipped(variable.name, _short(validation.condition), str(err)))
            continue
        except (RecursionError, ArithmeticError, TypeError, ValueError, KeyError, IndexError) as err:
            reason = f"the evaluator cannot follow it ({type(err).__name__})"
            skipped.append(Skipped(variable.name, _short(validation.condition), reason))
            continue
        if failure is not None:
            failures.append(failure)
    return failures, skipped


def _run_one(validation: Validation, scope: Mapping[str, object], render: bool) -> Failure | None:
    condition = validation.condition
    expr = compile_expression(condition)
    try:
        result = evaluate(expr, scope)
        if result is None:
            null = "the validation condition's result is null (Terraform: Invalid condition result)"
            return Failure(null, _short(condition))
        passed = to_bool(result)
    except EvaluationError as err:
        return Failure(f"the validation condition cannot be evaluated on this value: {err}", _short(condition))
    if passed:
        return None
    message = render_template(validation.error_message, scope if render else {})  # a sensitive value stays out
    return Failure(message.strip(), _short(condition))


def _short(condition: str, limit: int = 160) -> str:
    text = condition.strip()
    if text.startswith("${") and text.endswith("}"):
        text = text[2:-1]
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
