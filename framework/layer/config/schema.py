"""JSON Schema validation of each file and of each merged layer, with errors located in the YAML."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from layer.config.reader import KeyPath, Provenance, dotted, locate
from layer.errors import Location, SchemaError

if TYPE_CHECKING:  # jsonschema is imported when an instance is not valid (is_valid() answers the rest)
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
KINDS = ("defaults", "layer", "resolved")


@cache
def _registry() -> Registry:
    from referencing import Registry, Resource

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
def schema_of(kind: str) -> dict[str, Any]:
    """The kind's schema with the common definitions inlined: what every check validates against."""
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text())
    defs = json.loads((SCHEMA_DIR / "common.schema.json").read_text())["$defs"]
    inlined: dict[str, Any] = _inline(schema, defs)
    return inlined


@cache
def validator(kind: str) -> Draft202012Validator:
    """jsonschema's validator of the kind (no format checker: `format` is an annotation here)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema_of(kind), registry=_registry())


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
    from jsonschema import Draft202012Validator

    full = schema_of(kind)
    props = {k: v for k, v in full["properties"].items() if (k in SHARED_KEYS) == shared}
    part = {k: v for k, v in full.items() if k not in ("properties", "required")}
    return Draft202012Validator({**part, "properties": props})


Check = Callable[[Any], bool]
# Keywords that never make an instance invalid (annotations; `format` asserts nothing without a format checker).
_ANNOTATIONS = frozenset(
    {"$schema", "$id", "$comment", "title", "description", "default", "examples", "x-merge", "format"}
)
_TYPES: dict[str, Check] = {
    "object": lambda x: isinstance(x, dict),
    "array": lambda x: isinstance(x, list),
    "string": lambda x: isinstance(x, str),
    "boolean": lambda x: isinstance(x, bool),
    "null": lambda x: x is None,
    "number": lambda x: isinstance(x, (int, float)) and not isinstance(x, bool),
    "integer": lambda x: (isinstance(x, int) and not isinstance(x, bool)) or (isinstance(x, float) and x.is_integer()),
}


@cache
def is_valid(kind: str) -> Check:
    """A fast, exact answer to "does this instance have no error under the kind's schema?".

    jsonschema walks its validator machinery for every value (most of the time of validating a big tree);
    this compiles the keywords the schemas use into plain checks once. Errors are still reported by
    jsonschema (validate/validate_layer run it whenever this says False), so messages do not change. A
    subschema with a keyword not handled here is checked by jsonschema itself, so the answer stays exact."""
    return _compile(schema_of(kind), kind, formats_ignored=True)  # validator() has no format checker


def _by_jsonschema(kind: str, schema: Any) -> Check:
    """jsonschema's own answer for a subschema (made on first use)."""
    made: list[Check] = []

    def check(instance: Any) -> bool:
        if not made:
            made.append(validator(kind).evolve(schema=schema).is_valid)
        return made[0](instance)

    return check


def _compile(schema: Any, kind: str, formats_ignored: bool) -> Check:
    if schema is True or schema == {}:
        return lambda _: True
    if schema is False:
        return lambda _: False
    if not isinstance(schema, dict):
        return _by_jsonschema(kind, schema)
    known = {
        "type",
        "properties",
        "additionalProperties",
        "required",
        "pattern",
        "minLength",
        "maxLength",
        "minimum",
        "items",
        "minItems",
        "propertyNames",
        "oneOf",
        "not",
        "enum",
    }
    ignored = _ANNOTATIONS if formats_ignored else _ANNOTATIONS - {"format"}
    unknown = set(schema) - known - ignored
    enum = schema.get("enum")
    if unknown or (enum is not None and not all(isinstance(e, str) for e in enum)):
        return _by_jsonschema(kind, schema)
    checks: list[Check] = []
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not all(n in _TYPES for n in names):
            return _by_jsonschema(kind, schema)
        tests = [_TYPES[n] for n in names]
        checks.append(lambda x: any(t(x) for t in tests))
    if enum is not None:
        allowed = frozenset(enum)
        checks.append(lambda x: isinstance(x, str) and x in allowed)
    checks += _string_checks(schema)
    if "minimum" in schema:
        low = schema["minimum"]
        checks.append(lambda x: not _TYPES["number"](x) or x >= low)
    checks += _object_checks(schema, kind, formats_ignored)
    if "items" in schema or "minItems" in schema:
        item = _compile(schema.get("items", True), kind, formats_ignored)
        least = schema.get("minItems", 0)
        checks.append(lambda x: not isinstance(x, list) or (len(x) >= least and all(item(v) for v in x)))
    if "oneOf" in schema:
        branches = [_compile(b, kind, formats_ignored) for b in schema["oneOf"]]
        checks.append(lambda x: sum(1 for b in branches if b(x)) == 1)
    if "not" in schema:
        negated = _compile(schema["not"], kind, formats_ignored)
        checks.append(lambda x: not negated(x))
    if len(checks) == 1:
        return checks[0]
    return lambda x: all(c(x) for c in checks)


def _string_checks(schema: dict[str, Any]) -> list[Check]:
    checks: list[Check] = []
    if "pattern" in schema:
        search = re.compile(schema["pattern"]).search  # jsonschema uses re.search too
        checks.append(lambda x: not isinstance(x, str) or search(x) is not None)
    if "minLength" in schema or "maxLength" in schema:
        low, high = schema.get("minLength", 0), schema.get("maxLength")
        checks.append(lambda x: not isinstance(x, str) or (len(x) >= low and (high is None or len(x) <= high)))
    return checks


def _object_checks(schema: dict[str, Any], kind: str, formats_ignored: bool) -> list[Check]:
    checks: list[Check] = []
    required = tuple(schema.get("required", ()))
    if required:
        checks.append(lambda x: not isinstance(x, dict) or all(k in x for k in required))
    if "propertyNames" in schema:
        name_ok = _compile(schema["propertyNames"], kind, formats_ignored)
        checks.append(lambda x: not isinstance(x, dict) or all(name_ok(k) for k in x))
    if "properties" in schema or "additionalProperties" in schema:
        props = {k: _compile(v, kind, formats_ignored) for k, v in schema.get("properties", {}).items()}
        extra = _compile(schema.get("additionalProperties", True), kind, formats_ignored)

        def properties(x: Any) -> bool:
            if not isinstance(x, dict):
                return True
            for key, value in x.items():
                check = props.get(key, extra)
                if not check(value):
                    return False
            return True

        checks.append(properties)
    return checks


def validate_layer(
    data: dict[str, Any], provenance: Provenance, fallback: Path | None, checked: frozenset[str] = frozenset()
) -> list[SchemaError]:
    """Validate a merged layer. Inherited settings are mostly the same objects across thousands of
    layers, so each distinct value of them is validated once per process; the layer's own keys always.
    A layer the compiled check finds valid (nearly every one) skips jsonschema altogether; `checked` are
    top-level keys whose values inherited_valid() already accepted (they are not checked again)."""
    if is_valid("layer")({k: v for k, v in data.items() if k not in checked} if checked else data):
        return []
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


InheritedMemo = dict[tuple[str, int], tuple[Any, bool]]  # (key, id(value)) -> (value, valid)


def inherited_valid(key: str, value: Any, memo: InheritedMemo | None = None) -> bool:
    """Whether a layer's top-level `key` holding `value` (a value it inherits as is, the same object in
    every layer below one _defaults.yaml, and holding no `${...}` reference) is valid: asked once per
    object and memo (the load's: layer.config.loadcache.LoadCache). A layer's keys are judged independently
    of each other (the schema's top level has only `type`, `properties` and `additionalProperties`), so
    such keys can be left out of the layer's check."""
    if not _keys_independent("layer") or key not in _layer_properties():
        return False
    memo = memo if memo is not None else {}
    found = memo.get((key, id(value)))
    if found is None or found[0] is not value:
        ok = not _has_reference(value) and _property_check("layer", key)(value)
        found = memo[(key, id(value))] = (value, ok)  # the memo keeps the value: its id stays its own
    return found[1]


def _has_reference(value: Any) -> bool:
    """Whether any string in the value tree holds `${` (without recursion: no depth can overflow it)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "${" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


@cache
def _keys_independent(kind: str) -> bool:
    return set(schema_of(kind)) <= {"type", "properties", "additionalProperties"} | _ANNOTATIONS


@cache
def _property_check(kind: str, key: str) -> Check:
    return _compile(schema_of(kind)["properties"][key], kind, formats_ignored=True)


@cache
def _layer_properties() -> frozenset[str]:
    return frozenset(schema_of("layer")["properties"])


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
    if is_valid(kind)(data):
        return []
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
        wanted = _type_words(err.validator_value)
        return (
            f"{where}: expected {err.validator_value}, got {type(err.instance).__name__} {_short_repr(err.instance)}",
            f"change {where} to {wanted}",
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


_TYPE_WORDS = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


def _type_words(types: Any) -> str:
    """A JSON Schema type (or list of types) in the words of the YAML file."""
    names = types if isinstance(types, list) else [types]
    return " or ".join(_TYPE_WORDS.get(str(name), str(name)) for name in names)


def _short_repr(value: Any, limit: int = 80) -> str:
    """repr of a value for one line of an error: a 30,000-key map is not printed whole."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + " ..."
