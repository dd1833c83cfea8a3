"""A thin layer over python-hcl2 (8.x): parse a .tf file into top-level blocks with line numbers.

python-hcl2 8 no longer emits `__start_line__` (its `with_meta` option is accepted but ignored), so
line numbers come from the Lark parse tree, whose top-level blocks correspond one to one, in order,
with the transformed rule tree. Values keep python-hcl2's conventions: quoted strings arrive as
`"..."` source text and non-literal expressions as `${...}`; `decode_value` turns literals into
Python values.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from layer.errors import ConfigSyntaxError, Location

if TYPE_CHECKING:
    from lark import Tree


@functools.cache
def _hcl2() -> SimpleNamespace:
    """python-hcl2 and lark, imported on the first parse (about 60 ms that most commands never need: module
    interfaces usually come from the disk cache, layer.interface.spec)."""
    import hcl2

    try:
        from hcl2.rules.base import BlockRule
        from hcl2.utils import process_escape_sequences
    except ImportError as err:  # pragma: no cover - python-hcl2 7.x has another API
        raise ImportError(
            f"layer needs python-hcl2 >= 8.0 (found {getattr(hcl2, '__version__', 'unknown')}): "
            "pip install 'python-hcl2>=8,<9'"
        ) from err
    from lark import Tree
    from lark.exceptions import LarkError, UnexpectedInput

    return SimpleNamespace(
        hcl2=hcl2,
        BlockRule=BlockRule,
        process_escape_sequences=process_escape_sequences,
        Tree=Tree,
        LarkError=LarkError,
        UnexpectedInput=UnexpectedInput,
        options=hcl2.SerializationOptions(with_comments=False, preserve_heredocs=False, explicit_blocks=False),
    )


@dataclass(frozen=True)
class Expression:
    """A value that is not a literal (for example `1 + 2` as a default); `text` is its source."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Block:
    """One top-level block: `kind` ("variable"), its labels (unquoted), body and first line."""

    kind: str
    labels: tuple[str, ...]
    body: dict[str, Any]
    line: int


def parse_file(path: Path, text: str | None = None, kinds: frozenset[str] | None = None) -> list[Block]:
    """The top-level blocks of one HCL file. Raises ConfigSyntaxError with the line on bad syntax.

    With `kinds`, only blocks of those kinds are parsed (the others are skipped by a light scanner
    that only matches braces): python-hcl2's parser is pure Python and costs about 0.1 ms a line,
    and resource blocks are most of a module's text.
    """
    source = path.read_text(encoding="utf-8") if text is None else text
    if kinds is not None:
        spans = scan_blocks(source)
        if spans is not None:
            # Blank out the other blocks, keeping their newlines so that lines stay those of the file.
            parts: list[str] = []
            last = 0
            for span in spans:
                if span.kind not in kinds:
                    parts.append(source[last : span.start])
                    parts.append("\n" * source.count("\n", span.start, span.end))
                    last = span.end
            parts.append(source[last:])
            return _parse_text(path, "".join(parts))
    return _parse_text(path, source)


def _parse_text(path: Path, source: str) -> list[Block]:
    lib = _hcl2()
    try:
        tree = lib.hcl2.parses_to_tree(source)
        rules = lib.hcl2.transform(tree, discard_comments=True)
    except lib.UnexpectedInput as err:
        line = getattr(err, "line", None)
        column = getattr(err, "column", None)
        where = f" (column {column})" if isinstance(column, int) and column > 0 else ""
        raise ConfigSyntaxError(
            f"invalid HCL syntax{where}: {_first_line(str(err))}",
            Location(path, line if isinstance(line, int) and line > 0 else None),
            "run `terraform fmt` or `terraform validate` in the module for Terraform's own message",
        ) from err
    except (lib.LarkError, RuntimeError, ValueError) as err:
        raise ConfigSyntaxError(
            f"invalid HCL: {_first_line(str(err))}",
            Location(path),
            "run `terraform validate` in the module for Terraform's own message",
        ) from err

    lark_blocks = [child for child in _body_children(tree) if child.data == "block"]
    rule_blocks = [child for child in rules.body.children if isinstance(child, lib.BlockRule)]
    if len(lark_blocks) != len(rule_blocks):  # pragma: no cover - python-hcl2 invariant
        raise ConfigSyntaxError("python-hcl2 returned an unexpected tree", Location(path))

    blocks: list[Block] = []
    for lark_block, rule in zip(lark_blocks, rule_blocks, strict=True):
        try:
            labels = tuple(unquote(str(label.serialize(lib.options))) for label in rule.labels)
            body = rule.body.serialize(lib.options)
        except RuntimeError as err:  # e.g. "Attribute x is already defined."
            raise ConfigSyntaxError(str(err), Location(path, lark_block.meta.line)) from err
        blocks.append(Block(labels[0], labels[1:], body, lark_block.meta.line))
    return blocks


def _body_children(tree: Tree[Any]) -> list[Tree[Any]]:
    lark_tree = _hcl2().Tree
    for child in tree.children:
        if isinstance(child, lark_tree) and child.data == "body":
            return [c for c in child.children if isinstance(c, lark_tree)]
    return []


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "syntax error"


_TEMPLATE_ESCAPES = re.compile(r"\$\$\{|%%\{")


def unquote(text: str) -> str:
    """`"a \\"b\\""` -> `a "b"`; text that is not a quoted string comes back unchanged."""
    if len(text) >= 2 and text.startswith('"') and text.endswith('"'):
        inner = text[1:-1]
        if "\\" in inner:  # python-hcl2 is imported only when there is an escape to process
            inner = _hcl2().process_escape_sequences(inner)
        return _TEMPLATE_ESCAPES.sub(lambda m: m.group()[1:], inner)
    return text


def is_quoted(value: object) -> bool:
    return isinstance(value, str) and len(value) >= 2 and value.startswith('"') and value.endswith('"')


def unwrap_expression(text: str) -> str:
    """`${aws.us_east_1}` -> `aws.us_east_1`."""
    if text.startswith("${") and text.endswith("}"):
        return text[2:-1].strip()
    return text


_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def decode_value(value: object) -> object:
    """A python-hcl2 value as a Python value: literals decoded, anything else as an Expression."""
    if isinstance(value, str):
        if is_quoted(value) and "${" not in value.replace("$${", ""):
            return unquote(value)
        inner = unwrap_expression(value)
        if _NUMBER.fullmatch(inner):
            return int(inner) if re.fullmatch(r"-?\d+", inner) else float(inner)
        if inner in ("true", "false"):
            return inner == "true"
        if inner == "null":
            return None
        return Expression(inner)
    if isinstance(value, list):
        return [decode_value(item) for item in value]
    if isinstance(value, dict):
        return {unquote(str(key)): decode_value(item) for key, item in value.items()}
    return value


def decode_string(value: object) -> str | None:
    """A string attribute (description, source, version) or None when absent or not a literal."""
    if value is None:
        return None
    decoded = decode_value(value)
    if isinstance(decoded, str):
        return decoded
    if isinstance(decoded, Expression):
        return decoded.text
    return str(decoded)


def decode_bool(value: object, default: bool) -> bool:
    decoded = decode_value(value) if value is not None else default
    return decoded if isinstance(decoded, bool) else default


# --------------------------------------------------------------------------------------------------
# A light scanner: where each top-level block starts and ends, without parsing expressions.


@dataclass(frozen=True)
class Span:
    kind: str
    start: int  # offset of the block's first character
    end: int  # offset just past its closing brace
    line: int  # 1-based line of `start`


_HEREDOC = re.compile(r"<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n")
_IDENT_AT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def scan_blocks(text: str) -> list[Span] | None:
    """The top-level blocks of an HCL file, or None when the text is not what the scanner expects
    (the caller then parses the whole file, which also produces the proper syntax error)."""
    spans: list[Span] = []
    pos = 0
    length = len(text)
    while True:
        skipped = _skip_trivia(text, pos)
        if skipped is None:
            return None
        pos = skipped
        if pos >= length:
            return spans
        match = _IDENT_AT.match(text, pos)
        if match is None:
            return None
        start = pos
        kind = match.group()
        pos = match.end()
        # labels: quoted strings or identifiers, then "{"
        while True:
            pos = _skip_inline_space(text, pos)
            if pos >= length:
                return None
            char = text[pos]
            if char == "{":
                break
            if char == '"':
                end = text.find('"', pos + 1)
                while end != -1 and text[end - 1] == "\\":
                    end = text.find('"', end + 1)
                if end == -1 or "\n" in text[pos:end]:
                    return None
                pos = end + 1
                continue
            label = _IDENT_AT.match(text, pos)
            if label is None:
                return None
            pos = label.end()
        end_pos = _match_brace(text, pos)
        if end_pos is None:
            return None
        spans.append(Span(kind, start, end_pos, text.count("\n", 0, start) + 1))
        pos = end_pos


def _skip_inline_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return pos


def _skip_trivia(text: str, pos: int) -> int | None:
    """Skip whitespace and comments; None on an unterminated block comment."""
    length = len(text)
    while pos < length:
        char = text[pos]
        if char in " \t\r\n\ufeff":
            pos += 1
        elif char == "#" or text.startswith("//", pos):
            newline = text.find("\n", pos)
            pos = length if newline == -1 else newline + 1
        elif text.startswith("/*", pos):
            close = text.find("*/", pos + 2)
            if close == -1:
                return None
            pos = close + 2
        else:
            break
    return pos


def _match_brace(text: str, pos: int) -> int | None:
    """Given text[pos] == "{", the offset just past its matching "}" (strings, template
    interpolations, heredocs and comments understood), or None."""
    length = len(text)
    # Code frames: [brace depth, opened by "${" or "%{" inside a string (closing returns to it)].
    frames: list[list[int]] = [[0, 0]]
    in_string = False
    while pos < length:
        char = text[pos]
        if in_string:
            if char == "\\":
                pos += 2
            elif char == '"':
                in_string = False
                pos += 1
            elif char == "\n":
                return None
            elif char in "$%" and text.startswith(char + char + "{", pos):
                pos += 3  # $${ and %%{ are escapes for a literal ${ and %{
            elif char in "$%" and text.startswith("{", pos + 1):
                frames.append([1, 1])
                in_string = False
                pos += 2
            else:
                pos += 1
            continue
        if char == '"':
            in_string = True
        elif char == "{":
            frames[-1][0] += 1
        elif char == "}":
            frames[-1][0] -= 1
            if frames[-1][0] == 0:
                if not frames[-1][1]:
                    return pos + 1
                frames.pop()
                in_string = True
        elif char == "#" or text.startswith("//", pos):
            newline = text.find("\n", pos)
            pos = length if newline == -1 else newline
            continue
        elif text.startswith("/*", pos):
            close = text.find("*/", pos + 2)
            if close == -1:
                return None
            pos = close + 2
            continue
        elif text.startswith("<<", pos):
            heredoc = _HEREDOC.match(text, pos)
            if heredoc is not None:
                end = _heredoc_end(text, heredoc.end(), heredoc.group(1))
                if end is None:
                    return None
                pos = end
                continue
        pos += 1
    return None


def _heredoc_end(text: str, scan: int, marker: str) -> int | None:
    """The offset just past the line that closes a heredoc whose body starts at `scan`."""
    length = len(text)
    while True:
        newline = text.find("\n", scan)
        line_end = length if newline == -1 else newline
        if text[scan:line_end].strip() == marker:
            return line_end
        if newline == -1:
            return None
        scan = newline + 1
