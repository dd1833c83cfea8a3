"""Every `${...}` reference checked when the tree loads, before any Terraform runs.

Rules (docs/getting-started.md, "References"):
- `${env:NAME}` / `${env:NAME:-default}` and `${layer.id}` / `${layer.name}` are resolved when the tree
  loads, so they may appear anywhere (a backend endpoint from the environment, a tag with the layer id).
- `${dependency.NAME.outputs.OUTPUT[.KEY...]}` is read from the dependency's state when the layer runs,
  and only `inputs` are resolved then. Anywhere else (backend, module, dependencies and their
  mock_outputs, provider, tags, env, terraform, region...) it would reach Terraform as a literal string,
  so it is refused. NAME must be declared under `dependencies:`, OUTPUT must be an output of the
  dependency's module, and every `mock_outputs` key must be one of those outputs.
- `${ssm:/PATH}` is an SSM parameter (config/ssm.py), read when the layer runs: like a dependency
  output, only in `inputs`, and its PATH must be a valid parameter name.
- A `${` that starts one of these prefixes must be complete and closed; a prefix that is a near miss
  (`${dependencies.x...}`, `${envs:X}`) is refused with the right spelling. Other `${...}` text (an IAM
  policy variable such as `${aws:username}`, a Terraform template) is left alone, and map keys are never
  resolved, so a reference in a key is refused too.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from layer.config import ssm
from layer.config.model import DependencyRef, Layer, Tree
from layer.config.reader import KeyPath, Provenance, locate
from layer.config.resolve import split_path
from layer.errors import LayerError, Location

DEPENDENCY_FORM = '${dependency.NAME.outputs.OUTPUT[.KEY...]} (a key with dots in brackets: ["connectly.io"])'
PREFIXES = ("dependency", "env", "layer", "ssm")
_HEAD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
RESOLVED_AT_RUN = "inputs"  # the one top-level key resolved with dependency outputs (plan/actions.py)


Finding = tuple[KeyPath, str, "tuple[str, str] | None"]  # (key path, expression, (problem, hint) or None)
ScanMemo = dict[tuple[str, int], tuple[Any, list[Finding]]]  # (key, id(value)) -> (value, its findings)


class ReferenceError(LayerError):
    """A `${...}` reference that is malformed, misplaced, or names something that does not exist."""


# --------------------------------------------------------------------------------------------------
# Syntax and placement: one layer's merged config, no module needed


def scan_config(
    data: Mapping[str, Any],
    provenance: Provenance,
    fallback: Path,
    inherited: Mapping[str, Any] | None = None,
    memo: ScanMemo | None = None,
) -> tuple[list[ReferenceError], list[DependencyRef]]:
    """Malformed and misplaced references of a merged (not yet resolved) config; the dependency references.
    Top-level values that are `inherited` as they are (the same objects in every layer below one
    _defaults.yaml) are scanned once per `memo` (the load's: layer.config.loadcache.LoadCache)."""
    errors: list[ReferenceError] = []
    refs: list[DependencyRef] = []
    memo = memo if memo is not None else {}
    for key, value in data.items():
        shared = inherited is not None and inherited.get(key) is value
        found = _scanned(key, value, memo) if shared else _scan(value, (key,))
        for key_path, expr, problem in found:
            if problem is not None:
                errors.append(ReferenceError(problem[0], locate(provenance, key_path, fallback), problem[1]))
            elif expr.startswith("dependency."):
                parts = _split(expr) or ()
                refs.append(DependencyRef(key_path, "${" + expr + "}", parts[1], parts[3]))
    declared = data.get("dependencies")
    names = sorted(declared) if isinstance(declared, Mapping) else []
    errors += [
        _undeclared(ref, names, locate(provenance, ref.key_path, fallback)) for ref in refs if ref.name not in names
    ]
    errors += _mock_parameter_errors(data.get(ssm.MOCKS_KEY), provenance, fallback)
    return errors, [ref for ref in refs if ref.name in names]


def _mock_parameter_errors(mocks: Any, provenance: Provenance, fallback: Path) -> list[ReferenceError]:
    """Each key of mock_ssm_parameters is a parameter path a `${ssm:...}` reference could name."""
    if not isinstance(mocks, Mapping):
        return []  # not a mapping: the schema says so
    errors = []
    for key in mocks:
        problem = ssm.path_problem(key) if isinstance(key, str) else "the key is not a string"
        if problem is not None:
            where = locate(provenance, (ssm.MOCKS_KEY, key), fallback)
            errors.append(ReferenceError(f"{ssm.MOCKS_KEY} key '{key}': {problem}", where, ssm.FORM))
    return errors


def _scanned(key: str, value: Any, memo: ScanMemo) -> list[Finding]:
    """_scan of an inherited top-level value, once per object and memo (the memo keeps the value alive, so
    its id stays its own while the memo lives: one load)."""
    cached = memo.get((key, id(value)))
    if cached is None or cached[0] is not value:
        cached = memo[(key, id(value))] = (value, _scan(value, (key,)))
    return cached[1]


def _scan(value: Any, path: KeyPath) -> list[Finding]:
    found: list[Finding] = []
    if not isinstance(value, str) and "${" not in repr(value):
        return found  # repr (C) is much faster than walking a value tree that holds no reference at all
    for key_path, text, is_key in _strings(value, path):
        for expr, closed in _references(text):
            problem = _problem(expr, closed, str(key_path[0]), is_key)
            if problem is not None or expr.startswith("dependency."):
                found.append((key_path, expr, problem))
    return found


def _strings(value: Any, path: KeyPath) -> list[tuple[KeyPath, str, bool]]:
    """(key path, text, is a map key) of every string holding `${` in a value tree, keys included."""
    found: list[tuple[KeyPath, str, bool]] = []
    if isinstance(value, str):
        if "${" in value:
            found.append((path, value, False))
    else:
        _collect(value, path, found)
    return found


def _collect(value: Any, path: KeyPath, found: list[tuple[KeyPath, str, bool]]) -> None:
    """_strings of a container: key paths are made only for what holds a `${` or may hold one below."""
    items = value.items() if isinstance(value, Mapping) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        if isinstance(key, str) and "${" in key:
            found.append(((*path, key), key, True))
        if isinstance(item, str):
            if "${" in item:
                found.append(((*path, key), item, False))
        elif isinstance(item, (Mapping, list)):
            _collect(item, (*path, key), found)


def _references(text: str) -> Iterator[tuple[str, bool]]:
    """(expression inside `${ }`, closed?) of every `${` in the text that is not the escape `$${`; an
    unclosed one runs to the end, or to the next `${`. Linear: the closing brace found is reused until the
    scan passes it."""
    close = -2  # not searched yet; -1: there is none
    start = _opening(text, 0)
    while start >= 0:
        following = _opening(text, start + 2)
        if close != -1 and close < start + 2:
            close = text.find("}", start + 2)
        if close >= 0 and (following < 0 or close < following):
            yield text[start + 2 : close], True
        else:
            yield text[start + 2 : following if following >= 0 else len(text)], False
        start = following


def _opening(text: str, position: int) -> int:
    """The next `${` at or after position that is not escaped as `$${`, or -1."""
    found = text.find("${", position)
    while found > 0 and text[found - 1] == "$":
        found = text.find("${", found + 2)
    return found


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


@lru_cache(maxsize=65536)
def _problem(expr: str, closed: bool, top: str, is_key: bool) -> tuple[str, str] | None:
    """What is wrong with one reference (None: nothing, or not layer's), given the top-level key it is under."""
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
    if prefix in ("dependency", "ssm") and top != RESOLVED_AT_RUN:
        what = "dependency outputs are resolved" if prefix == "dependency" else "SSM parameters are read"
        return (
            f"{shown} is not allowed in {top}: {what} only in inputs",
            "pass the value through an input of the module; backend, module, dependencies (and their "
            "mock_outputs), provider, tags, env and terraform settings are fixed before Terraform runs",
        )
    return None


def _form(prefix: str) -> str:
    return {
        "dependency": "write " + DEPENDENCY_FORM,
        "env": "write ${env:NAME} or ${env:NAME:-default}",
        "layer": "write ${layer.id} or ${layer.name}",
        "ssm": ssm.FORM,
    }[prefix]


def _malformed(prefix: str, expr: str) -> str | None:
    if prefix == "env":
        name = expr[len("env:") :].partition(":-")[0] if expr.startswith("env:") else ""
        return None if _ENV_NAME.fullmatch(name) else "expected an environment variable name after env:"
    if prefix == "layer":
        return None if expr in ("layer.id", "layer.name") else "only ${layer.id} and ${layer.name} exist"
    if prefix == "ssm":
        return ssm.malformed(expr)
    parts = _split(expr)
    if parts is None or parts[0] != "dependency" or any(not p for p in parts):
        return "it is not of the form dependency.NAME.outputs.OUTPUT"
    if len(parts) < 2:
        return "the dependency's name is missing"
    if len(parts) < 3 or parts[2] != "outputs":
        return f"expected 'outputs' after dependency.{parts[1]}"
    if len(parts) < 4:
        return "the output's name is missing"
    return None


@lru_cache(maxsize=65536)
def _split(expr: str) -> tuple[str, ...] | None:
    parts = split_path(expr)
    return tuple(parts) if parts is not None else None


def _undeclared(ref: DependencyRef, names: list[str], where: Location) -> ReferenceError:
    guess = difflib.get_close_matches(ref.name, names, n=1)
    hint = f"did you mean '{guess[0]}'? " if guess else ""
    hint += f"declared: {', '.join(names)}" if names else f"declare it: dependencies: {{{ref.name}: ../PATH}}"
    return ReferenceError(
        f"{ref.text} names dependency '{ref.name}', which this layer does not declare under dependencies:",
        where,
        hint,
    )


# --------------------------------------------------------------------------------------------------
# Against the dependency's module: outputs and mock_outputs


def check_outputs(tree: Tree, ids: Iterable[str]) -> tuple[list[LayerError], list[str]]:
    """Each reference's OUTPUT, and each mock_outputs key, is an output of the dependency's module.
    Returns the errors and notes (a dependency whose module's outputs cannot be read from disk)."""
    errors: list[LayerError] = []
    notes: set[str] = set()
    outputs_by_module: dict[Path, frozenset[str] | None] = {}
    for ident in ids:
        layer = tree.layers[ident]
        for dep in layer.dependencies:
            target = tree.layers.get(dep.layer_id)
            if target is None:
                continue
            outputs = _outputs_of(target, outputs_by_module)
            if outputs is None:
                notes.add(
                    f"the outputs of {dep.layer_id}'s module ({target.module_source}) cannot be read from "
                    "disk: references to it are checked by Terraform only"
                )
                continue
            errors += _unknown_mocks(layer, dep.name, dep.mock_outputs, outputs, dep.layer_id)
            errors += [
                _unknown_output(ref, dep.layer_id, outputs, layer.location(ref.key_path))
                for ref in layer.references
                if ref.name == dep.name and ref.output not in outputs
            ]
    errors += _publish_errors(tree, ids, notes)
    notes.update(_newer_patches(tree, ids))
    return errors, sorted(notes)


_RELEASE_TAG = re.compile(r"^([a-z0-9][a-z0-9-]*)/v\d+\.\d+\.\d+$")  # layer modules release: NAME/vX.Y.Z


def _newer_patches(tree: Tree, ids: Iterable[str]) -> list[str]:
    """A layer pinning a module release (?ref=NAME/vX.Y.Z) while the local clone has a newer patch of it."""
    from layer.config.pins import git_toplevel, parse_git_source

    top = git_toplevel(str(tree.root))
    if top is None:
        return []
    from layer.release import newer_patch

    found = []
    for ident in ids:
        source = parse_git_source(tree.layers[ident].module_source)
        match = _RELEASE_TAG.match(source.ref) if source is not None and source.ref else None
        if source is None or match is None:
            continue
        try:
            newer = newer_patch(Path(top), match[1], source.ref)
        except LayerError:
            continue
        if newer is not None:
            found.append(f"{ident} pins {source.ref}; {newer} is released (tags of the local clone): update ?ref=")
    return found


# --------------------------------------------------------------------------------------------------
# Published outputs (`publish:`): outputs of the layer's module, not sensitive, one layer per path


def _publish_errors(tree: Tree, ids: Iterable[str], notes: set[str]) -> list[LayerError]:
    errors: list[LayerError] = []
    by_module: dict[Path | None, dict[str, bool] | None] = {}  # thousands of layers share a few modules
    for ident in ids:
        layer = tree.layers[ident]
        published = layer.config.get(ssm.PUBLISH_KEY) or []
        if not published:
            continue
        if layer.module_dir not in by_module:
            by_module[layer.module_dir] = _sensitive_outputs(layer)
        sensitive = by_module[layer.module_dir]
        if sensitive is None:
            notes.add(
                f"the outputs of {ident}'s module ({layer.module_source}) cannot be read from disk: its "
                "publish: list is checked by Terraform only"
            )
            continue
        for index, name in enumerate(published):
            if name not in sensitive:
                errors.append(
                    ReferenceError(
                        f"publish: '{name}' is not an output of the module of {ident}",
                        layer.location((ssm.PUBLISH_KEY, index)),  # asked only for an error: it may load the file
                        _closest(name, frozenset(sensitive)),
                    )
                )
            elif sensitive[name]:
                errors.append(
                    ReferenceError(
                        f"publish: output '{name}' of {ident} is sensitive: it would be written to SSM as plain text",
                        layer.location((ssm.PUBLISH_KEY, index)),
                        "publish only non-secret values; a service reads a secret from Secrets Manager by its ARN",
                    )
                )
    return errors + _duplicate_paths(tree)


def _sensitive_outputs(layer: Layer) -> dict[str, bool] | None:
    """Output name -> sensitive, of the layer's module (None: not on disk, or unreadable)."""
    if layer.module_dir is None:
        return None
    from layer.interface.spec import load_module

    try:
        return {name: out.sensitive for name, out in load_module(layer.module_dir).outputs.items()}
    except LayerError:
        return None


def _duplicate_paths(tree: Tree) -> list[LayerError]:
    """Two layers of the tree that would write the same parameter: the same path (environment, layer name,
    output) in the same Parameter Store (account and region: each region has its own)."""
    owners: dict[tuple[str, str, str], str] = {}
    errors: list[LayerError] = []
    for ident in sorted(tree.layers):
        layer = tree.layers[ident]
        store = (str(layer.config.get("account_id", "")), str(layer.config.get("region", "")))
        for index, name in enumerate(layer.config.get(ssm.PUBLISH_KEY) or []):
            path = ssm.published_path(str(layer.config.get("environment", "")), layer.name, str(name))
            owner = owners.setdefault((*store, path), ident)
            if owner != ident:
                errors.append(
                    ReferenceError(
                        f"publish: {ident} and {owner} would both write {path} (region {store[1]})",
                        layer.location((ssm.PUBLISH_KEY, index)),
                        "the path is /platform/ENVIRONMENT/LAYER-DIRECTORY-NAME/OUTPUT: publish it from one of them",
                    )
                )
    return errors


def _outputs_of(layer: Layer, known: dict[Path, frozenset[str] | None]) -> frozenset[str] | None:
    """The output names of the layer's module (None: not on disk, or unreadable), once per module directory."""
    if layer.module_dir is None:
        return None
    if layer.module_dir not in known:
        from layer.interface.spec import load_module  # python-hcl2 only when a reference is checked

        try:
            known[layer.module_dir] = frozenset(load_module(layer.module_dir).outputs)
        except LayerError:
            known[layer.module_dir] = None  # the module's own problem: reported when that layer is validated
    return known[layer.module_dir]


def _unknown_output(ref: DependencyRef, target: str, outputs: frozenset[str], where: Location) -> ReferenceError:
    return ReferenceError(
        f"{ref.text}: the module of {target} has no output '{ref.output}'",
        where,
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
