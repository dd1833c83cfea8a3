"""JSON Schema validation of each file and of each merged layer, with errors located in the YAML."""

from __future__ import annotations

import difflib
import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from layer.config.reader import KeyPath, Provenance, dotted, locate
from layer.errors import Location, SchemaError

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
KINDS = ("defaults", "layer", "resolved")


@cache
def _registry() -> Registry:
    resources = []
    for path in SCHEMA_DIR.glob("*.schema.json"):
        contents = json.loads(path.read_text())
        resource = Resource.from_contents(contents)
        resources.append((path.name, resource))
        resources.append((contents["$id"], resource))
    return Registry().with_resources(resources)


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """Replace `common.schema.json#/$defs/x` references with the definitions themselves.

    The published schemas keep their references (editors follow them); validation uses the inlined copy,
    because resolving a reference per value was most of the validation time on large trees."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and "#/$defs/" in ref:
            target = _inline(defs[ref.rsplit("/", 1)[1]], defs)
            extra = {k: _inline(v, defs) for k, v in node.items() if k != "$ref"}
            return {**target, **extra}
        return {k: _inline(v, defs) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


@cache
def validator(kind: str) -> Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text())
    defs = json.loads((SCHEMA_DIR / "common.schema.json").read_text())["$defs"]
    return Draft202012Validator(_inline(schema, defs), registry=_registry())


@cache
def append_paths() -> frozenset[tuple[str, ...]]:
    """Key paths (with '*' for any key) whose lists append instead of replace (`x-merge: append`)."""
    found: set[tuple[str, ...]] = set()
    common = json.loads((SCHEMA_DIR / "common.schema.json").read_text())["$defs"]
    layer = json.loads((SCHEMA_DIR / "layer.schema.json").read_text())

    def walk(node: Any, path: tuple[str, ...]) -> None:
        if not isinstance(node, dict):
            return
        if node.get("x-merge") == "append":
            found.add(path)
        ref = node.get("$ref")
        if isinstance(ref, str) and "#/$defs/" in ref and len(path) < 6:
            walk(common.get(ref.rsplit("/", 1)[1]), path)
        for key, sub in node.get("properties", {}).items():
            walk(sub, (*path, key))
        if isinstance(node.get("additionalProperties"), dict):
            walk(node["additionalProperties"], (*path, "*"))

    walk(layer, ())
    return frozenset(found)


SHARED_KEYS = ("organisation", "environment", "account_id", "region", "tags", "backend", "provider", "terraform", "env")
_shared_errors: dict[str, list[ValidationError]] = {}


@cache
def _part_validator(kind: str, shared: bool) -> Draft202012Validator:
    """The layer schema restricted to the inherited keys (shared=True) or to the rest."""
    full = validator(kind).schema
    assert isinstance(full, dict)
    props = {k: v for k, v in full["properties"].items() if (k in SHARED_KEYS) == shared}
    part = {k: v for k, v in full.items() if k not in ("properties", "required")}
    return Draft202012Validator({**part, "properties": props})


def validate_layer(data: dict[str, Any], provenance: Provenance, fallback: Path | None) -> list[SchemaError]:
    """Validate a merged layer. Inherited settings are mostly the same objects across thousands of
    layers, so each distinct value of them is validated once per process; the layer's own keys always."""
    if set(data) - set(_layer_properties()):
        return validate("layer", data, provenance, fallback)  # unknown keys: the full report
    shared = {k: data[k] for k in SHARED_KEYS if k in data}
    key = json.dumps(shared, sort_keys=True, default=str)
    if key not in _shared_errors:
        _shared_errors[key] = list(_part_validator("layer", True).iter_errors(shared))
    found = [
        *_shared_errors[key],
        *_part_validator("layer", False).iter_errors({k: v for k, v in data.items() if k not in SHARED_KEYS}),
    ]
    return [_to_error(e, provenance, fallback) for e in sorted(found, key=lambda e: list(map(str, e.absolute_path)))]


@cache
def _layer_properties() -> frozenset[str]:
    schema = validator("layer").schema
    assert isinstance(schema, dict)
    return frozenset(schema["properties"])


_dependency_cache: dict[str, list[ValidationError]] = {}


def _dependency_errors(dependencies: Any) -> list[ValidationError]:
    """Each distinct dependency entry is validated once per process (its `oneOf` is the costly part)."""
    check = _part_validator("layer", False)
    if not isinstance(dependencies, dict):
        return list(check.iter_errors({"dependencies": dependencies}))
    found: list[ValidationError] = []
    for name, spec in dependencies.items():
        key = json.dumps([name, spec], sort_keys=True, default=str)
        if key not in _dependency_cache:
            _dependency_cache[key] = list(check.iter_errors({"dependencies": {name: spec}}))
        found += _dependency_cache[key]
    return found


def validate_resolved(data: dict[str, Any], provenance: Provenance, fallback: Path | None) -> list[SchemaError]:
    """The keys every layer needs once merged; the validator runs only to explain a missing one."""
    backend = data.get("backend")
    if (
        all(k in data for k in ("module", "region", "environment"))
        and isinstance(backend, dict)
        and "bucket" in backend
    ):
        return []
    return validate("resolved", data, provenance, fallback)


def merge_strategy(key_path: KeyPath) -> str:
    for pattern in append_paths():
        if len(pattern) == len(key_path) and all(p in ("*", k) for p, k in zip(pattern, key_path, strict=True)):
            return "append"
    return "replace"


def validate(
    kind: str, data: dict[str, Any], provenance: Provenance, fallback: Path | None, templated: bool = True
) -> list[SchemaError]:
    """Every violation of the kind's schema, each located at the file and line of the key.

    With templated=False (an inherited, partial file), a value still holding a `${...}` reference is not
    judged by its form, and a missing required key is not an error: both are judged on the merged layer."""
    errors = []
    for err in sorted(validator(kind).iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        if not templated and (err.validator == "required" or (isinstance(err.instance, str) and "${" in err.instance)):
            continue
        errors.append(_to_error(err, provenance, fallback))
    return errors


def _to_error(err: ValidationError, provenance: Provenance, fallback: Path | None) -> SchemaError:
    key_path: KeyPath = tuple(err.absolute_path)
    message, hint = _explain(err)
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        allowed = set(err.schema.get("properties", {})) if isinstance(err.schema, dict) else set()
        extra = sorted(k for k in err.instance if k not in allowed)
        if extra:
            key_path = (*key_path, extra[0])
    location = locate(provenance, key_path, fallback)
    if location.key is None and key_path:
        location = Location(location.path, location.line, dotted(key_path))
    return SchemaError(message, location, hint)


def _explain(err: ValidationError) -> tuple[str, str]:
    where = dotted(tuple(err.absolute_path)) or "the file"
    schema = err.schema if isinstance(err.schema, dict) else {}
    if err.validator == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = sorted(k for k in err.instance if k not in allowed) if isinstance(err.instance, dict) else []
        guess = difflib.get_close_matches(extra[0], allowed, n=1) if extra else []
        hint = f"did you mean '{guess[0]}'? " if guess else ""
        hint += f"allowed keys here: {', '.join(allowed)}" if allowed else "remove the key"
        place = f" in {where}" if err.absolute_path else ""
        return (f"unknown key {', '.join(repr(k) for k in extra)}{place}", hint)
    if err.validator == "required":
        return (f"{where}: {err.message}", "add the key here or in a _defaults.yaml above this layer")
    if err.validator == "type":
        return (
            f"{where}: expected {err.validator_value}, got {type(err.instance).__name__} {err.instance!r}",
            f"change {where} to a {err.validator_value}",
        )
    if err.validator == "pattern":
        return (
            f"{where}: {err.instance!r} does not match the pattern {err.validator_value}",
            schema.get("description", "see the schema in schemas/ for the expected form"),
        )
    if err.validator == "enum":
        return (
            f"{where}: {err.instance!r} is not one of {err.validator_value}",
            "use one of the listed values",
        )
    if err.validator == "oneOf":
        return (
            f"{where}: {err.instance!r} matches none of the allowed forms",
            "a dependency is a path string or a mapping with `path` and optional `mock_outputs`",
        )
    return (f"{where}: {err.message}", "see the schema in schemas/ for the expected form")
