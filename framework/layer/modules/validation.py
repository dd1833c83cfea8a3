"""Run a variable's `validation` blocks on a layer's input, as Terraform would at plan time.

Conditions are compiled once per distinct text (layer.modules.expressions caches them), so thousands of
layers sharing a module pay for each condition once. A condition the evaluator cannot model is skipped
and named (Terraform still checks it); one that would fail in Terraform on this value is reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from layer.modules.expressions import (
    EvaluationError,
    Unsupported,
    compile_expression,
    evaluate,
    render_template,
    to_bool,
)
from layer.modules.hcl import Expression
from layer.modules.spec import Validation, Variable
from layer.modules.types import contains_unknown, convert_value

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


def run_validations(variable: Variable, value: object) -> tuple[list[Failure], list[Skipped]]:
    """The validations `value` fails, and those that could not be evaluated before Terraform runs."""
    failures: list[Failure] = []
    skipped: list[Skipped] = []
    if not variable.validations or contains_unknown(value):
        return failures, skipped  # a dependency output: Terraform checks it once the output is known
    if value is None and not variable.required and not variable.nullable:
        value = variable.default  # Terraform validates the default it uses instead of the null
    if isinstance(value, Expression):
        return failures, skipped
    scope = {variable.name: convert_value(value, variable.type)}
    for validation in variable.validations:
        try:
            failure = _run_one(validation, scope, render=not variable.sensitive)
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


def _run_one(validation: Validation, scope: dict[str, object], render: bool) -> Failure | None:
    condition = _short(validation.condition)
    expr = compile_expression(validation.condition)
    try:
        result = evaluate(expr, scope)
        if result is None:
            return Failure("the validation condition's result is null (Terraform: Invalid condition result)", condition)
        passed = to_bool(result)
    except EvaluationError as err:
        return Failure(f"the validation condition cannot be evaluated on this value: {err}", condition)
    if passed:
        return None
    message = render_template(validation.error_message, scope if render else {})  # a sensitive value stays out
    return Failure(message.strip(), condition)


def _short(condition: str, limit: int = 160) -> str:
    text = condition.strip()
    if text.startswith("${") and text.endswith("}"):
        text = text[2:-1]
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
