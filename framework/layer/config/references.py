"""Every `${...}` reference checked when the tree loads, before any Terraform runs.

Rules (docs/getting-started.md, "References"):
- `${env:NAME}` / `${env:NAME:-default}` and `${layer.id}` / `${layer.name}` are resolved when the tree
  loads, so they may appear anywhere (a backend endpoint from the environment, a tag with the layer id).
- `${dependency.NAME.outputs.OUTPUT[.KEY...]}` is read from the dependency's state when the layer runs,
  and only `inputs` are resolved then. Anywhere else (backend, module, dependencies and their
  mock_outputs, provider, tags, env, terraform, region...) it would reach Terraform as a literal string,
  so it is refused. NAME must be declared under `dependencies:`, OUTPUT must be an output of the
  dependency's module, and every `mock_outputs` key must be one of those outputs.
- A `${` that starts one of these prefixes must be complete and closed; a prefix that is a near miss
  (`${dependencies.x...}`, `${envs:X}`) is refused with the right spelling. Other `${...}` text (an IAM
  policy variable such as `${aws:username}`, a Terraform template) is left alone, and map keys are never
  resolved, so a reference in a key is refused too.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from layer.config.model import Layer, Tree
from layer.config.reader import KeyPath, Provenance, locate
from layer.config.resolve import split_path
from layer.errors import LayerError, Location

DEPENDENCY_FORM = '${dependency.NAME.outputs.OUTPUT[.KEY...]} (a key with dots in brackets: ["connectly.io"])'
PREFIXES = ("dependency", "env", "layer")
_HEAD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
RESOLVED_AT_RUN = "inputs"  # the one top-level key resolved with dependency outputs (plan/actions.py)


class ReferenceError(LayerError):
    """A `${...}` reference that is malformed, misplaced, or names something that does not exist."""


@dataclass(frozen=True)
class DependencyRef:
    key_path: KeyPath
    text: str  # the reference as written, with ${ }
    name: str
    output: str
    location: Location


# --------------------------------------------------------------------------------------------------
# Syntax and placement: one layer's merged config, no module needed


def scan_config(
    data: Mapping[str, Any], provenance: Provenance, fallback: Path
) -> tuple[list[ReferenceError], list[DependencyRef]]:
    """Malformed and misplaced references of a merged (not yet resolved) config; the dependency references."""
    errors: list[ReferenceError] = []
    refs: list[DependencyRef] = []
    for key_path, text, is_key in _strings(data, ()):
        if "${" not in text:
            continue
        for expr, closed in _references(text):
            where = locate(provenance, key_path, fallback)
            problem = _problem(expr, closed, key_path, is_key)
            if problem is not None:
                errors.append(ReferenceError(problem[0], where, problem[1]))
            elif expr.startswith("dependency."):
                parts = split_path(expr) or []
                refs.append(DependencyRef(key_path, "${" + expr + "}", parts[1], parts[3], where))
    declared = data.get("dependencies")
    names = sorted(declared) if isinstance(declared, Mapping) else []
    errors += [_undeclared(ref, names) for ref in refs if ref.name not in names]
    return errors, [ref for ref in refs if ref.name in names]


def _strings(value: Any, path: KeyPath) -> Iterator[tuple[KeyPath, str, bool]]:
    """(key path, text, is a map key) of every string in a value tree, keys included."""
    if isinstance(value, str):
        yield path, value, False
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(key, str) and "${" in key:
                yield (*path, key), key, True
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def _references(text: str) -> Iterator[tuple[str, bool]]:
    """(expression inside `${ }`, closed?) of every `${` in the text; an unclosed one runs to the end, or to
    the next `${`."""
    start = text.find("${")
    while start >= 0:
        following = text.find("${", start + 2)
        close = text.find("}", start + 2)
        if close >= 0 and (following < 0 or close < following):
            yield text[start + 2 : close], True
        else:
            yield text[start + 2 : following if following >= 0 else len(text)], False
        start = following


def _prefix_of(expr: str) -> str | None:
    """The known prefix the expression starts with (`dependency`, `env`, `layer`), exact or misspelt."""
    head = _HEAD.match(expr.strip())
    if head is None:
        return None
    word = head.group(0)
    if word in PREFIXES:
        return word
    near = difflib.get_close_matches(word.lower(), PREFIXES, n=1, cutoff=0.8)
    return near[0] if near else None


def _problem(expr: str, closed: bool, key_path: KeyPath, is_key: bool) -> tuple[str, str] | None:
    prefix = _prefix_of(expr)
    if prefix is None:
        return None  # not layer's: an IAM policy variable, a Terraform template
    shown = "${" + expr + ("}" if closed else "")
    if not expr.startswith(prefix):
        return (f"unknown reference {shown}: did you mean ${{{prefix}...}}?", _form(prefix))
    if not closed:
        return (f"unclosed reference {shown}: it would reach Terraform as literal text", f"close it: {_form(prefix)}")
    if is_key:
        return (f"reference {shown} in a key: keys are never resolved", "move the reference into a value")
    malformed = _malformed(prefix, expr)
    if malformed is not None:
        return (f"malformed reference {shown}: {malformed}", _form(prefix))
    if prefix == "dependency" and key_path[:1] != (RESOLVED_AT_RUN,):
        return (
            f"{shown} is not allowed in {key_path[0]}: dependency outputs are resolved only in inputs",
            "pass the value through an input of the module; backend, module, dependencies (and their "
            "mock_outputs), provider, tags, env and terraform settings are fixed before Terraform runs",
        )
    return None


def _form(prefix: str) -> str:
    return {
        "dependency": "write " + DEPENDENCY_FORM,
        "env": "write ${env:NAME} or ${env:NAME:-default}",
        "layer": "write ${layer.id} or ${layer.name}",
    }[prefix]


def _malformed(prefix: str, expr: str) -> str | None:
    if prefix == "env":
        name = expr[len("env:") :].partition(":-")[0] if expr.startswith("env:") else ""
        return None if _ENV_NAME.fullmatch(name) else "expected an environment variable name after env:"
    if prefix == "layer":
        return None if expr in ("layer.id", "layer.name") else "only ${layer.id} and ${layer.name} exist"
    parts = split_path(expr)
    if parts is None or parts[0] != "dependency" or any(not p for p in parts):
        return "it is not of the form dependency.NAME.outputs.OUTPUT"
    if len(parts) < 2:
        return "the dependency's name is missing"
    if len(parts) < 3 or parts[2] != "outputs":
        return f"expected 'outputs' after dependency.{parts[1]}"
    if len(parts) < 4:
        return "the output's name is missing"
    return None


def _undeclared(ref: DependencyRef, names: list[str]) -> ReferenceError:
    guess = difflib.get_close_matches(ref.name, names, n=1)
    hint = f"did you mean '{guess[0]}'? " if guess else ""
    hint += f"declared: {', '.join(names)}" if names else f"declare it: dependencies: {{{ref.name}: ../PATH}}"
    return ReferenceError(
        f"{ref.text} names dependency '{ref.name}', which this layer does not declare under dependencies:",
        ref.location,
        hint,
    )


# --------------------------------------------------------------------------------------------------
# Against the dependency's module: outputs and mock_outputs


def check_outputs(tree: Tree, ids: Iterable[str]) -> tuple[list[LayerError], list[str]]:
    """Each reference's OUTPUT, and each mock_outputs key, is an output of the dependency's module.
    Returns the errors and notes (a dependency whose module's outputs cannot be read from disk)."""
    errors: list[LayerError] = []
    notes: set[str] = set()
    for ident in ids:
        layer = tree.layers[ident]
        for dep in layer.dependencies:
            target = tree.layers.get(dep.layer_id)
            outputs = _outputs_of(target) if target is not None else None
            if outputs is None:
                if target is not None:
                    notes.add(
                        f"the outputs of {dep.layer_id}'s module ({target.module_source}) cannot be read from "
                        "disk: references to it are checked by Terraform only"
                    )
                continue
            errors += _unknown_mocks(layer, dep.name, dep.mock_outputs, outputs, dep.layer_id)
            errors += [
                _unknown_output(ref, dep.layer_id, outputs)
                for ref in references_of(layer)
                if ref.name == dep.name and ref.output not in outputs
            ]
    return errors, sorted(notes)


def references_of(layer: Layer) -> list[DependencyRef]:
    """The dependency references of a loaded layer's inputs (located in the files that set them)."""
    found = []
    for key_path, text, is_key in _strings(layer.inputs, ("inputs",)):
        if is_key or "${" not in text:
            continue
        for expr, closed in _references(text):
            parts = split_path(expr) if closed and expr.startswith("dependency.") else None
            if parts is not None and len(parts) >= 4:
                found.append(DependencyRef(key_path, "${" + expr + "}", parts[1], parts[3], layer.location(key_path)))
    return found


def _outputs_of(layer: Layer) -> frozenset[str] | None:
    if layer.module_dir is None:
        return None
    from layer.modules.spec import load_module  # python-hcl2 only when a reference is checked

    try:
        return frozenset(load_module(layer.module_dir).outputs)
    except LayerError:
        return None  # the module's own problem: reported when that layer is validated


def _unknown_output(ref: DependencyRef, target: str, outputs: frozenset[str]) -> ReferenceError:
    return ReferenceError(
        f"{ref.text}: the module of {target} has no output '{ref.output}'",
        ref.location,
        _closest(ref.output, outputs),
    )


def _unknown_mocks(
    layer: Layer, name: str, mocks: Mapping[str, Any] | None, outputs: frozenset[str], target: str
) -> list[LayerError]:
    if not isinstance(mocks, Mapping):
        return []
    return [
        ReferenceError(
            f"mock_outputs of dependency '{name}' has '{key}', which the module of {target} does not output",
            layer.location(("dependencies", name, "mock_outputs", key)),
            _closest(str(key), outputs),
        )
        for key in sorted(mocks, key=str)
        if key not in outputs
    ]


def _closest(name: str, outputs: frozenset[str]) -> str:
    guess = difflib.get_close_matches(name, sorted(outputs), n=1, cutoff=0.6)
    listing = ", ".join(sorted(outputs)) or "none"
    return (f"did you mean '{guess[0]}'? " if guess else "") + f"its outputs: {listing}"
