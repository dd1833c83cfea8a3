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
from typing import ClassVar, TypeAlias

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
# Checking values

_NUMERIC_STRING = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_PATH_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


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


def check_value(value: object, constraint: TypeConstraint, path: str = "", *, nullable: bool = True) -> list[str]:
    """Problems converting `value` to `constraint`, one message per problem ([] if it converts).

    `path` prefixes every message (for example the variable name). `nullable=False` rejects a
    null at the top level, as Terraform does for a variable declared `nullable = false`.
    """
    if value is None:
        return [] if nullable else [_at(path, "must not be null")]
    problems: list[str] = []
    _check(value, constraint, path, problems)
    return problems


def _check(value: object, constraint: TypeConstraint, path: str, problems: list[str]) -> None:
    if value is None or isinstance(constraint, AnyType):
        return
    if isinstance(constraint, PrimitiveType):
        _check_primitive(value, constraint.name, path, problems)
    elif isinstance(constraint, ListType | SetType):
        if isinstance(value, list | tuple | set | frozenset):
            for index, item in enumerate(value):
                _check(item, constraint.element, _join(path, index), problems)
        else:
            problems.append(_at(path, f"expected {_kind_of(constraint)}, got {_kind(value)}"))
    elif isinstance(constraint, MapType):
        if isinstance(value, Mapping):
            for key, item in value.items():
                _check(item, constraint.element, _join(path, str(key)), problems)
        else:
            problems.append(_at(path, f"expected {_kind_of(constraint)}, got {_kind(value)}"))
    elif isinstance(constraint, TupleType):
        if not isinstance(value, list | tuple):
            problems.append(_at(path, f"expected {_kind_of(constraint)}, got {_kind(value)}"))
        elif len(value) != len(constraint.elements):
            problems.append(_at(path, f"expected a tuple of {len(constraint.elements)} elements, got {len(value)}"))
        else:
            for index, (item, element) in enumerate(zip(value, constraint.elements, strict=True)):
                _check(item, element, _join(path, index), problems)
    elif isinstance(constraint, ObjectType):
        _check_object(value, constraint, path, problems)


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


def _check_primitive(value: object, name: str, path: str, problems: list[str]) -> None:
    if name == "string":
        if isinstance(value, str | bool) or _is_number(value):
            return
    elif name == "number":
        if _is_number(value):
            return
        if isinstance(value, str):
            if _NUMERIC_STRING.fullmatch(value):
                return
            problems.append(_at(path, f"expected number, got string {json.dumps(value)}"))
            return
    elif name == "bool":
        if isinstance(value, bool):
            return
        if isinstance(value, str):
            if value in ("true", "false", "1", "0"):
                return
            hint = ' (use lowercase "true" or "false")' if value.lower() in ("true", "false") else ""
            problems.append(_at(path, f"expected bool, got string {json.dumps(value)}{hint}"))
            return
    problems.append(_at(path, f"expected {name}, got {_kind(value)}"))


def _check_object(value: object, constraint: ObjectType, path: str, problems: list[str]) -> None:
    if not isinstance(value, Mapping):
        problems.append(_at(path, f"expected object, got {_kind(value)}"))
        return
    declared = constraint.names
    for key in value:
        name = str(key)
        if constraint.attribute(name) is None:
            close = difflib.get_close_matches(name, declared, n=1)
            suggestion = f'; did you mean "{close[0]}"?' if close else ""
            allowed = ", ".join(declared) if declared else "none"
            problems.append(
                _at(_join(path, name), f"attribute not declared in the type (allowed: {allowed}){suggestion}")
            )
    for attr in constraint.attributes:
        if attr.name in value:
            _check(value[attr.name], attr.type, _join(path, attr.name), problems)
        elif not attr.optional:
            problems.append(_at(path, f'missing required attribute "{attr.name}"'))
