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


@cache
def validator(kind: str) -> Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text())
    return Draft202012Validator(schema, registry=_registry())


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


def merge_strategy(key_path: KeyPath) -> str:
    for pattern in append_paths():
        if len(pattern) == len(key_path) and all(p in ("*", k) for p, k in zip(pattern, key_path, strict=True)):
            return "append"
    return "replace"


def validate(
    kind: str, data: dict[str, Any], provenance: Provenance, fallback: Path | None, templated: bool = True
) -> list[SchemaError]:
    """Every violation of the kind's schema, each located at the file and line of the key.

    With templated=False, a value still holding a `${...}` reference is not judged by its form
    (pattern, format): it is judged after resolution, in the merged layer."""
    errors = []
    for err in sorted(validator(kind).iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        if not templated and isinstance(err.instance, str) and "${" in err.instance:
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
