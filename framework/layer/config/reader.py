"""Parse one YAML file into plain data plus the file and line of every value in it.

Each call parses the file, with libyaml when present; a load keeps what it parsed in its own cache
(layer.config.loadcache), keyed by content.

The accepted YAML is a subset (docs/adr/0011-yaml-subset.md): mappings with string keys, sequences, and
the core schema's plain scalars (strings, integers, finite floats, booleans, null); anchors, aliases and
merge keys (`<<`, with a mapping or a list of mappings) within the limits below. A date stays a string.
Any other tag, a non-string key, a character that cannot be seen or is not text (controls other than
tab and line breaks, format, private-use, unassigned and non-characters) is a ConfigSyntaxError naming the
file and line. Everything the reader returns can be written as JSON.
"""

from __future__ import annotations

import math
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from layer.errors import ConfigSyntaxError, LayerError, Location

MAX_FILE_BYTES = 4 * 1024 * 1024  # one YAML file
MAX_DEPTH = 32  # nested mappings and lists, the file's own mapping counted as 1
MAX_VALUES = 1_000_000  # values in one file after aliases are expanded

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present
_plain_tags: dict[str, str] = {}  # plain scalar text -> its implicit tag (int, bool, null, str...)
_PLAIN_TAGS_MAX = 200_000

_CORE = "tag:yaml.org,2002:"
_STR_TAG = _CORE + "str"
_MAP_TAG = _CORE + "map"
_SEQ_TAG = _CORE + "seq"
_MERGE_TAG = _CORE + "merge"
_AS_STRINGS = (_CORE + "timestamp", _CORE + "value")  # plain `2024-01-01` and `=` stay strings


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """The safe loader, remembering the implicit tag of each plain scalar text: the resolver's regular
    expressions, run for every scalar, were a large share of parsing a big tree."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> Any:
        if self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return self.DEFAULT_SCALAR_TAG  # quoted: a string
            tag = _plain_tags.get(value)
            if tag is None:
                if len(_plain_tags) > _PLAIN_TAGS_MAX:
                    _plain_tags.clear()
                tag = super().resolve(kind, value, implicit)
                tag = _plain_tags[value] = _STR_TAG if tag in _AS_STRINGS else tag
            return tag
        return self.DEFAULT_MAPPING_TAG if kind is yaml.MappingNode else self.DEFAULT_SEQUENCE_TAG


KeyPath = tuple[str | int, ...]
Provenance = dict[KeyPath, Location]


@dataclass(frozen=True)
class SourceFile:
    """One parsed YAML file: its data (a mapping) and where each key path came from."""

    path: Path
    data: dict[str, Any]
    provenance: Provenance

    def location(self, key_path: KeyPath) -> Location:
        return locate(self.provenance, key_path, self.path)


def locate(provenance: Provenance, key_path: KeyPath, fallback: Path | None) -> Location:
    """The location of key_path, or of its nearest ancestor that has one."""
    probe = tuple(key_path)
    while probe:
        found = provenance.get(probe)
        if found is not None:
            return Location(found.path, found.line, dotted(key_path))
        probe = probe[:-1]
    root = provenance.get(())
    return Location(root.path if root else fallback, root.line if root else None, dotted(key_path) or None)


def dotted(key_path: KeyPath) -> str:
    parts: list[str] = []
    for part in key_path:
        parts.append(f"[{part}]" if isinstance(part, int) else (f".{part}" if parts else str(part)))
    return "".join(parts)


def read_yaml(path: Path | str) -> SourceFile:
    """Parse one file. Nothing is remembered here: a load remembers what it read in its own cache
    (layer.config.loadcache.LoadCache.read_yaml), keyed by the file's content."""
    key, raw = read_bytes(path)
    return parse_bytes(key, raw)


def read_bytes(path: Path | str) -> tuple[Path, bytes]:
    """The normalised absolute path and the bytes of a YAML file (within the size limit); a name that is
    not a regular file, or cannot be read, is a ConfigSyntaxError."""
    text = os.path.normpath(os.path.abspath(path))
    key = path if isinstance(path, Path) and str(path) == text else Path(text)
    try:
        status = os.stat(text)
    except OSError as err:
        raise unreadable(key, err) from None
    if not stat.S_ISREG(status.st_mode):  # a directory, a FIFO (reading it would wait forever), a device
        raise not_a_file(key)
    return key, _read_raw(key)


def parse_bytes(path: Path, raw: bytes) -> SourceFile:
    """The bytes of `path` as data and provenance (every check of the YAML subset)."""
    return _parse(path, _decode(path, raw))


def not_a_file(path: Path) -> ConfigSyntaxError:
    """The error for a YAML file name that is not a regular file: a directory, a FIFO, a device, a socket,
    or a symbolic link that leads nowhere."""
    if os.path.islink(path) and not os.path.exists(path):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return ConfigSyntaxError(
            f"{path.name} is a symbolic link to {target}, which does not exist (or is a loop of links)",
            Location(path),
            "point the link at an existing file, or replace it with the file",
        )
    what = "a directory" if os.path.isdir(path) else "not a regular file (a FIFO, device or socket)"
    return ConfigSyntaxError(
        f"{path.name} is {what}, so it cannot be read as YAML",
        Location(path),
        f"make {path.name} a YAML file, or rename or remove what is there",
    )


def unlistable(directory: str, err: OSError) -> LayerError:
    """A directory of the tree that cannot be listed: its layers would be missed in silence otherwise."""
    return LayerError(
        f"cannot list the directory {directory}: {err.strerror or type(err).__name__}",
        Location(Path(directory)),
        "make it readable (check its permissions), or move it out of the tree",
    )


def unreadable(path: Path, err: OSError) -> ConfigSyntaxError:
    """The error for a YAML file that cannot be opened or read: no permission, an I/O error, not a file."""
    if not os.path.isfile(path):
        return not_a_file(path)
    reason = err.strerror or type(err).__name__
    return ConfigSyntaxError(
        f"{path.name} cannot be read: {reason}", Location(path), "make the file readable (check its permissions)"
    )


def _parse(path: Path, text: str) -> SourceFile:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = f"{err.context}, {err.problem}" if err.context and err.problem else err.problem or err
        raise ConfigSyntaxError(
            f"YAML syntax error: {problem}",
            Location(path, line),
            "fix the YAML at that line (indentation, a missing ':' or an unclosed quote are the usual causes)",
        ) from None
    except yaml.YAMLError as err:  # a reader error: a character libyaml does not accept
        position = getattr(err, "position", None)
        line = text.count("\n", 0, position) + 1 if isinstance(position, int) else None
        raise ConfigSyntaxError(
            f"YAML syntax error: {err}", Location(path, line), "fix the YAML at that line"
        ) from None
    except RecursionError:  # only the pure-Python parser recurses; libyaml stops at 1,000 levels itself
        raise _too_deep(path, None) from None
    provenance: Provenance = {}
    if node is None:
        provenance[()] = Location(path, 1)
        return SourceFile(path, {}, provenance)
    # An alias is possible: measure what the aliases expand to before expanding anything.
    if "&" in text and _ALIAS.search(text):
        _check_expansion(node, path)
    data = _Converter(path, provenance).convert(node, (), node.start_mark.line + 1, 0)
    if not isinstance(data, dict):
        raise ConfigSyntaxError(
            f"the file must hold a mapping of keys, not a {type(data).__name__}",
            Location(path, node.start_mark.line + 1),
            "start the file with `key: value` lines",
        )
    return SourceFile(path, data, provenance)


def _read_raw(path: Path) -> bytes:
    """The file's bytes, within the size limit."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size  # 0 for a file of /proc: read up to the limit then
            raw = handle.read(min(size, MAX_FILE_BYTES) + 1 if size else MAX_FILE_BYTES + 1)
    except OSError as err:
        raise unreadable(path, err) from None
    if len(raw) > MAX_FILE_BYTES:
        raise ConfigSyntaxError(
            f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB, the limit for one YAML file"
            " (the line named is where it passes the limit)",
            Location(path, raw.count(b"\n", 0, MAX_FILE_BYTES) + 1),
            "split it, or move data that large out of the layer configuration",
        )
    return raw


def _decode(path: Path, raw: bytes) -> str:
    """The bytes as text: UTF-8 (a leading byte-order mark is dropped), only characters that can be seen
    or are whitespace."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ConfigSyntaxError(
            f"byte 0x{raw[err.start]:02x} at offset {err.start} is not UTF-8",
            Location(path, raw.count(b"\n", 0, err.start) + 1),
            "save the file as UTF-8",
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    bad = first_bad_character(text)
    if bad is not None:
        raise _bad_character(path, text, bad)
    return text


_ALIAS = re.compile(r"(?:^|[\s\[{,])\*[^\s\[\]{},]", re.MULTILINE)  # `*name` where YAML reads an alias
_BAD_ASCII = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # C0 controls but tab, LF, CR; and DEL
_BAD_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp"})
_allowed: dict[str, bool] = {}  # non-ASCII character -> allowed


def _is_allowed(char: str) -> bool:
    found = _allowed.get(char)
    if found is None:
        point = ord(char)
        noncharacter = 0xFDD0 <= point <= 0xFDEF or (point & 0xFFFE) == 0xFFFE
        found = _allowed[char] = not noncharacter and unicodedata.category(char) not in _BAD_CATEGORIES
    return found


def first_bad_character(text: str) -> int | None:
    """The index of the first character a config value may not hold, or None: C0/C1 controls other than
    tab and line breaks, format characters (BOM, U+200B, U+202E), private-use, unassigned, surrogate and
    non-character code points, and the Unicode line and paragraph separators."""
    match = _BAD_ASCII.search(text)
    first = match.start() if match else None
    if text.isascii():
        return first
    for char in set(text):
        if char >= "\x80" and not _is_allowed(char):
            index = text.index(char)
            if first is None or index < first:
                first = index
    return first


def _bad_character(path: Path, text: str, index: int) -> ConfigSyntaxError:
    char = text[index]
    name = unicodedata.name(char, "")
    described = f"U+{ord(char):04X}" + (f" ({name})" if name else "")
    return ConfigSyntaxError(
        f"character {described} is not allowed: it is invisible, a control or format character, or not text",
        Location(path, text.count("\n", 0, index) + 1),
        "delete it (an editor that shows invisible characters helps), or write what you meant in plain text",
    )


def _too_deep(path: Path, line: int | None) -> ConfigSyntaxError:
    return ConfigSyntaxError(
        f"mappings and lists nest deeper than {MAX_DEPTH} levels",
        Location(path, line),
        f"at most {MAX_DEPTH} levels are accepted (docs/adr/0011-yaml-subset.md); flatten the structure",
    )


def _check_expansion(root: yaml.Node, path: Path) -> None:
    """Refuse an alias that refers to a node containing it, and a document whose aliases expand to more
    than MAX_VALUES values (nested anchors: "billion laughs"). One pass over the distinct nodes."""
    size: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        ident = id(node)
        if children_done:
            total = 1 + sum(size[id(child)] for child in _children(node))
            if total > MAX_VALUES:
                raise ConfigSyntaxError(
                    f"anchors and aliases expand to more than {MAX_VALUES:,} values",
                    Location(path, node.start_mark.line + 1),
                    "aliases of aliases multiply; use fewer levels of them (docs/adr/0011-yaml-subset.md)",
                )
            size[ident] = total
            continue
        if ident in size:
            if size[ident] < 0:
                raise ConfigSyntaxError(
                    "an alias refers to a mapping or list that contains it",
                    Location(path, node.start_mark.line + 1),
                    "an alias may only repeat a value defined before it, outside it",
                )
            continue
        size[ident] = -1  # in progress
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if size.get(id(child), 0) <= 0)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _shown(text: str, limit: int = 40) -> str:
    """A value as quoted in a message, cut to a readable length."""
    return repr(text if len(text) <= limit else text[:limit] + "...")


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


_NON_STRING_KEYS = {
    _CORE + "null": "null (an empty key, ~ or null)",
    _CORE + "bool": "a boolean",
    _CORE + "int": "a number",
    _CORE + "float": "a number",
}


_NULL_TEXTS = frozenset({"", "~", "null", "Null", "NULL"})
_SCALAR = yaml.ScalarNode


class _Converter:
    """Nodes to plain data, recording the line of every key path: a mapping's value at its key's line, a list
    item and the document at their own. Plain strings (most values) skip every check but one."""

    def __init__(self, path: Path, provenance: Provenance) -> None:
        self.path = path
        self.provenance = provenance
        self.locations: dict[int, Location] = {}  # one Location per line of the file

    def location(self, line: int) -> Location:
        found = self.locations.get(line)
        if found is None:
            found = self.locations[line] = Location(self.path, line)
        return found

    def error(self, message: str, node: yaml.Node, hint: str, key: KeyPath = ()) -> ConfigSyntaxError:
        return ConfigSyntaxError(message, Location(self.path, node.start_mark.line + 1, dotted(key) or None), hint)

    def convert(self, node: yaml.Node, key_path: KeyPath, line: int, depth: int) -> Any:
        found = self.locations.get(line)  # inline: a call per node was a visible share of parsing
        self.provenance[key_path] = found if found is not None else self.location(line)
        if type(node) is _SCALAR:
            if node.tag == _STR_TAG:
                if node.style == '"':
                    self.check_escapes(node, key_path)
                return node.value
            return self.scalar(node, key_path)
        if depth >= MAX_DEPTH:
            raise _too_deep(self.path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP_TAG:
                raise self.unsupported_tag(node, key_path, "a mapping")
            return self.mapping(node, key_path, depth + 1)
        if node.tag != _SEQ_TAG:
            raise self.unsupported_tag(node, key_path, "a list")
        convert = self.convert
        return [convert(item, (*key_path, i), item.start_mark.line + 1, depth + 1) for i, item in enumerate(node.value)]

    def check_escapes(self, node: yaml.ScalarNode, key_path: KeyPath) -> None:
        """A double-quoted string's escapes (`\\u202e`, `\\x01`) can make characters the file's text did not hold."""
        index = first_bad_character(node.value)
        if index is not None:
            bad = node.value[index]
            raise self.error(
                f"escape for U+{ord(bad):04X} is not allowed: an invisible, control or format character, or not text",
                node,
                "write what you meant in plain text",
                key_path,
            )

    def scalar(self, node: yaml.Node, key_path: KeyPath) -> Any:
        tag = node.tag
        if tag == _MERGE_TAG:
            return node.value  # `<<` as a value, not a key: the text
        if tag in _NON_STRING_KEYS:
            try:
                value = _constructor.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, KeyError, TypeError, AttributeError):
                raise self.error(
                    f"{_shown(node.value)} cannot be read as {_tag_name(tag)}",
                    node,
                    "quote it to keep it as text, or remove the tag",
                    key_path,
                ) from None
            finally:
                _constructor.constructed_objects.clear()
            if isinstance(value, float) and not math.isfinite(value):
                raise self.error(
                    f"{_shown(node.value)} is not a finite number (JSON and Terraform cannot hold NaN or infinity)",
                    node,
                    "write a finite number, or quote the text",
                    key_path,
                )
            if value is None and node.value not in _NULL_TEXTS:
                raise self.unsupported_tag(node, key_path, _shown(node.value))
            return value
        raise self.unsupported_tag(node, key_path, "a value")

    def unsupported_tag(self, node: yaml.Node, key_path: KeyPath, what: str) -> ConfigSyntaxError:
        return self.error(
            f"tag {_tag_name(node.tag)} on {what} is not supported",
            node,
            "remove the tag: only plain YAML (strings, numbers, booleans, null, mappings, lists) is read; "
            "quote a value that starts with '!'",
            key_path,
        )

    def mapping(self, node: yaml.MappingNode, key_path: KeyPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        merges: list[yaml.Node] = []
        convert = self.convert
        for key_node, value_node in node.value:
            if key_node.tag == _STR_TAG and type(key_node) is _SCALAR:
                key = key_node.value
                if key_node.style == '"':
                    self.check_escapes(key_node, key_path)
            elif key_node.tag == _MERGE_TAG and type(key_node) is _SCALAR:
                merges.append(value_node)
                continue
            else:
                raise self.bad_key(key_node, key_path)
            key_line = key_node.start_mark.line + 1
            if key in result:
                raise ConfigSyntaxError(
                    f"duplicate key '{key}'",
                    Location(self.path, key_line, key),
                    "each key may appear once in a mapping; remove or rename one",
                )
            result[key] = convert(value_node, (*key_path, key), key_line, depth)
        if merges:
            self.merge_keys(merges, result, key_path, depth)
        return result

    def bad_key(self, key_node: yaml.Node, key_path: KeyPath) -> ConfigSyntaxError:
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag in _NON_STRING_KEYS:
            return self.error(
                f"key {_shown(key_node.value)} is {_NON_STRING_KEYS[key_node.tag]}, not a string",
                key_node,
                f"quote the key: '{key_node.value[:40]}': ...",
                key_path,
            )
        if isinstance(key_node, yaml.ScalarNode):
            return self.unsupported_tag(key_node, key_path, "a key")
        what = "a mapping" if isinstance(key_node, yaml.MappingNode) else "a list"
        return self.error(f"{what} cannot be a key", key_node, "keys are plain strings", key_path)

    def merge_keys(self, merges: list[yaml.Node], result: dict[str, Any], key_path: KeyPath, depth: int) -> None:
        """`<<: *anchor` (or a list of them): the anchored mapping's keys that this mapping does not set
        itself; the first merged mapping wins, as YAML says. Each key keeps the line it was written at."""
        sources: list[yaml.Node] = []
        for value_node in merges:
            if isinstance(value_node, yaml.SequenceNode):
                sources.extend(value_node.value)
            else:
                sources.append(value_node)
        explicit = set(result)
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                raise self.error(
                    "a merge key `<<` needs a mapping (or a list of mappings) to merge",
                    source,
                    "write `<<: *anchor` where the anchor is a mapping",
                    key_path,
                )
            if depth >= MAX_DEPTH:
                raise _too_deep(self.path, source.start_mark.line + 1)
            if source.tag != _MAP_TAG:
                raise self.unsupported_tag(source, key_path, "a mapping")
            saved, self.provenance = self.provenance, {}
            try:
                merged = self.mapping(source, key_path, depth + 1)
                merged_prov = self.provenance
            finally:
                self.provenance = saved
            size = len(key_path)
            for key_in, loc in merged_prov.items():
                if len(key_in) > size and key_in[size] not in result:
                    self.provenance[key_in] = loc
            for key, value in merged.items():
                if key not in explicit and key not in result:
                    result[key] = value
            explicit = set(result)


_constructor = yaml.SafeLoader("")
