"""Check each layer's inputs against its module's variables before any Terraform runs."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

from layer.config.model import Layer
from layer.config.resolve import has_dependency_ref
from layer.errors import InputError, LayerError, Location, MultipleErrors
from layer.modules.spec import ModuleSpec, load_module
from layer.modules.types import check_value


def check_layer_inputs(layer: Layer, spec: ModuleSpec) -> list[InputError]:
    errors: list[InputError] = []
    inputs = layer.inputs
    for name, value in sorted(inputs.items()):
        where = layer.location(("inputs", name))
        variable = spec.variables.get(name)
        if variable is None:
            known = ", ".join(sorted(spec.variables)) or "none"
            guess = difflib.get_close_matches(name, list(spec.variables), n=1)
            errors.append(
                InputError(
                    f"unknown input '{name}': module {spec.path.name} has no variable '{name}'",
                    where,
                    (f"did you mean '{guess[0]}'? " if guess else "") + f"the module's variables are: {known}",
                )
            )
            continue
        if has_dependency_ref(value):
            continue  # known only once the dependency's outputs are read
        for problem in check_value(value, variable.type, name, nullable=variable.nullable):
            errors.append(
                InputError(
                    f"input {problem}",
                    where,
                    f"variable '{name}' is declared at {variable.file}:{variable.line} as {variable.type_expr}",
                )
            )
    for name, variable in sorted(spec.variables.items()):
        if variable.required and name not in inputs:
            errors.append(
                InputError(
                    f"missing required input '{name}' for module {spec.path.name}",
                    Location(layer.file, layer.location(("inputs",)).line, "inputs"),
                    f"set inputs.{name} ({variable.type_expr}); declared at {variable.file}:{variable.line}"
                    + (f": {variable.description}" if variable.description else ""),
                )
            )
    return errors


def check_inputs(layers: Iterable[Layer]) -> None:
    """Raise every input problem of every enabled layer with a local module, at once."""
    errors: list[LayerError] = []
    specs: dict[Path, ModuleSpec] = {}  # thousands of layers share a few modules: read each once per check
    for layer in layers:
        if layer.module_dir is None or not layer.enabled:
            continue
        spec = specs.get(layer.module_dir)
        if spec is None:
            spec = specs[layer.module_dir] = load_module(layer.module_dir)
        errors.extend(check_layer_inputs(layer, spec))
    if errors:
        raise errors[0] if len(errors) == 1 else MultipleErrors(errors)
