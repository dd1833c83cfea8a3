"""Check each layer's inputs against its module's variables before any Terraform runs.

For every input: the variable exists, the value converts to the variable's type the way Terraform
converts it (layer.interface.types), and the variable's `validation` conditions hold on it
(layer.interface.validation). A dependency reference stands for a value known only at plan time: when it
is the whole value, for the mock output when the dependency declares one (else for any value); inside a
longer string, for a string. Every error points at the deepest key of the input that has a line.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Mapping
from pathlib import Path

from layer.config.model import Layer
from layer.config.reader import KeyPath
from layer.config.resolve import DEPENDENCY_PREFIX, REF, SSM_PREFIX, split_path, walk
from layer.errors import InputError, LayerError, Location, MultipleErrors
from layer.interface.spec import ModuleSpec, Variable, load_module
from layer.interface.types import Problem, Unknown, find_problems, render_path, short_type
from layer.interface.validation import Skipped, run_validations

_NO_MOCK = object()
_NO_MOCKS: dict[str, object] = {}


def check_layer_inputs(layer: Layer, spec: ModuleSpec, skipped: list[str] | None = None) -> list[InputError]:
    """The input problems of one layer; conditions that could not be evaluated are added to `skipped`."""
    errors: list[InputError] = []
    inputs = layer.inputs
    mocks = {dep.name: dep.mock_outputs for dep in layer.dependencies if dep.mock_outputs is not None} or _NO_MOCKS
    checked_inputs = {name: with_unknowns(value, mocks) for name, value in inputs.items()}
    for name, checked in sorted(checked_inputs.items()):
        variable = spec.variables.get(name)
        if variable is None:
            errors.append(_unknown_input(layer, spec, name))
            continue
        problems = find_problems(checked, variable.type, nullable=variable.nullable, has_default=not variable.required)
        if problems:
            errors.extend(_type_error(layer, variable, problem) for problem in problems)
        elif variable.validations:
            failures, not_run = run_validations(variable, checked, spec.variables, checked_inputs)
            errors.extend(_validation_error(layer, variable, f.message, f.condition) for f in failures)
            if skipped is not None:
                skipped.extend(_skipped_note(spec, item) for item in not_run)
    for name, variable in sorted(spec.variables.items()):
        if variable.required and name not in inputs:
            errors.append(_missing_input(layer, spec, variable))
    return errors


def check_inputs(layers: Iterable[Layer]) -> list[str]:
    """Raise every input problem of every enabled layer with a local module, at once. Returns notes: the
    validation conditions that could not be evaluated before Terraform (each named once)."""
    errors: list[LayerError] = []
    skipped: list[str] = []
    specs: dict[Path, ModuleSpec] = {}  # thousands of layers share a few modules: read each once per check
    for layer in layers:
        if layer.module_dir is None or not layer.enabled:
            continue
        spec = specs.get(layer.module_dir)
        if spec is None:
            spec = specs[layer.module_dir] = load_module(layer.module_dir)
        errors.extend(check_layer_inputs(layer, spec, skipped))
    if errors:
        raise errors[0] if len(errors) == 1 else MultipleErrors(errors)
    return list(dict.fromkeys(skipped))


# --------------------------------------------------------------------------------------------------
# Dependency references as unknown values


def with_unknowns(value: object, mocks: Mapping[str, object]) -> object:
    """`value` with each dependency reference replaced by an `Unknown` (plain YAML strings only: a `str`
    subclass is a final literal whose `${` is not a reference). Containers without one come back as they
    are (most inputs: no copy)."""
    if isinstance(value, dict):
        changed: dict[str, object] | None = None
        for key, item in value.items():
            new = with_unknowns(item, mocks)
            if new is not item:
                changed = changed if changed is not None else dict(value)
                changed[key] = new
        return value if changed is None else changed
    if isinstance(value, list):
        items = [with_unknowns(v, mocks) for v in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if type(value) is not str or "${" not in value:
        return value
    references = [m for m in REF.finditer(value) if m.group(1).startswith((DEPENDENCY_PREFIX, SSM_PREFIX))]
    if not references:
        return value
    if len(references) == 1 and references[0].group(0) == value:  # an SSM parameter (run time): any type
        sample = _mock_value(references[0].group(1), mocks) if value.startswith("${" + DEPENDENCY_PREFIX) else _NO_MOCK
        if sample is not _NO_MOCK:
            return Unknown("any", value, sample, has_sample=True)
        return Unknown("any", value)
    return Unknown("string", value)


@functools.lru_cache(maxsize=8192)
def _reference_path(expr: str) -> tuple[str, ...] | None:
    parts = split_path(expr)
    return None if parts is None or len(parts) < 4 else tuple(parts)


def _mock_value(expr: str, mocks: Mapping[str, object]) -> object:
    if not mocks:
        return _NO_MOCK
    parts = _reference_path(expr)
    if parts is None or parts[1] not in mocks:
        return _NO_MOCK
    value, depth = walk(mocks[parts[1]], parts[3:])
    return value if depth == len(parts) - 3 else _NO_MOCK


# --------------------------------------------------------------------------------------------------
# Errors


def _unknown_input(layer: Layer, spec: ModuleSpec, name: str) -> InputError:
    return InputError(
        f"unknown input '{name}': module {spec.path.name} has no variable '{name}'",
        layer.location(("inputs", name)),
        _unknown_input_hint(spec.path, tuple(sorted(spec.variables)), name),
    )


@functools.lru_cache(maxsize=4096)
def _unknown_input_hint(module: Path, variables: tuple[str, ...], name: str) -> str:
    """Once per module and name: an input inherited by thousands of layers is compared once, not per layer."""
    guess = difflib.get_close_matches(name, variables, n=1)
    return (
        f"did you mean '{guess[0]}'? " if guess else ""
    ) + f"the module's variables are: {', '.join(variables) or 'none'}"


def _type_error(layer: Layer, variable: Variable, problem: Problem) -> InputError:
    key_path: KeyPath = ("inputs", variable.name, *problem.path)
    hint = f"variable '{variable.name}' is declared at {variable.file}:{variable.line} as {short_type(variable.type)}"
    if problem.path and problem.expected is not None:
        hint += f"; {render_path(variable.name, problem.path)} must be {short_type(problem.expected)}"
    return InputError(f"input {problem.render(variable.name)}", layer.location(key_path), hint)


def _validation_error(layer: Layer, variable: Variable, message: str, condition: str) -> InputError:
    return InputError(
        f"input {variable.name}: {message}",
        layer.location(("inputs", variable.name)),
        f"validation of variable '{variable.name}' ({variable.file}:{variable.line}): {condition}",
    )


def _missing_input(layer: Layer, spec: ModuleSpec, variable: Variable) -> InputError:
    return InputError(
        f"missing required input '{variable.name}' for module {spec.path.name}",
        Location(layer.file, layer.location(("inputs",)).line, "inputs"),
        f"set inputs.{variable.name} ({short_type(variable.type)}); declared at {variable.file}:{variable.line}"
        + (f": {variable.description}" if variable.description else ""),
    )


def _skipped_note(spec: ModuleSpec, item: Skipped) -> str:
    return (
        f"module {spec.path.name}, variable {item.variable}: validation not checked before Terraform "
        f"({item.reason}): {item.condition}"
    )
