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

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

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


_cache: dict[Path, tuple[float, SourceFile]] = {}


def read_yaml(path: Path) -> SourceFile:
    path = Path(os.path.normpath(os.path.abspath(path)))
    mtime = path.stat().st_mtime
    cached = _cache.get(path)
    if cached is not None and cached[0] == mtime:
        return cached[1]
    source = _parse(path)
    _cache[path] = (mtime, source)
    return source


def _parse(path: Path) -> SourceFile:
    text = path.read_text(encoding="utf-8")
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
    data = _convert(node, (), path, provenance)
    if not isinstance(data, dict):
        raise ConfigSyntaxError(
            f"the file must hold a mapping of keys, not a {type(data).__name__}",
            Location(path, node.start_mark.line + 1),
            "start the file with `key: value` lines",
        )
    return SourceFile(path, data, provenance)


_constructor = yaml.SafeLoader("")


def _convert(node: yaml.Node, key_path: KeyPath, path: Path, provenance: Provenance) -> Any:
    provenance[key_path] = Location(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        _constructor.flatten_mapping(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _constructor.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                raise ConfigSyntaxError(
                    f"duplicate key '{key}'",
                    Location(path, key_node.start_mark.line + 1, key),
                    "each key may appear once in a mapping; remove or rename one",
                )
            child_path = (*key_path, key)
            result[key] = _convert(value_node, child_path, path, provenance)
            provenance[child_path] = Location(path, key_node.start_mark.line + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*key_path, i), path, provenance) for i, item in enumerate(node.value)]
    return _constructor.construct_object(node, deep=True)
