"""Terraform type constraints: parse them from HCL and check values against them.

`parse_type` reads a `type = ...` expression (as written in a .tf file, or as python-hcl2 emits it,
wrapped in `${...}`) into frozen dataclasses. `check_value` says whether a value (from YAML/JSON)
converts to that type the way Terraform would convert it, and names the path of every problem.

Conversion rules (measured against Terraform 1.11):
- string accepts numbers and bools (Terraform renders them); number accepts decimal strings
  ("12", "-1.5", "1e3", ".5"; not " 12", "0x10", "1_000", "inf"); bool accepts "true", "false",
  "1" and "0" (not "True", not numbers).
- null is valid anywhere below the top level; at the top level only when the variable is nullable.
- list/set accept sequences, map accepts mappings whose values all convert, tuple needs the exact length.
- object: every declared non-optional attribute must be present (it may be null); an attribute that
  is not declared is an error. Terraform itself silently drops undeclared attributes; we reject them
  because in layered YAML an unknown key is nearly always a typo that would otherwise be lost.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar, TypeAlias, cast

from layer.errors import ConfigSyntaxError

__all__ = [
    "ANY",
    "BOOL",
    "NUMBER",
    "STRING",
    "AnyType",
    "CollectionType",
    "ListType",
    "MapType",
    "ObjectAttribute",
    "ObjectType",
    "PrimitiveType",
    "SetType",
    "TupleType",
    "TypeConstraint",
    "TypeExpressionError",
    "check_value",
    "parse_type",
]


class TypeExpressionError(ConfigSyntaxError, ValueError):
    """A type constraint expression could not be parsed."""


# --------------------------------------------------------------------------------------------------
# The constraint kinds


@dataclass(frozen=True)
class PrimitiveType:
    """`string`, `number` or `bool`."""

    name: str

    NAMES: ClassVar[frozenset[str]] = frozenset({"string", "number", "bool"})

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class AnyType:
    """`any`: Terraform infers the type from the value."""

    def __str__(self) -> str:
        return "any"


@dataclass(frozen=True)
class ListType:
    element: TypeConstraint

    def __str__(self) -> str:
        return f"list({self.element})"


@dataclass(frozen=True)
class SetType:
    element: TypeConstraint

    def __str__(self) -> str:
        return f"set({self.element})"


@dataclass(frozen=True)
class MapType:
    element: TypeConstraint

    def __str__(self) -> str:
        return f"map({self.element})"


@dataclass(frozen=True)
class TupleType:
    elements: tuple[TypeConstraint, ...]

    def __str__(self) -> str:
        return "tuple([" + ", ".join(str(e) for e in self.elements) + "])"


@dataclass(frozen=True)
class ObjectAttribute:
    """One attribute of an object type. `default` is meaningful only when `has_default`."""

    name: str
    type: TypeConstraint
    optional: bool = False
    default: object = None
    has_default: bool = False

    def __str__(self) -> str:
        if not self.optional:
            return f"{_render_key(self.name)} = {self.type}"
        if self.has_default:
            return f"{_render_key(self.name)} = optional({self.type}, {_render_literal(self.default)})"
        return f"{_render_key(self.name)} = optional({self.type})"


@dataclass(frozen=True)
class ObjectType:
    attributes: tuple[ObjectAttribute, ...]

    def attribute(self, name: str) -> ObjectAttribute | None:
        for attr in self.attributes:
            if attr.name == name:
                return attr
        return None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.attributes)

    def __str__(self) -> str:
        return "object({" + ", ".join(str(a) for a in self.attributes) + "})"


TypeConstraint: TypeAlias = PrimitiveType | AnyType | ListType | SetType | MapType | TupleType | ObjectType
CollectionType: TypeAlias = ListType | SetType | MapType

STRING = PrimitiveType("string")
NUMBER = PrimitiveType("number")
BOOL = PrimitiveType("bool")
ANY = AnyType()


def _render_key(name: str) -> str:
    return name if _IDENT.fullmatch(name) else json.dumps(name)


def _render_literal(value: object) -> str:
    """An HCL literal for a Python value (for `optional(T, default)` rendering)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return json.dumps(value)
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_render_key(str(k))} = {_render_literal(v)}" for k, v in value.items())
        return "{" + inner + "}"
    if isinstance(value, Sequence):
        return "[" + ", ".join(_render_literal(v) for v in value) + "]"
    return json.dumps(str(value))


# --------------------------------------------------------------------------------------------------
# Parsing

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_TOKEN = re.compile(
    r"""
    (?P<ws>[ \t\r\n]+|\#[^\n]*|//[^\n]*|/\*.*?\*/)
    | (?P<number>-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
    | (?P<string>"(?:[^"\\]|\\.)*")
    | (?P<ident>[A-Za-z_][A-Za-z0-9_-]*)
    | (?P<punct>[()\[\]{},=:])
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    pos: int


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise TypeExpressionError(f"invalid type expression {text!r}: unexpected {text[pos]!r} at offset {pos}")
        kind = match.lastgroup or ""
        if kind != "ws":
            tokens.append(_Token(kind, match.group(), pos))
        pos = match.end()
    tokens.append(_Token("eof", "", pos))
    return tokens


def _unwrap(expr: str) -> str:
    """Strip the `${...}` wrapper python-hcl2 puts around non-literal expressions (possibly nested)."""
    text = expr.strip()
    while text.startswith("${") and text.endswith("}") and _balanced(text[2:-1]):
        text = text[2:-1].strip()
    return text


def _balanced(text: str) -> bool:
    depth = 0
    in_string = False
    escape = False
    for char in text:
        if in_string:
            if escape:
                escape = False
            elif char == "\\":
                escape = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0 and not in_string


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.index = 0

    # token helpers
    def peek(self) -> _Token:
        return self.tokens[self.index]

    def next(self) -> _Token:
        token = self.tokens[self.index]
        if token.kind != "eof":
            self.index += 1
        return token

    def error(self, message: str, token: _Token | None = None) -> TypeExpressionError:
        token = token or self.peek()
        found = "end of expression" if token.kind == "eof" else repr(token.text)
        return TypeExpressionError(
            f"invalid type expression {self.text!r}: {message}, found {found} at offset {token.pos}"
        )

    def expect(self, text: str) -> _Token:
        token = self.next()
        if token.text != text or token.kind == "string":
            raise self.error(f"expected {text!r}", token)
        return token

    def accept(self, text: str) -> bool:
        token = self.peek()
        if token.kind == "punct" and token.text == text:
            self.index += 1
            return True
        return False

    # grammar
    def parse(self) -> TypeConstraint:
        result = self.type_expr()
        if self.peek().kind != "eof":
            raise self.error("unexpected trailing input")
        return result

    def type_expr(self) -> TypeConstraint:
        token = self.next()
        if token.kind != "ident":
            raise self.error("expected a type", token)
        name = token.text
        if name in PrimitiveType.NAMES:
            return PrimitiveType(name)
        if name == "any":
            return ANY
        if name in ("list", "set", "map"):
            self.expect("(")
            element = self.type_expr()
            self.expect(")")
            if name == "list":
                return ListType(element)
            if name == "set":
                return SetType(element)
            return MapType(element)
        if name == "tuple":
            self.expect("(")
            self.expect("[")
            elements: list[TypeConstraint] = []
            while not self.accept("]"):
                elements.append(self.type_expr())
                if not self.accept(","):
                    self.expect("]")
                    break
            self.expect(")")
            return TupleType(tuple(elements))
        if name == "object":
            return self.object_type()
        if name == "optional":
            raise self.error("optional() is only allowed for an object attribute", token)
        raise self.error("unknown type", token)

    def object_type(self) -> ObjectType:
        self.expect("(")
        self.expect("{")
        attributes: list[ObjectAttribute] = []
        seen: set[str] = set()
        while not self.accept("}"):
            key_token = self.next()
            if key_token.kind == "ident":
                key = key_token.text
            elif key_token.kind == "string":
                key = _decode_string(key_token.text)
            else:
                raise self.error("expected an attribute name", key_token)
            if key in seen:
                raise self.error(f"duplicate attribute {key!r}", key_token)
            seen.add(key)
            separator = self.next()
            if separator.text not in ("=", ":") or separator.kind != "punct":
                raise self.error(f"expected '=' after attribute {key!r}", separator)
            attributes.append(self.attribute(key))
            self.accept(",")
        self.expect(")")
        return ObjectType(tuple(attributes))

    def attribute(self, key: str) -> ObjectAttribute:
        token = self.peek()
        if token.kind == "ident" and token.text == "optional":
            self.next()
            self.expect("(")
            attr_type = self.type_expr()
            if self.accept(","):
                if self.peek().text == ")":  # optional(T,) is legal HCL
                    self.expect(")")
                    return ObjectAttribute(key, attr_type, optional=True)
                default = self.literal()
                self.accept(",")
                self.expect(")")
                return ObjectAttribute(key, attr_type, optional=True, default=default, has_default=True)
            self.expect(")")
            return ObjectAttribute(key, attr_type, optional=True)
        return ObjectAttribute(key, self.type_expr())

    def literal(self) -> object:
        token = self.next()
        if token.kind == "string":
            return _decode_string(token.text)
        if token.kind == "number":
            return _number(token.text)
        if token.kind == "ident":
            if token.text == "true":
                return True
            if token.text == "false":
                return False
            if token.text == "null":
                return None
            raise self.error("only literal values are supported as optional() defaults", token)
        if token.kind == "punct" and token.text == "[":
            items: list[object] = []
            while not self.accept("]"):
                items.append(self.literal())
                if not self.accept(","):
                    self.expect("]")
                    break
            return items
        if token.kind == "punct" and token.text == "{":
            mapping: dict[str, object] = {}
            while not self.accept("}"):
                key_token = self.next()
                if key_token.kind == "ident":
                    key = key_token.text
                elif key_token.kind == "string":
                    key = _decode_string(key_token.text)
                else:
                    raise self.error("expected an object key", key_token)
                separator = self.next()
                if separator.text not in ("=", ":"):
                    raise self.error("expected '=' in object literal", separator)
                mapping[key] = self.literal()
                self.accept(",")
            return mapping
        raise self.error("expected a literal value", token)


def _decode_string(text: str) -> str:
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        value = text[1:-1]
    return value if isinstance(value, str) else text[1:-1]


def _number(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        return float(text)


def parse_type(expr: str) -> TypeConstraint:
    """Parse a Terraform type constraint, with or without python-hcl2's `${...}` wrapper.

    Raises TypeExpressionError (a ConfigSyntaxError and a ValueError) when it is not one.
    """
    text = _unwrap(expr)
    if not text:
        raise TypeExpressionError("empty type expression")
    return _Parser(text).parse()


# --------------------------------------------------------------------------------------------------
# Showing types: a module's type can run to thousands of characters; messages show a summary.

TYPE_DISPLAY_LIMIT = 160
_NAMES_SHOWN = 12


def short_type(constraint: TypeConstraint, limit: int = TYPE_DISPLAY_LIMIT) -> str:
    """The type as written when it is short, else a summary: objects by their first attribute names."""
    text = str(constraint)
    if len(text) <= limit:
        return text
    if isinstance(constraint, ListType | SetType | MapType):
        return f"{_kind_of(constraint)}({short_type(constraint.element, limit - 6)})"
    if isinstance(constraint, TupleType):
        return f"tuple([{len(constraint.elements)} elements])"
    if isinstance(constraint, ObjectType):
        return "object({" + name_list(constraint.names, "attributes") + "})"
    return text[:limit] + "…"


def name_list(names: Sequence[str], noun: str = "more", shown: int = _NAMES_SHOWN) -> str:
    """`a, b, c` or, for a long list, `a, b, … and 40 more attributes`."""
    if len(names) <= shown:
        return ", ".join(names)
    return ", ".join(names[:shown]) + f", … and {len(names) - shown} more {noun}"


# --------------------------------------------------------------------------------------------------
# Checking values

_NUMERIC_STRING = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_PATH_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")

ValuePath = tuple[str | int, ...]


@dataclass(frozen=True)
class Unknown:
    """A value known only when Terraform runs (a dependency output). `kind` is "string" when a reference
    is part of a longer string (the result is a string whatever the output is), else "any"."""

    kind: str = "any"
    text: str = ""
    sample: object = None  # the dependency's mock output, when it declares one
    has_sample: bool = False

    def __str__(self) -> str:
        return self.text or "(known after apply)"


@dataclass(frozen=True)
class Problem:
    """One reason a value does not convert: where inside the value (`path`), what, and the type expected there."""

    path: ValuePath
    message: str
    expected: TypeConstraint | None = None

    def render(self, prefix: str = "") -> str:
        return _at(render_path(prefix, self.path), self.message)


def render_path(prefix: str, path: ValuePath) -> str:
    text = prefix
    for key in path:
        text = _join(text, key)
    return text


def _kind(value: object) -> str:
    """The Terraform-ish name of a Python value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, Unknown):
        return "string" if value.kind == "string" else "unknown"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, list | tuple | set | frozenset):
        return "list"
    return type(value).__name__


def _join(path: str, key: object) -> str:
    if isinstance(key, int) and not isinstance(key, bool):
        return f"{path}[{key}]"
    text = str(key)
    if _PATH_KEY.fullmatch(text):
        return f"{path}.{text}" if path else text
    return f"{path}[{json.dumps(text)}]"


def _at(path: str, message: str) -> str:
    return f"{path}: {message}" if path else message


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def find_problems(
    value: object, constraint: TypeConstraint, *, nullable: bool = True, has_default: bool = False
) -> list[Problem]:
    """Every reason `value` does not convert to `constraint` the way Terraform converts it ([] if it does).

    A top-level null for a `nullable = false` variable is an error only when the variable has no default
    (Terraform then uses the default). `Unknown` values stand for dependency outputs.
    """
    if value is None:
        if nullable or has_default:
            return []
        return [Problem((), "must not be null (the variable is declared nullable = false and has no default)")]
    checker = _Checker()
    checker.check(value, constraint, ())
    return checker.problems


def check_value(value: object, constraint: TypeConstraint, path: str = "", *, nullable: bool = True) -> list[str]:
    """Problems converting `value` to `constraint`, one message per problem ([] if it converts).

    `path` prefixes every message (for example the variable name). `nullable=False` rejects a
    null at the top level, as Terraform does for a variable declared `nullable = false` without a default.
    """
    if value is None and not nullable:
        return [_at(path, "must not be null")]
    return [problem.render(path) for problem in find_problems(value, constraint, nullable=nullable)]


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: ValuePath, message: str, expected: TypeConstraint | None) -> None:
        self.problems.append(Problem(path, message, expected))

    def check(self, value: object, constraint: TypeConstraint, path: ValuePath) -> None:
        if value is None or isinstance(constraint, AnyType):
            return
        if isinstance(value, Unknown):
            self.check_unknown(value, constraint, path)
        elif isinstance(constraint, PrimitiveType):
            self.check_primitive(value, constraint, path)
        elif isinstance(constraint, ListType | SetType):
            self.check_sequence(value, constraint, path)
        elif isinstance(constraint, MapType):
            self.check_map(value, constraint, path)
        elif isinstance(constraint, TupleType):
            self.check_tuple(value, constraint, path)
        elif isinstance(constraint, ObjectType):
            self.check_object(value, constraint, path)

    def check_unknown(self, value: Unknown, constraint: TypeConstraint, path: ValuePath) -> None:
        """An output may be of any type (its mock output's, when there is one); a string with a reference
        inside is a string."""
        if value.kind == "string":
            if not isinstance(constraint, PrimitiveType):
                self.add(path, f"expected {_kind_of(constraint)}, got a string ({value.text})", constraint)
            elif not _may_convert(value.text, constraint.name):
                self.add(path, f"expected {constraint.name}, got string {json.dumps(value.text)}", constraint)
        elif value.has_sample and value.sample is not None:
            sample = _Checker()
            sample.check(value.sample, constraint, path)
            for problem in sample.problems:
                note = f"{problem.message} (the mock output that stands for {value.text})"
                self.add(problem.path, note, problem.expected)

    def check_primitive(self, value: object, constraint: PrimitiveType, path: ValuePath) -> None:
        message = _primitive_problem(value, constraint.name)
        if message is not None:
            self.add(path, message, constraint)

    def check_sequence(self, value: object, constraint: ListType | SetType, path: ValuePath) -> None:
        if not isinstance(value, list | tuple | set | frozenset):
            self.add(path, f"expected {_kind_of(constraint)}, got {_kind(value)}", constraint)
            return
        before = len(self.problems)
        items = list(value)
        for index, item in enumerate(items):
            self.check(item, constraint.element, (*path, index))
        if len(self.problems) == before and _has_any(constraint.element):
            types = [_converted(item, constraint.element) for item in items]
            self.check_unified(types, constraint, path, drop_nulls=False)

    def check_map(self, value: object, constraint: MapType, path: ValuePath) -> None:
        if not isinstance(value, Mapping):
            self.add(path, f"expected map, got {_kind(value)}", constraint)
            return
        before = len(self.problems)
        for key, item in value.items():
            self.check(item, constraint.element, (*path, str(key)))
        if len(self.problems) == before and _has_any(constraint.element):
            types = [_converted(item, constraint.element) for item in value.values()]
            self.check_unified(types, constraint, path, drop_nulls=True)

    def check_unified(
        self, types: list[_T | None], constraint: CollectionType, path: ValuePath, drop_nulls: bool
    ) -> None:
        """Terraform converts a collection of `any` to ONE element type; say so when there is none."""
        known = [t for t in types if t is not None]
        if len(known) == len(types) and _unify(known, drop_nulls=drop_nulls) is not None:
            return
        found = sorted({_describe(t) for t in known if t not in (_UNKNOWN,)})
        kind = _kind_of(constraint)
        self.add(
            path,
            f"all {kind} elements must have the same type (Terraform converts {short_type(constraint, 60)} to one "
            f"element type), found: {', '.join(found)}{_conflict_detail(known)}",
            constraint,
        )

    def check_tuple(self, value: object, constraint: TupleType, path: ValuePath) -> None:
        if not isinstance(value, list | tuple):
            self.add(path, f"expected tuple, got {_kind(value)}", constraint)
        elif len(value) != len(constraint.elements):
            self.add(path, f"expected a tuple of {len(constraint.elements)} elements, got {len(value)}", constraint)
        else:
            for index, (item, element) in enumerate(zip(value, constraint.elements, strict=True)):
                self.check(item, element, (*path, index))

    def check_object(self, value: object, constraint: ObjectType, path: ValuePath) -> None:
        if not isinstance(value, Mapping):
            self.add(path, f"expected object, got {_kind(value)}", constraint)
            return
        declared = constraint.names
        for key in value:
            name = str(key)
            if constraint.attribute(name) is None:
                close = difflib.get_close_matches(name, declared, n=1)
                suggestion = f'; did you mean "{close[0]}"?' if close else ""
                allowed = name_list(declared, "attributes") if declared else "none"
                self.add(
                    (*path, name), f"attribute not declared in the type (allowed: {allowed}){suggestion}", constraint
                )
        for attr in constraint.attributes:
            if attr.name in value:
                self.check(value[attr.name], attr.type, (*path, attr.name))
            elif not attr.optional:
                self.add(path, f'missing required attribute "{attr.name}"', constraint)


_REFERENCE = re.compile(r"(?<!\$)\$\{[^{}]*\}")
_MAY_BE = {"number": frozenset("0123456789.+-eE"), "bool": frozenset("truefals10")}


def _may_convert(template: str, primitive: str) -> bool:
    """Whether a string with references in it may still convert to `primitive` once they are known: its
    literal text must be made of characters a number (or "true", "false", "1", "0") can have."""
    allowed = _MAY_BE.get(primitive)
    return allowed is None or set(_REFERENCE.sub("", template)) <= allowed


def _kind_of(constraint: TypeConstraint) -> str:
    if isinstance(constraint, ListType):
        return "list"
    if isinstance(constraint, SetType):
        return "set"
    if isinstance(constraint, MapType):
        return "map"
    if isinstance(constraint, TupleType):
        return "tuple"
    if isinstance(constraint, ObjectType):
        return "object"
    return str(constraint)


def _primitive_problem(value: object, name: str) -> str | None:
    if name == "string":
        if isinstance(value, str | bool) or _is_number(value):
            return None
    elif name == "number":
        if _is_number(value):
            return None
        if isinstance(value, str):
            return None if _NUMERIC_STRING.fullmatch(value) else f"expected number, got string {json.dumps(value)}"
    elif name == "bool":
        if isinstance(value, bool):
            return None
        if isinstance(value, str):
            if value in ("true", "false", "1", "0"):
                return None
            hint = ' (use lowercase "true" or "false")' if value.lower() in ("true", "false") else ""
            return f"expected bool, got string {json.dumps(value)}{hint}"
    return f"expected {name}, got {_kind(value)}"


# --------------------------------------------------------------------------------------------------
# Unification: Terraform (cty) converts a list, set or map of `any` to a collection of ONE element type.
# Value types: "string" | "number" | "bool" | "dynamic" (null) | "unknown" (a dependency output)
# | ("object", ((name, type), ...)) | ("tuple", (type, ...)) | ("list" | "set" | "map", type).

_T: TypeAlias = "str | tuple[str, object]"
_DYN = "dynamic"
_UNKNOWN = "unknown"
_PRIMITIVES = frozenset({"string", "number", "bool"})
_HAS_ANY = "_has_any"  # the memo attribute: kept on the (immutable) constraint it describes


def _has_any(constraint: TypeConstraint) -> bool:
    """Whether `any` appears anywhere in the constraint. The answer is kept on the constraint object itself
    (frozen, so it cannot change; an id()-keyed table could answer for a new object at a freed address)."""
    cached: bool | None = constraint.__dict__.get(_HAS_ANY)
    if cached is not None:
        return cached
    if isinstance(constraint, AnyType):
        found = True
    elif isinstance(constraint, ListType | SetType | MapType):
        found = _has_any(constraint.element)
    elif isinstance(constraint, TupleType):
        found = any(_has_any(e) for e in constraint.elements)
    elif isinstance(constraint, ObjectType):
        found = any(_has_any(a.type) for a in constraint.attributes)
    else:
        found = False
    object.__setattr__(constraint, _HAS_ANY, found)  # not a field: equality, hash and repr ignore it
    return found


def _value_type(value: object) -> _T:
    if value is None:
        return _DYN
    if isinstance(value, Unknown):
        if value.kind == "string":
            return "string"
        return _value_type(value.sample) if value.has_sample else _UNKNOWN
    if isinstance(value, bool):
        return "bool"
    if _is_number(value):
        return "number"
    if isinstance(value, Mapping):
        return ("object", tuple(sorted((str(k), _value_type(v)) for k, v in value.items())))
    if isinstance(value, list | tuple | set | frozenset):
        return ("tuple", tuple(_value_type(v) for v in value))
    return "string"


def _concrete(constraint: TypeConstraint) -> _T:
    """The type a typed null (or a converted value) of `constraint` has; `any` stays dynamic."""
    if isinstance(constraint, AnyType):
        return _DYN
    if isinstance(constraint, PrimitiveType):
        return constraint.name
    if isinstance(constraint, ListType | SetType | MapType):
        return (_kind_of(constraint), _concrete(constraint.element))
    if isinstance(constraint, TupleType):
        return ("tuple", tuple(_concrete(e) for e in constraint.elements))
    return ("object", tuple(sorted((a.name, _concrete(a.type)) for a in constraint.attributes)))


def _converted(value: object, constraint: TypeConstraint) -> _T | None:
    """The type `value` has once converted to `constraint` (None: it does not convert)."""
    if isinstance(constraint, AnyType):
        return _value_type(value)
    if value is None or isinstance(value, Unknown) or not _has_any(constraint):
        return _concrete(constraint)
    if isinstance(constraint, ListType | SetType):
        if not isinstance(value, list | tuple | set | frozenset):
            return None
        element = _unify_all([_converted(v, constraint.element) for v in value], drop_nulls=False)
        return None if element is None else (_kind_of(constraint), element)
    if isinstance(constraint, MapType):
        if not isinstance(value, Mapping):
            return None
        element = _unify_all([_converted(v, constraint.element) for v in value.values()], drop_nulls=True)
        return None if element is None else ("map", element)
    if isinstance(constraint, TupleType):
        if not isinstance(value, list | tuple) or len(value) != len(constraint.elements):
            return None
        items = [_converted(v, e) for v, e in zip(value, constraint.elements, strict=True)]
        return None if any(t is None for t in items) else ("tuple", tuple(items))
    if isinstance(constraint, ObjectType):
        if not isinstance(value, Mapping):
            return None
        attrs = [
            (a.name, _converted(value[a.name], a.type) if a.name in value else _concrete(a.type))
            for a in constraint.attributes
        ]
        return None if any(t is None for _, t in attrs) else ("object", tuple(sorted(attrs)))
    return _concrete(constraint)


def _unify_all(types: list[_T | None], drop_nulls: bool) -> _T | None:
    if any(t is None for t in types):
        return None
    return _unify([t for t in types if t is not None], drop_nulls=drop_nulls)


def _shape(t: _T) -> str:
    return t if isinstance(t, str) and t in (_DYN,) else (t[0] if isinstance(t, tuple) else "primitive")


def _unify(types: list[_T], drop_nulls: bool = False) -> _T | None:
    """cty's unify: the one type every given type converts to, or None."""
    types = [t for t in types if t != _UNKNOWN and not (drop_nulls and t == _DYN)]
    if not types:
        return _DYN
    counts: dict[str, int] = {}
    for t in types:
        counts[_shape(t)] = counts.get(_shape(t), 0) + 1
    total, dynamic = len(types), counts.get(_DYN, 0)
    structural = {k: v for k, v in counts.items() if k not in ("primitive", _DYN)}
    if len(structural) == 1:
        ((shape, count),) = structural.items()
        if count + dynamic == total:
            if dynamic and shape in ("object", "tuple"):
                return None  # Terraform: "all list elements must have the same type"
            return _unify_shape(shape, [t for t in types if t != _DYN])
    if set(structural) == {"map", "object"} and sum(structural.values()) + dynamic == total:
        merged = _unify_as_map([t for t in types if t != _DYN])
        if merged is not None:
            return merged
    if structural and "primitive" in counts:
        return None
    if not structural:
        return _unify_primitives(types)
    return _prefer(types)


def _unify_shape(shape: str, types: list[_T]) -> _T | None:
    if shape in ("list", "set", "map"):
        element = _unify([_inner(t) for t in types])
        return None if element is None else (shape, element)
    if shape == "object":
        return _unify_objects(types)
    return _unify_tuples(types)


def _attrs(t: _T) -> tuple[tuple[str, _T], ...]:
    assert isinstance(t, tuple)
    return cast("tuple[tuple[str, _T], ...]", t[1])


def _inner(t: _T) -> _T:
    """The element type of a list, set or map type."""
    assert isinstance(t, tuple)
    return cast("_T", t[1])


def _elements(t: _T) -> tuple[_T, ...]:
    """The element types of a tuple type."""
    assert isinstance(t, tuple)
    return cast("tuple[_T, ...]", t[1])


def _unify_objects(types: list[_T]) -> _T | None:
    names = [tuple(name for name, _ in _attrs(t)) for t in types]
    if any(n != names[0] for n in names):
        return _unify_as_map(types)
    result: list[tuple[str, _T]] = []
    for index, name in enumerate(names[0]):
        unified = _unify([_attrs(t)[index][1] for t in types])
        if unified is None:
            return None
        result.append((name, unified))
    return ("object", tuple(result))


def _unify_as_map(types: list[_T]) -> _T | None:
    elements: list[_T] = []
    for t in types:
        if isinstance(t, tuple) and t[0] == "map":
            elements.append(_inner(t))
        else:
            elements.extend(attr for _, attr in _attrs(t))
    element = _unify(elements)
    return None if element is None else ("map", element)


def _unify_tuples(types: list[_T]) -> _T | None:
    lengths = {len(_elements(t)) for t in types}
    if len(lengths) == 1:
        items: list[_T] = []
        for index in range(lengths.pop()):
            unified = _unify([_elements(t)[index] for t in types])
            if unified is None:
                return None
            items.append(unified)
        return ("tuple", tuple(items))
    element = _unify([item for t in types for item in _elements(t)])
    return None if element is None else ("list", element)


def _unify_primitives(types: list[_T]) -> _T | None:
    names = {t for t in types if t != _DYN}
    if len(names) <= 1:
        return names.pop() if names else _DYN
    return "string" if "string" in names else None  # numbers and bools convert to strings, not to each other


def _prefer(types: list[_T]) -> _T | None:
    for candidate in types:
        if candidate != _DYN and all(_converts(t, candidate) for t in types):
            return candidate
    return None


def _converts(source: _T, target: _T) -> bool:
    if source == target or _DYN in (source, target):
        return True
    if isinstance(target, str) or isinstance(source, str):
        return isinstance(source, str) and isinstance(target, str) and target == "string" and source in _PRIMITIVES
    kind, inner = target[0], _inner(target)
    if kind in ("list", "set"):
        return source[0] in ("list", "set", "tuple") and all(_converts(s, inner) for s in _items(source))
    if kind == "map":
        return source[0] in ("map", "object") and all(_converts(s, inner) for s in _items(source))
    return False


def _items(t: _T) -> list[_T]:
    assert isinstance(t, tuple)
    kind = t[0]
    if kind in ("list", "set", "map"):
        return [_inner(t)]
    if kind == "object":
        return [attr for _, attr in _attrs(t)]
    return list(_elements(t))


def _conflict_detail(types: list[_T]) -> str:
    """For objects that do not unify: the attribute to blame, when one is."""
    objects = [t for t in types if isinstance(t, tuple) and t[0] == "object"]
    if not objects or len(objects) != len(types):
        return ""
    by_name: dict[str, list[_T]] = {}
    for t in objects:
        for name, attr in _attrs(t):
            by_name.setdefault(name, []).append(attr)
    for name, attrs in by_name.items():
        if _unify(attrs) is None:
            return f' (attribute "{name}" is {" in one, ".join(sorted({_describe(a) for a in attrs}))} in another)'
    kinds = sorted({_describe(a) for attrs in by_name.values() for a in attrs if a != _UNKNOWN})
    return f" (objects with different attributes convert to one map, but their values are {', '.join(kinds)})"


def _describe(t: _T) -> str:
    if isinstance(t, str):
        return "null" if t == _DYN else t
    return {"tuple": "list", "set": "list", "list": "list"}.get(t[0], t[0])


# --------------------------------------------------------------------------------------------------
# Converting values (for evaluating validation conditions on what Terraform would see)


def convert_value(value: object, constraint: TypeConstraint) -> object:
    """`value` as Terraform converts it to `constraint` (call after `find_problems` found none):
    "12" becomes 12 for a number, 1 becomes "1" for a string, an omitted optional attribute its default."""
    if value is None or isinstance(constraint, AnyType):
        return value
    if isinstance(constraint, PrimitiveType):
        return _convert_primitive(value, constraint.name)
    if isinstance(constraint, ListType | SetType) and isinstance(value, list | tuple | set | frozenset):
        items = [convert_value(item, constraint.element) for item in value]
        return _distinct(items) if isinstance(constraint, SetType) else items
    if isinstance(constraint, MapType) and isinstance(value, Mapping):
        return {str(k): convert_value(v, constraint.element) for k, v in value.items()}
    if isinstance(constraint, TupleType) and isinstance(value, list | tuple):
        return [convert_value(v, e) for v, e in zip(value, constraint.elements, strict=False)]
    if isinstance(constraint, ObjectType) and isinstance(value, Mapping):
        return {attr.name: _convert_attribute(value, attr) for attr in constraint.attributes}
    return value


def _convert_attribute(value: Mapping[str, object], attr: ObjectAttribute) -> object:
    if value.get(attr.name) is not None:
        return convert_value(value[attr.name], attr.type)
    return convert_value(attr.default, attr.type) if attr.has_default else None


def _convert_primitive(value: object, name: str) -> object:
    if name == "string":
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value) if not isinstance(value, str) else value
    if name == "number" and isinstance(value, str):
        number = float(value)
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if name == "bool" and isinstance(value, str):
        return value in ("true", "1")
    return value


def _distinct(items: list[object]) -> list[object]:
    out: list[object] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def contains_unknown(value: object) -> bool:
    if isinstance(value, Unknown):
        return True
    if isinstance(value, Mapping):
        return any(contains_unknown(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(contains_unknown(v) for v in value)
    return False
