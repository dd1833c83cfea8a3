"""Parse one YAML file into plain data plus the file and line of every value in it.

Each file is parsed once per process (a cache keyed by path and mtime), with libyaml when present.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from layer.errors import ConfigSyntaxError, Location

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present
_plain_tags: dict[str, str] = {}  # plain scalar text -> its implicit tag (int, bool, null, str...)
_PLAIN_TAGS_MAX = 200_000


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
                tag = _plain_tags[value] = super().resolve(kind, value, implicit)
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
    text = ""
    for part in key_path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


_cache: dict[str, tuple[float, SourceFile]] = {}


def read_yaml(path: Path | str) -> SourceFile:
    key = os.path.normpath(os.path.abspath(path))
    mtime = os.stat(key).st_mtime
    cached = _cache.get(key)
    if cached is not None and cached[0] == mtime:
        return cached[1]
    source = _parse(path if isinstance(path, Path) and str(path) == key else Path(key))
    _cache[key] = (mtime, source)
    return source


def _parse(path: Path) -> SourceFile:
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else None
        raise ConfigSyntaxError(
            f"YAML syntax error: {err.problem or err}",
            Location(path, line),
            "fix the YAML at that line (indentation, a missing ':' or an unclosed quote are the usual causes)",
        ) from None
    provenance: Provenance = {}
    if node is None:
        provenance[()] = Location(path, 1)
        return SourceFile(path, {}, provenance)
    data = _Converter(path, provenance).convert(node, (), node.start_mark.line + 1)
    if not isinstance(data, dict):
        raise ConfigSyntaxError(
            f"the file must hold a mapping of keys, not a {type(data).__name__}",
            Location(path, node.start_mark.line + 1),
            "start the file with `key: value` lines",
        )
    return SourceFile(path, data, provenance)


_constructor = yaml.SafeLoader("")
_STR_TAG = "tag:yaml.org,2002:str"


_MERGE_TAGS = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")


class _Converter:
    """Nodes to plain data, recording the line of every key path: a mapping's value at its key's line, a list
    item and the document at their own. Plain strings (most values) skip the generic constructor."""

    def __init__(self, path: Path, provenance: Provenance) -> None:
        self.path = path
        self.provenance = provenance
        self.locations: dict[int, Location] = {}  # one Location per line of the file

    def location(self, line: int) -> Location:
        found = self.locations.get(line)
        if found is None:
            found = self.locations[line] = Location(self.path, line)
        return found

    def convert(self, node: yaml.Node, key_path: KeyPath, line: int) -> Any:
        self.provenance[key_path] = self.location(line)
        kind = type(node)
        if kind is yaml.ScalarNode:
            return node.value if node.tag == _STR_TAG else _constructor.construct_object(node, deep=True)
        if isinstance(node, yaml.MappingNode):
            pairs = node.value
            if any(k.tag in _MERGE_TAGS for k, _ in pairs):
                _constructor.flatten_mapping(node)
                pairs = node.value
            result: dict[str, Any] = {}
            convert = self.convert
            for key_node, value_node in pairs:
                if key_node.tag == _STR_TAG and type(key_node) is yaml.ScalarNode:
                    key = key_node.value
                else:
                    key = _constructor.construct_object(key_node, deep=True)
                    if not isinstance(key, str):
                        key = str(key)
                key_line = key_node.start_mark.line + 1
                if key in result:
                    raise ConfigSyntaxError(
                        f"duplicate key '{key}'",
                        Location(self.path, key_line, key),
                        "each key may appear once in a mapping; remove or rename one",
                    )
                result[key] = convert(value_node, (*key_path, key), key_line)
            return result
        if kind is yaml.SequenceNode:
            return [self.convert(item, (*key_path, i), item.start_mark.line + 1) for i, item in enumerate(node.value)]
        return _constructor.construct_object(node, deep=True)
