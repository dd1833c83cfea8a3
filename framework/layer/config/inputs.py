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
import marshal
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, cast

from layer.config.model import Layer
from layer.config.reader import KeyPath
from layer.config.resolve import DEPENDENCY_PREFIX, REF, SSM_PREFIX, split_path, walk
from layer.errors import InputError, LayerError, Location, MultipleErrors
from layer.interface.spec import ModuleSpec, Variable, load_module
from layer.interface.types import Problem, Unknown, find_problems, render_path, short_type
from layer.interface.validation import Failure, Skipped, run_validations

_NO_MOCK = object()
_NO_MOCKS: dict[str, object] = {}


def check_layer_inputs(layer: Layer, spec: ModuleSpec, skipped: list[str] | None = None) -> list[InputError]:
    """The input problems of one layer; conditions that could not be evaluated are added to `skipped`."""
    errors: list[InputError] = []
    values = _LayerValues(layer)
    for name in sorted(values.raw):
        variable = spec.variables.get(name)
        if variable is None:
            errors.append(_unknown_input(layer, spec, name))
            continue
        problems, failures, not_run = _verdict(spec, variable, values)
        errors.extend(_type_error(layer, variable, problem) for problem in problems)
        errors.extend(_validation_error(layer, variable, f.message, f.condition) for f in failures)
        if skipped is not None:
            skipped.extend(_skipped_note(spec, item) for item in not_run)
    for variable in _required(spec):
        if variable.name not in values.raw:
            errors.append(_missing_input(layer, spec, variable))
    return errors


Verdict = tuple[list[Problem], list[Failure], list[Skipped]]
_VERDICTS_MAX = 100_000  # distinct (variable, value) verdicts one module's spec keeps
_VAR_REFERENCE = re.compile(r"\bvar\b(?:\s*\.\s*([A-Za-z_][A-Za-z0-9_-]*))?")
_ABSENT_INPUT = b"absent"  # the key of an input the layer does not set (marshal never writes this alone)
_DEPENDENCY_TEXT = ("${" + DEPENDENCY_PREFIX).encode()


class _LayerValues:
    """A layer's inputs as written, and (each computed on first need) as checked: dependency references as
    Unknown values (their mock outputs when declared)."""

    def __init__(self, layer: Layer) -> None:
        self.raw = layer.inputs
        self.mocks = {d.name: d.mock_outputs for d in layer.dependencies if d.mock_outputs is not None} or _NO_MOCKS
        self._checked: dict[str, object] = {}

    def checked_value(self, name: str) -> object:
        found = self._checked.get(name, _UNSET)
        if found is _UNSET:
            found = self._checked[name] = with_unknowns(self.raw[name], self.mocks)
        return found

    @property
    def checked(self) -> dict[str, object]:
        """Every input as checked."""
        return {name: self.checked_value(name) for name in self.raw}

    def key(self, name: str) -> object:
        """What the checked value of input `name` is, exactly (types included: 1, 1.0 and true differ): the
        value as written when it refers to no dependency, else the checked value (each reference as the
        Unknown it stands for). None when it holds something other than plain data (a str subclass such as
        resolve.Literal): such a value is not keyed."""
        if name not in self.raw:
            return _ABSENT_INPUT
        own = value_key(self.raw[name])
        if own is None or _DEPENDENCY_TEXT not in own:
            return own
        return _walked_key(self.checked_value(name))


_UNSET = object()


def _required(spec: ModuleSpec) -> tuple[Variable, ...]:
    """The module's required variables, by name (once per spec)."""
    key = ("required",)
    found = spec.verdicts.get(key)
    if found is None:
        found = spec.verdicts[key] = tuple(v for _, v in sorted(spec.variables.items()) if v.required)
    return found  # type: ignore[return-value]


def _verdict(spec: ModuleSpec, variable: Variable, values: _LayerValues) -> Verdict:
    """The type problems of one input value, else its validation failures and the conditions not run. A
    verdict depends only on the variable, the value and the other inputs its conditions name, so thousands
    of layers setting the same value (CIDRs, sizes, flags...) get it computed once per spec (a spec is
    rebuilt when its module's files change: the memo goes with it)."""
    key = _verdict_key(spec, variable, values)
    found = spec.verdicts.get(key) if key is not None else None
    if found is not None:
        return found  # type: ignore[return-value]
    verdict = _compute_verdict(spec, variable, values)
    if key is not None:
        if len(spec.verdicts) > _VERDICTS_MAX:
            spec.verdicts.clear()
        spec.verdicts[key] = verdict
    return verdict


def _compute_verdict(spec: ModuleSpec, variable: Variable, values: _LayerValues) -> Verdict:
    value = values.checked_value(variable.name)
    problems = find_problems(value, variable.type, nullable=variable.nullable, has_default=not variable.required)
    if problems or not variable.validations:
        return problems, [], []
    names = _referenced_variables(spec, variable)
    others = values.checked if names is None else {n: values.checked_value(n) for n in names if n in values.raw}
    failures, not_run = run_validations(variable, value, spec.variables, others)
    return [], failures, not_run


def _verdict_key(spec: ModuleSpec, variable: Variable, values: _LayerValues) -> object:
    """What a verdict is computed from, or None when it cannot be keyed (then it is computed every time)."""
    own = values.key(variable.name)
    if own is None:
        return None
    if not variable.validations:
        return (variable.name, own)
    names = _referenced_variables(spec, variable)
    if names is None:
        return None
    parts: list[object] = [variable.name, own]
    for name in names:
        other = values.key(name)
        if other is None:
            return None
        parts += [name, other]
    return tuple(parts)


def _referenced_variables(spec: ModuleSpec, variable: Variable) -> tuple[str, ...] | None:
    """The other variables the conditions and messages of `variable` name (`var.NAME`), or None when one
    names `var` in a way that cannot be told (then its verdicts are not kept)."""
    key = ("references", variable.name)
    if key in spec.verdicts:
        return spec.verdicts[key]  # type: ignore[return-value]
    names: set[str] | None = set()
    for validation in variable.validations:
        for match in _VAR_REFERENCE.finditer(validation.condition + "\n" + validation.error_message):
            if match.group(1) is None:
                names = None
                break
            if names is not None and match.group(1) != variable.name:
                names.add(match.group(1))
        if names is None:
            break
    found = tuple(sorted(names)) if names is not None else None
    spec.verdicts[key] = found
    return found


def _walked_key(value: object) -> object:
    """A hashable key of a checked value holding Unknown values: a tagged tuple tree (None as value_key)."""
    kind = type(value)
    if kind is Unknown:
        unknown = cast(Unknown, value)
        sample = value_key(unknown.sample)
        return None if sample is None else ("unknown", unknown.kind, unknown.text, sample, unknown.has_sample)
    if kind is dict:
        items: list[object] = []
        for key, item in cast(dict[object, object], value).items():
            found = _walked_key(item) if type(key) is str else None
            if found is None:
                return None
            items.append((key, found))
        return ("dict", tuple(items))
    if kind is list:
        elements: list[object] = []
        for item in cast(list[object], value):
            found = _walked_key(item)
            if found is None:
                return None
            elements.append(found)
        return ("list", tuple(elements))
    plain = value_key(value)
    return None if plain is None else ("plain", plain)


def value_key(value: object) -> bytes | None:
    """Bytes equal for two values exactly when they are the same plain data of the same types (marshal
    writes exact types only; version 2 no shared references); None when the value holds anything else (a
    str subclass such as resolve.Literal)."""
    try:
        return marshal.dumps(cast(Any, value), 2)
    except ValueError:
        return None


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
