"""A small evaluator for Terraform expressions: enough to run a variable's `validation` conditions on a
layer's input before Terraform runs.

`compile_expression(text)` parses an expression (as python-hcl2 renders it, with or without its `${...}`
wrapper) into a tree once; `evaluate(tree, variables)` runs it. Two kinds of failure are kept apart:
- `Unsupported`: the evaluator cannot tell (an unknown function, a reference to a local, a resource, a
  template directive...). The caller skips the condition and says so; Terraform will evaluate it.
- `EvaluationError`: Terraform itself would fail on this value (`length(null)`, a regex that does not
  match outside `can`/`try`, a string where a number is needed). Like Terraform, the caller reports it.

Semantics follow Terraform 1.11 where they matter for validations: `&&` and `||` evaluate both sides
(no short-circuit: `var.x == null || length(var.x) > 0` fails on null), a conditional evaluates only the
chosen branch, `==` never converts (`"5" == 5` is false), comparisons and arithmetic convert strings to
numbers, `can`/`try` turn evaluation errors into false/the next argument.
"""

from __future__ import annotations

import functools
import ipaddress
import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeAlias, cast

__all__ = ["Deferred", "EvaluationError", "Expr", "Unsupported", "compile_expression", "evaluate", "render_template"]


class Unsupported(Exception):
    """The expression uses something this evaluator does not model; leave it to Terraform."""


class Deferred(Unsupported):
    """A value the expression needs is known only when Terraform runs (a dependency output)."""


class EvaluationError(Exception):
    """Terraform would fail evaluating the expression on this value."""


# --------------------------------------------------------------------------------------------------
# Syntax tree


@dataclass(frozen=True)
class Lit:
    value: object


@dataclass(frozen=True)
class Template:
    parts: tuple[str | Expr, ...]


@dataclass(frozen=True)
class Name:
    name: str  # a root name: var, local, each, a for-expression's variable...


@dataclass(frozen=True)
class Attr:
    target: Expr
    name: str


@dataclass(frozen=True)
class Index:
    target: Expr
    key: Expr


@dataclass(frozen=True)
class Splat:
    target: Expr
    chain: tuple[tuple[str, object], ...]  # ("attr", name) | ("index", Expr) applied to each element


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Expr, ...]
    expand: bool = False  # f(list...)


@dataclass(frozen=True)
class Unary:
    op: str
    operand: Expr


@dataclass(frozen=True)
class Binary:
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Cond:
    test: Expr
    then: Expr
    other: Expr


@dataclass(frozen=True)
class TupleCons:
    items: tuple[Expr, ...]


@dataclass(frozen=True)
class ObjectCons:
    items: tuple[tuple[Expr, Expr], ...]


@dataclass(frozen=True)
class For:
    key_name: str | None
    value_name: str
    collection: Expr
    key: Expr | None  # set for {for ...}
    value: Expr
    condition: Expr | None
    grouping: bool = False


Expr: TypeAlias = (
    Lit | Template | Name | Attr | Index | Splat | Call | Unary | Binary | Cond | TupleCons | ObjectCons | For
)


# --------------------------------------------------------------------------------------------------
# Tokens and parser

_TOKEN = re.compile(
    r"""
    (?P<ws>[ \t\r\n]+|\#[^\n]*|//[^\n]*|/\*.*?\*/)
    | (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
    | (?P<string>")
    | (?P<heredoc><<-?[A-Za-z_][A-Za-z0-9_]*\n)
    | (?P<ident>[A-Za-z_][A-Za-z0-9_-]*)
    | (?P<op>\.\.\.|\[\*\]|\.\*|==|!=|<=|>=|&&|\|\||=>|[-+*/%<>!?:.,()\[\]{}=])
    """,
    re.VERBOSE | re.DOTALL,
)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    value: object = None


def _string_end(text: str, start: int) -> int:
    """Offset just past the closing quote of the string whose opening quote is at start - 1."""
    pos, depth = start, 0
    while pos < len(text):
        char = text[pos]
        if char == "\\":
            pos += 2
            continue
        if depth == 0 and char == '"':
            return pos + 1
        if text.startswith(("$${", "%%{"), pos):
            pos += 3
            continue
        if text.startswith(("${", "%{"), pos):
            depth += 1
            pos += 2
            continue
        if depth and char == "}":
            depth -= 1
        elif depth and char == '"':
            pos = _string_end(text, pos + 1)
            continue
        pos += 1
    raise Unsupported("unterminated string")


def _template(body: str) -> Template:
    """The parts of a quoted string's body: literal text and `${...}` interpolations."""
    parts: list[str | Expr] = []
    literal: list[str] = []
    pos = 0
    while pos < len(body):
        char = body[pos]
        if char == "\\" and pos + 1 < len(body):
            code = body[pos + 1]
            if code in _ESCAPES:
                literal.append(_ESCAPES[code])
                pos += 2
            elif code == "u" and pos + 6 <= len(body):
                literal.append(chr(int(body[pos + 2 : pos + 6], 16)))
                pos += 6
            else:
                literal.append(code)
                pos += 2
        elif body.startswith(("$${", "%%{"), pos):
            literal.append(body[pos + 1 : pos + 3])
            pos += 3
        elif body.startswith("%{", pos):
            raise Unsupported("template directives (%{...})")
        elif body.startswith("${", pos):
            end = _interpolation_end(body, pos + 2)
            if literal:
                parts.append("".join(literal))
                literal = []
            parts.append(_Parser(body[pos + 2 : end]).parse())
            pos = end + 1
        else:
            literal.append(char)
            pos += 1
    if literal:
        parts.append("".join(literal))
    return Template(tuple(parts))


def _interpolation_end(body: str, start: int) -> int:
    depth, pos = 1, start
    while pos < len(body):
        char = body[pos]
        if char == '"':
            pos = _string_end(body, pos + 1)
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return pos
        pos += 1
    raise Unsupported("unterminated interpolation")


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise Unsupported(f"unexpected {text[pos]!r}")
        kind = match.lastgroup or ""
        if kind == "string":
            end = _string_end(text, match.end())
            tokens.append(_Token("string", text[pos:end], _template(text[pos + 1 : end - 1])))
            pos = end
            continue
        if kind == "heredoc":
            raise Unsupported("heredoc in an expression")
        if kind != "ws":
            tokens.append(_Token(kind, match.group()))
        pos = match.end()
    tokens.append(_Token("eof", ""))
    return tokens


_BINARY = {"||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, "<=": 4, ">": 4, ">=": 4, "+": 5, "-": 5, "*": 6, "/": 6, "%": 6}


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokenize(text)
        self.index = 0

    def peek(self, ahead: int = 0) -> _Token:
        return self.tokens[min(self.index + ahead, len(self.tokens) - 1)]

    def next(self) -> _Token:
        token = self.peek()
        self.index = min(self.index + 1, len(self.tokens) - 1)
        return token

    def accept(self, text: str) -> bool:
        if self.peek().kind == "op" and self.peek().text == text:
            self.index += 1
            return True
        return False

    def expect(self, text: str) -> None:
        if not self.accept(text):
            raise Unsupported(f"expected {text!r}, found {self.peek().text!r}")

    def parse(self) -> Expr:
        expr = self.expression()
        if self.peek().kind != "eof":
            raise Unsupported(f"unexpected {self.peek().text!r}")
        return expr

    def expression(self) -> Expr:
        test = self.binary(1)
        if self.accept("?"):
            then = self.expression()
            self.expect(":")
            return Cond(test, then, self.expression())
        return test

    def binary(self, level: int) -> Expr:
        left = self.unary()
        while True:
            token = self.peek()
            precedence = _BINARY.get(token.text) if token.kind == "op" else None
            if precedence is None or precedence < level:
                return left
            self.next()
            left = Binary(token.text, left, self.binary(precedence + 1))

    def unary(self) -> Expr:
        if self.accept("!"):
            return Unary("!", self.unary())
        if self.accept("-"):
            return Unary("-", self.unary())
        return self.postfix(self.primary())

    def postfix(self, expr: Expr) -> Expr:
        while True:
            if self.accept("."):
                token = self.next()
                if token.kind == "number":
                    expr = Index(expr, Lit(int(token.text)))
                elif token.kind == "ident":
                    expr = Attr(expr, token.text)
                else:
                    raise Unsupported(f"unexpected {token.text!r} after '.'")
            elif self.peek().text in ("[*]", ".*") and self.peek().kind == "op":
                self.next()
                expr = Splat(expr, self.splat_chain())
            elif self.peek().kind == "op" and self.peek().text == "[":
                self.next()
                key = self.expression()
                self.expect("]")
                expr = Index(expr, key)
            else:
                return expr

    def splat_chain(self) -> tuple[tuple[str, object], ...]:
        chain: list[tuple[str, object]] = []
        while True:
            if self.peek().text == "." and self.peek(1).kind == "ident":
                self.next()
                chain.append(("attr", self.next().text))
            elif self.peek().text == "[" and self.peek().kind == "op":
                self.next()
                chain.append(("index", self.expression()))
                self.expect("]")
            else:
                return tuple(chain)

    def primary(self) -> Expr:
        token = self.next()
        if token.kind == "number":
            return Lit(_number(token.text))
        if token.kind == "string":
            assert isinstance(token.value, Template)
            parts = token.value.parts
            if all(isinstance(p, str) for p in parts):
                return Lit("".join(p for p in parts if isinstance(p, str)))
            return token.value
        if token.kind == "ident":
            return self.identifier(token.text)
        if token.kind == "op" and token.text == "(":
            inner = self.expression()
            self.expect(")")
            return inner
        if token.kind == "op" and token.text == "[":
            return self.tuple_or_for()
        if token.kind == "op" and token.text == "{":
            return self.object_or_for()
        raise Unsupported(f"unexpected {token.text or 'end of expression'!r}")

    def identifier(self, name: str) -> Expr:
        if name in ("true", "false"):
            return Lit(name == "true")
        if name == "null":
            return Lit(None)
        if self.accept("("):
            args: list[Expr] = []
            expand = False
            while not self.accept(")"):
                args.append(self.expression())
                if self.accept("..."):
                    expand = True
                if not self.accept(","):
                    self.expect(")")
                    break
            return Call(name, tuple(args), expand)
        return Name(name)

    def tuple_or_for(self) -> Expr:
        if self.peek().kind == "ident" and self.peek().text == "for":
            self.next()
            key_name, value_name, collection = self.for_intro()
            value = self.expression()
            condition = self.expression() if self.accept_ident("if") else None
            self.expect("]")
            return For(key_name, value_name, collection, None, value, condition)
        items: list[Expr] = []
        while not self.accept("]"):
            items.append(self.expression())
            if not self.accept(","):
                self.expect("]")
                break
        return TupleCons(tuple(items))

    def object_or_for(self) -> Expr:
        if self.peek().kind == "ident" and self.peek().text == "for":
            self.next()
            key_name, value_name, collection = self.for_intro()
            key_expr = self.expression()
            self.expect("=>")
            value = self.expression()
            grouping = self.accept("...")
            condition = self.expression() if self.accept_ident("if") else None
            self.expect("}")
            return For(key_name, value_name, collection, key_expr, value, condition, grouping)
        items: list[tuple[Expr, Expr]] = []
        while not self.accept("}"):
            if self.peek().kind == "ident" and self.peek(1).text in ("=", ":"):
                key: Expr = Lit(self.next().text)
            else:
                key = self.expression()
            if not (self.accept("=") or self.accept(":")):
                raise Unsupported("expected '=' in an object")
            items.append((key, self.expression()))
            self.accept(",")
        return ObjectCons(tuple(items))

    def accept_ident(self, word: str) -> bool:
        if self.peek().kind == "ident" and self.peek().text == word:
            self.next()
            return True
        return False

    def for_intro(self) -> tuple[str | None, str, Expr]:
        first = self.next()
        if first.kind != "ident":
            raise Unsupported("expected a name after 'for'")
        key_name: str | None = None
        value_name = first.text
        if self.accept(","):
            key_name, value_name = first.text, self.next().text
        if not self.accept_ident("in"):
            raise Unsupported("expected 'in'")
        collection = self.expression()
        self.expect(":")
        return key_name, value_name, collection


def _number(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        return float(text)


def compile_expression(text: str) -> Expr:
    """Parse once (cached by text, failures too: thousands of layers share a module's few conditions).
    Raises Unsupported."""
    compiled = _compile(text)
    if isinstance(compiled, Unsupported):
        raise compiled
    return compiled


@functools.lru_cache(maxsize=4096)
def _compile(text: str) -> Expr | Unsupported:
    source = text.strip()
    if source.startswith("${") and source.endswith("}"):
        source = source[2:-1]
    try:
        return _Parser(source).parse()
    except Unsupported as err:
        return err
    except (ValueError, IndexError, RecursionError) as err:  # malformed escapes, deep nesting
        return Unsupported(f"an expression this evaluator cannot parse ({type(err).__name__})")


compile_cache_info = _compile.cache_info
compile_cache_clear = _compile.cache_clear


# --------------------------------------------------------------------------------------------------
# Evaluation

Scope = Mapping[str, object]


def evaluate(expr: Expr, variables: Scope, names: Scope | None = None) -> object:
    """The value of `expr` with `var.NAME` from `variables` (any other variable: Unsupported)."""
    return _Evaluator(variables).eval(expr, dict(names or {}))


def render_template(text: str, variables: Scope) -> str:
    """An error_message with its interpolations filled in (as written when they cannot be evaluated)."""
    written = text.strip()
    if len(written) >= 2 and written[0] == written[-1] == '"':
        written = written[1:-1]
    try:
        value = evaluate(compile_expression(text), variables)
    except (Unsupported, EvaluationError, RecursionError, ArithmeticError, TypeError, ValueError):
        return written
    return value if isinstance(value, str) else written


class _Evaluator:
    def __init__(self, variables: Scope) -> None:
        self.variables = variables

    def eval(self, expr: Expr, names: dict[str, object]) -> object:
        if type(expr) is Lit:
            return expr.value
        method: Callable[[_Evaluator, Expr, dict[str, object]], object] = _DISPATCH[type(expr)]
        return method(self, expr, names)

    def eval_lit(self, expr: Lit, names: dict[str, object]) -> object:
        return expr.value

    def eval_template(self, expr: Template, names: dict[str, object]) -> object:
        out: list[str] = []
        for part in expr.parts:
            if isinstance(part, str):
                out.append(part)
            else:
                value = self.eval(part, names)
                if value is None:
                    raise EvaluationError("Invalid template interpolation value: the value is null")
                out.append(to_string(value))
        return "".join(out)

    def eval_name(self, expr: Name, names: dict[str, object]) -> object:
        if expr.name in names:
            return names[expr.name]
        if expr.name == "var":
            raise Unsupported("a reference to the whole `var` object")
        raise Unsupported(f"a reference to {expr.name}")

    def eval_attr(self, expr: Attr, names: dict[str, object]) -> object:
        if isinstance(expr.target, Name) and expr.target.name == "var" and "var" not in names:
            if expr.name not in self.variables:
                raise Unsupported(f"a reference to another variable (var.{expr.name})")
            return self.variables[expr.name]
        return _get(self.eval(expr.target, names), expr.name)

    def eval_index(self, expr: Index, names: dict[str, object]) -> object:
        return _get(self.eval(expr.target, names), self.eval(expr.key, names))

    def eval_splat(self, expr: Splat, names: dict[str, object]) -> object:
        target = self.eval(expr.target, names)
        if target is None:
            return []
        items = list(target) if isinstance(target, list) else [target]
        results: list[object] = []
        for item in items:
            value = item
            for kind, step in expr.chain:
                key = step if kind == "attr" else self.eval(cast(Expr, step), names)
                value = _get(value, key)
            results.append(value)
        return results

    def eval_unary(self, expr: Unary, names: dict[str, object]) -> object:
        value = self.eval(expr.operand, names)
        if expr.op == "!":
            return not to_bool(value)
        return -to_number(value)

    def eval_binary(self, expr: Binary, names: dict[str, object]) -> object:
        left = self.eval(expr.left, names)  # Terraform 1.11 evaluates both sides of && and ||
        right = self.eval(expr.right, names)
        op = expr.op
        if op in ("&&", "||"):
            a, b = to_bool(left), to_bool(right)
            return (a and b) if op == "&&" else (a or b)
        if op == "==":
            return equal(left, right)
        if op == "!=":
            return not equal(left, right)
        x, y = to_number(left), to_number(right)
        return _arithmetic(op, x, y)

    def eval_cond(self, expr: Cond, names: dict[str, object]) -> object:
        return self.eval(expr.then if to_bool(self.eval(expr.test, names)) else expr.other, names)

    def eval_tuplecons(self, expr: TupleCons, names: dict[str, object]) -> object:
        return [self.eval(item, names) for item in expr.items]

    def eval_objectcons(self, expr: ObjectCons, names: dict[str, object]) -> object:
        result: dict[str, object] = {}
        for key, value in expr.items:
            name = self.eval(key, names)
            if name is None:
                raise EvaluationError("Invalid object key: the key must not be null")
            result[to_string(name)] = self.eval(value, names)
        return result

    def eval_call(self, expr: Call, names: dict[str, object]) -> object:
        if expr.name == "can":
            return self.can(expr, names)
        if expr.name == "try":
            return self.attempt(expr, names)
        function = FUNCTIONS.get(expr.name)
        if function is None:
            raise Unsupported(f"the function {expr.name}()")
        args = [self.eval(arg, names) for arg in expr.args]
        if expr.expand and args:
            last = args.pop()
            if not isinstance(last, list):
                raise EvaluationError("Invalid expanding argument value: must be a list")
            args.extend(last)
        return function(*args)

    def can(self, expr: Call, names: dict[str, object]) -> object:
        if len(expr.args) != 1:
            raise EvaluationError("can() takes exactly one argument")
        try:
            self.eval(expr.args[0], names)
        except EvaluationError:
            return False
        return True

    def attempt(self, expr: Call, names: dict[str, object]) -> object:
        for arg in expr.args:
            try:
                return self.eval(arg, names)
            except EvaluationError:
                continue
        raise EvaluationError("no expression given to try() produced a result without errors")

    def eval_for(self, expr: For, names: dict[str, object]) -> object:
        collection = self.eval(expr.collection, names)
        if collection is None:
            raise EvaluationError("Iteration over null value")
        if isinstance(collection, dict):
            pairs: list[tuple[object, object]] = list(collection.items())
        elif isinstance(collection, list):
            pairs = list(enumerate(collection))
        else:
            raise EvaluationError("Iteration over non-iterable value")
        tuple_result: list[object] = []
        object_result: dict[str, object] = {}
        for key, value in pairs:
            inner = dict(names)
            inner[expr.value_name] = value
            if expr.key_name is not None:
                inner[expr.key_name] = key
            if expr.condition is not None and not to_bool(self.eval(expr.condition, inner)):
                continue
            if expr.key is None:
                tuple_result.append(self.eval(expr.value, inner))
                continue
            name = to_string(self.eval(expr.key, inner))
            item = self.eval(expr.value, inner)
            if expr.grouping:
                group = object_result.setdefault(name, [])
                assert isinstance(group, list)
                group.append(item)
            elif name in object_result:
                raise EvaluationError(f"Duplicate object key {name!r} in a for expression")
            else:
                object_result[name] = item
        return tuple_result if expr.key is None else object_result


_DISPATCH: dict[type, Callable[..., object]] = {
    kind: getattr(_Evaluator, "eval_" + kind.__name__.lower())
    for kind in (Lit, Template, Name, Attr, Index, Splat, Call, Unary, Binary, Cond, TupleCons, ObjectCons, For)
}


def _arithmetic(op: str, x: float, y: float) -> object:
    if op == "<":
        return x < y
    if op == "<=":
        return x <= y
    if op == ">":
        return x > y
    if op == ">=":
        return x >= y
    if op == "+":
        return _tidy(x + y)
    if op == "-":
        return _tidy(x - y)
    if op == "*":
        return _tidy(x * y)
    if y == 0:
        raise EvaluationError("Division by zero")
    if op == "/":
        return _tidy(x / y)
    return _tidy(math.fmod(x, y))


def _tidy(number: float) -> int | float:
    return int(number) if isinstance(number, float) and number.is_integer() and abs(number) < 2**53 else number


# --------------------------------------------------------------------------------------------------
# Conversions, as Terraform makes them


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def to_number(value: object) -> int | float:
    if _is_number(value):
        return value  # type: ignore[return-value]
    if value is None:
        raise EvaluationError("Unsuitable value: a number is required, not null")
    if isinstance(value, str):
        try:
            return (
                _tidy(float(value)) if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", value) else _fail(value)
            )
        except ValueError:
            pass
    raise EvaluationError("Unsuitable value: a number is required")


def _fail(value: str) -> int:
    raise EvaluationError(f"Unsuitable value: a number is required, got {json.dumps(value)}")


def to_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        raise EvaluationError("Unsuitable value: a bool is required, not null")
    if value in ("true", "false"):
        return value == "true"
    raise EvaluationError("Unsuitable value: a bool is required")


def to_string(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if _is_number(value):
        number = _tidy(value)  # type: ignore[arg-type]
        return str(number) if isinstance(number, int) else repr(number)
    if value is None:
        raise EvaluationError("Unsuitable value: a string is required, not null")
    raise EvaluationError("Unsuitable value: a string is required")


def equal(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if _is_number(a) and _is_number(b):
        return float(a) == float(b)  # type: ignore[arg-type]
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(equal(a[k], b[k]) for k in a)
    return False


def _get(target: object, key: object) -> object:
    if target is None:
        raise EvaluationError("Attempt to get an attribute or index from a null value")
    if isinstance(target, dict):
        name = to_string(key)
        if name not in target:
            raise EvaluationError(f"This object does not have an attribute or key named {json.dumps(name)}")
        return target[name]
    if isinstance(target, list):
        index = to_number(key)
        if not float(index).is_integer() or not 0 <= index < len(target):
            raise EvaluationError(f"Invalid index {index}: the collection has {len(target)} elements")
        return target[int(index)]
    raise EvaluationError("This value does not have any attributes or indices")


# --------------------------------------------------------------------------------------------------
# Functions (Terraform's, for the arguments validations pass them)


def _not_null(name: str, *values: object) -> None:
    for value in values:
        if value is None:
            raise EvaluationError(f"Invalid function argument: {name}: argument must not be null")


def _string_arg(name: str, value: object) -> str:
    _not_null(name, value)
    if isinstance(value, list | dict):
        raise EvaluationError(f"Invalid function argument: {name}: a string is required")
    return to_string(value)


def _collection(name: str, value: object) -> list[object] | Mapping[str, object]:
    _not_null(name, value)
    if isinstance(value, list | dict):
        return value
    raise EvaluationError(f"Invalid function argument: {name}: a collection is required")


def _regex_compile(pattern: object) -> re.Pattern[str]:
    text = _string_arg("regex", pattern)
    if re.search(r"\(\?P?<|\\[pPzZ]|\[\[:", text):  # RE2-only or differing syntax: leave it to Terraform
        raise Unsupported(f"the regular expression {json.dumps(text)}")
    try:
        return re.compile(text)
    except re.error as err:
        raise Unsupported(f"the regular expression {json.dumps(text)} ({err})") from err


def _regex(pattern: object, value: object) -> object:
    compiled = _regex_compile(pattern)
    match = compiled.search(_string_arg("regex", value))
    if match is None:
        raise EvaluationError("Invalid function argument: pattern did not match any part of the given string")
    return _match_value(compiled, match)


def _match_value(compiled: re.Pattern[str], match: re.Match[str]) -> object:
    if compiled.groupindex:
        return dict(match.groupdict())
    if compiled.groups:
        return list(match.groups())
    return match.group()


def _regexall(pattern: object, value: object) -> object:
    compiled = _regex_compile(pattern)
    return [_match_value(compiled, m) for m in compiled.finditer(_string_arg("regexall", value))]


def _length(value: object) -> int:
    _not_null("length", value)
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list | dict):
        return len(value)
    raise EvaluationError("Invalid function argument: length: a collection or string is required")


def _contains(collection: object, value: object) -> bool:
    items = _collection("contains", collection)
    values = list(items.values()) if isinstance(items, dict) else items
    return any(equal(item, value) for item in values)


def _all_any(name: str, collection: object, want: bool) -> bool:
    items = _collection(name, collection)
    values = list(items.values()) if isinstance(items, dict) else items
    results = [to_bool(v) if v is not None else None for v in values]
    if want:
        if any(r is None for r in results):
            return False
        return all(results)
    return any(r is True for r in results)


def _keys(value: object) -> list[object]:
    items = _collection("keys", value)
    if not isinstance(items, dict):
        raise EvaluationError("Invalid function argument: keys: a map or object is required")
    return [*sorted(str(k) for k in items)]


def _values(value: object) -> list[object]:
    items = _collection("values", value)
    if not isinstance(items, dict):
        raise EvaluationError("Invalid function argument: values: a map or object is required")
    return [items[k] for k in sorted(items.keys())]


def _lookup(collection: object, key: object, *default: object) -> object:
    items = _collection("lookup", collection)
    name = _string_arg("lookup", key)
    if isinstance(items, dict) and name in items:
        return items[name]
    if default:
        return default[0]
    raise EvaluationError(f"Invalid function argument: lookup: the given key {json.dumps(name)} does not exist")


def _coalesce(*values: object) -> object:
    for value in values:
        if value is not None and value != "":
            return value
    raise EvaluationError("Invalid function argument: no non-null, non-empty-string arguments")


def _tonumber(value: object) -> object:
    return None if value is None else to_number(value)


def _tostring(value: object) -> object:
    return None if value is None else _string_arg("tostring", value)


def _tobool(value: object) -> object:
    return None if value is None else to_bool(value)


def _cidr(value: object) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    text = _string_arg("cidr", value)
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError as err:
        raise EvaluationError(f'Invalid function argument: invalid CIDR expression "{text}"') from err


def _cidrhost(prefix: object, number: object) -> str:
    network = _cidr(prefix)
    index = int(to_number(number))
    if not -network.num_addresses <= index < network.num_addresses:
        raise EvaluationError("Invalid function argument: prefix does not accommodate the host number")
    return str(network[index])


def _cidrsubnet(prefix: object, newbits: object, netnum: object) -> str:
    network = _cidr(prefix)
    bits, number = int(to_number(newbits)), int(to_number(netnum))
    if network.prefixlen + bits > network.max_prefixlen or not 0 <= number < 2**bits:
        raise EvaluationError("Invalid function argument: insufficient address space")
    return str(list(network.subnets(prefixlen_diff=bits))[number]) if bits <= 16 else _unsupported("large cidrsubnet")


def _unsupported(what: str) -> str:
    raise Unsupported(what)


def _split(separator: object, value: object) -> list[object]:
    parts: list[object] = [*_string_arg("split", value).split(_string_arg("split", separator))]
    return parts


def _join(separator: object, *lists: object) -> str:
    items: list[str] = []
    for collection in lists:
        if not isinstance(collection, list):
            raise EvaluationError("Invalid function argument: join: a list is required")
        items.extend(_string_arg("join", v) for v in collection)
    return _string_arg("join", separator).join(items)


def _replace(value: object, search: object, replacement: object) -> str:
    text, needle, new = (_string_arg("replace", v) for v in (value, search, replacement))
    if len(needle) > 1 and needle.startswith("/") and needle.endswith("/"):
        raise Unsupported("replace() with a regular expression")
    return text.replace(needle, new)


def _substr(value: object, offset: object, length: object) -> str:
    text = _string_arg("substr", value)
    start, count = int(to_number(offset)), int(to_number(length))
    if start < 0:
        start += len(text)
    return text[start:] if count == -1 else text[start : start + count]


def _flatten(value: object) -> list[object]:
    if not isinstance(value, list):
        raise EvaluationError("Invalid function argument: flatten: a list is required")
    out: list[object] = []
    for item in value:
        out.extend(_flatten(item) if isinstance(item, list) else [item])
    return out


def _concat(*lists: object) -> list[object]:
    out: list[object] = []
    for value in lists:
        if not isinstance(value, list):
            raise EvaluationError("Invalid function argument: concat: lists are required")
        out.extend(value)
    return out


def _distinct(value: object) -> list[object]:
    if not isinstance(value, list):
        raise EvaluationError("Invalid function argument: distinct: a list is required")
    out: list[object] = []
    for item in value:
        if not any(equal(item, seen) for seen in out):
            out.append(item)
    return out


def _merge(*maps: object) -> dict[str, object]:
    out: dict[str, object] = {}
    for value in maps:
        if value is None:
            continue
        if not isinstance(value, Mapping):
            raise EvaluationError("Invalid function argument: merge: maps or objects are required")
        out.update(value)
    return out


def _numbers(name: str, values: Sequence[object]) -> list[int | float]:
    if not values:
        raise EvaluationError(f"Invalid function argument: {name}: at least one number is required")
    return [to_number(v) for v in values]


def _setsubtract(a: object, b: object) -> list[object]:
    left, right = _distinct(a), _distinct(b)
    return [item for item in left if not any(equal(item, other) for other in right)]


def _trim(name: str, how: Callable[[str], str]) -> Callable[[object], str]:
    return lambda value: how(_string_arg(name, value))


FUNCTIONS: dict[str, Callable[..., object]] = {
    "abs": lambda v: abs(to_number(v)),
    "alltrue": lambda c: _all_any("alltrue", c, True),
    "anytrue": lambda c: _all_any("anytrue", c, False),
    "ceil": lambda v: math.ceil(to_number(v)),
    "cidrhost": _cidrhost,
    "cidrnetmask": lambda v: str(_cidr(v).netmask),
    "cidrsubnet": _cidrsubnet,
    "coalesce": _coalesce,
    "compact": lambda v: [x for x in _flatten(v) if x not in (None, "")],
    "concat": _concat,
    "contains": _contains,
    "distinct": _distinct,
    "endswith": lambda s, suffix: _string_arg("endswith", s).endswith(_string_arg("endswith", suffix)),
    "flatten": _flatten,
    "floor": lambda v: math.floor(to_number(v)),
    "join": _join,
    "keys": _keys,
    "length": _length,
    "lookup": _lookup,
    "lower": lambda v: _string_arg("lower", v).lower(),
    "max": lambda *v: _tidy(max(_numbers("max", v))),
    "merge": _merge,
    "min": lambda *v: _tidy(min(_numbers("min", v))),
    "regex": _regex,
    "regexall": _regexall,
    "replace": _replace,
    "setsubtract": _setsubtract,
    "split": _split,
    "startswith": lambda s, prefix: _string_arg("startswith", s).startswith(_string_arg("startswith", prefix)),
    "strcontains": lambda s, part: _string_arg("strcontains", part) in _string_arg("strcontains", s),
    "trimprefix": lambda s, prefix: _trim_affix(_string_arg("trimprefix", s), _string_arg("trimprefix", prefix), True),
    "trimsuffix": lambda s, suffix: _trim_affix(_string_arg("trimsuffix", s), _string_arg("trimsuffix", suffix), False),
    "substr": _substr,
    "sum": lambda v: _tidy(sum(_numbers("sum", _flatten(v)))),
    "tobool": _tobool,
    "tolist": lambda v: list(v) if isinstance(v, list) else _fail_type("tolist"),
    "tonumber": _tonumber,
    "toset": lambda v: _distinct(v),
    "tostring": _tostring,
    "trimspace": _trim("trimspace", str.strip),
    "upper": lambda v: _string_arg("upper", v).upper(),
    "values": _values,
}


def _trim_affix(text: str, affix: str, prefix: bool) -> str:
    if prefix:
        return text[len(affix) :] if affix and text.startswith(affix) else text
    return text[: -len(affix)] if affix and text.endswith(affix) else text


def _fail_type(name: str) -> object:
    raise EvaluationError(f"Invalid function argument: {name}: unsuitable value")
