"""Finding a tree's root and its layer directories without parsing any layer file."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Sequence
from pathlib import Path

from layer.config.model import DEFAULTS_FILE, LAYER_FILE
from layer.config.reader import read_yaml
from layer.errors import LayerNotFoundError, Location


def absolute(path: Path) -> Path:
    """An absolute, normalised path without resolving symlinks (realpath costs a stat per component)."""
    return Path(os.path.normpath(os.path.abspath(path)))


def find_root(start: Path) -> Path:
    """The nearest directory at or above `start` whose _defaults.yaml says `root: true`."""
    start = absolute(start)
    if not start.exists():
        raise LayerNotFoundError(
            f"no such directory: {start}", Location(start), "give a path under live/, e.g. live/local"
        )
    if start.is_file():
        start = start.parent
    for directory in (start, *start.parents):
        defaults = directory / DEFAULTS_FILE
        if defaults.is_file() and read_yaml(defaults).data.get("root") is True:
            return directory
        if (directory / ".git").exists():
            break
    raise LayerNotFoundError(
        f"{start} is not inside a layer tree",
        Location(start),
        "the top directory of a tree (e.g. live/) needs a _defaults.yaml with `root: true`",
    )


def layer_id(root: Path, directory: Path) -> str:
    rel = absolute(directory).relative_to(root)
    return rel.as_posix() if rel.parts else "."


def discover(start: Path) -> list[Path]:
    """Every layer directory at or below `start`, sorted. Only file names are looked at."""
    start = absolute(start)
    if (start / LAYER_FILE).is_file():
        return [start]
    found: list[Path] = []
    for current, dirs, files in os.walk(start):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "node_modules")
        if LAYER_FILE in files:
            found.append(Path(current))
    return sorted(found)


def matches(identifier: str, patterns: Sequence[str]) -> bool:
    return any(
        fnmatch.fnmatchcase(identifier, p) or fnmatch.fnmatchcase(identifier, p.rstrip("/") + "/*") for p in patterns
    )


_defaults_in: dict[Path, Path | None] = {}


def _defaults_file(directory: Path) -> Path | None:
    """The directory's _defaults.yaml, if any; looked up once per directory per process."""
    if directory not in _defaults_in:
        candidate = directory / DEFAULTS_FILE
        _defaults_in[directory] = candidate if candidate.is_file() else None
    return _defaults_in[directory]


def ancestor_files(root: Path, layer_dir: Path) -> list[Path]:
    """The YAML files merged into a layer, root first: each _defaults.yaml on the way, then layer.yaml."""
    depth = len(layer_dir.relative_to(root).parts)
    chain = [layer_dir.parents[i] for i in reversed(range(depth))] + [layer_dir]
    files = [found for d in chain if (found := _defaults_file(d)) is not None]
    files.append(layer_dir / LAYER_FILE)
    return files
