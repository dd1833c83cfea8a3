"""Finding a tree's root and its layer directories without parsing any layer file."""

from __future__ import annotations

import fnmatch
import gc
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from layer.config.model import DEFAULTS_FILE, LAYER_FILE
from layer.config.reader import SourceFile, not_a_file, read_yaml, unlistable
from layer.errors import LayerNotFoundError, Location


def absolute(path: Path) -> Path:
    """An absolute, normalised path without resolving symlinks (realpath costs a stat per component)."""
    return Path(os.path.normpath(os.path.abspath(path)))


def find_root(start: Path, read: Callable[[Path], SourceFile] = read_yaml) -> Path:
    """The nearest directory at or above `start` whose _defaults.yaml says `root: true` (read with `read`:
    a load passes its cache's, so that the root's file is parsed once)."""
    start = absolute(start)
    if not start.exists():
        raise LayerNotFoundError(
            f"no such directory: {start}", Location(start), "give a path under live/, e.g. live/local"
        )
    if start.is_file():
        start = start.parent
    seen: list[Path] = []
    for directory in (start, *start.parents):
        defaults = directory / DEFAULTS_FILE
        if is_yaml_file(str(defaults)):
            if read(defaults).data.get("root") is True:
                return directory
            seen.append(defaults)
        if (directory / ".git").exists():
            break
    hint = "the top directory of a tree (e.g. live/) needs a _defaults.yaml with `root: true`"
    if seen:  # the topmost _defaults.yaml is the likely root that lost its marker
        raise LayerNotFoundError(
            f"{start} is not inside a layer tree: no _defaults.yaml at or above it says `root: true`",
            Location(seen[-1], None, "root"),
            hint,
        )
    raise LayerNotFoundError(f"{start} is not inside a layer tree", Location(start), hint)


def abspath(path: str | os.PathLike[str]) -> str:
    """absolute() as a string: the form the loader's hot loops work in (pathlib parsing was a large share
    of loading a big tree)."""
    return os.path.normpath(os.path.abspath(path))


def layer_id(root: Path | str, directory: Path | str) -> str:
    """The directory relative to the root, with '/' separators ("." for the root itself)."""
    return relative_id(str(root), abspath(directory))


def relative_id(root: str, directory: str) -> str:
    """layer_id() of two absolute, normalised path strings. ValueError when `directory` is not under `root`
    (as Path.relative_to)."""
    if directory == root:
        return "."
    prefix = root if root.endswith(os.sep) else root + os.sep
    if not directory.startswith(prefix):
        raise ValueError(f"{directory!r} is not in the subpath of {root!r}")
    rel = directory[len(prefix) :]
    return rel if os.sep == "/" else rel.replace(os.sep, "/")


def is_yaml_file(path: str) -> bool:
    """Whether a layer.yaml or _defaults.yaml is there: True for a file (or a link to one), False for
    nothing at all; anything else under that name (a directory, a dangling link, a FIFO) is an error, never
    skipped in silence."""
    if os.path.isfile(path):
        return True
    if os.path.lexists(path):
        raise not_a_file(Path(path))
    return False


def discover(start: Path) -> list[Path]:
    """Every layer directory at or below `start`, sorted. Only file names are looked at."""
    start = absolute(start)
    if is_yaml_file(str(start / LAYER_FILE)):
        return [start]
    return [Path(d) for d in discover_dirs(str(start))]


def discover_dirs(start: str, memo: ChainMemo | None = None) -> list[str]:
    """discover() as sorted absolute path strings, for a `start` that is absolute and normalised. With a
    memo, the directories seen to hold a _defaults.yaml are noted in it (defaults_chain then needs no stat)."""
    found: list[str] = []
    _walk(start, found, memo.has_defaults if memo is not None else {})
    return sorted(found, key=_path_order)


def _walk(directory: str, found: list[str], has_defaults: dict[str, bool]) -> None:
    """os.walk's choices (symlinked directories are listed, not entered), without its per-directory lists."""
    subdirs: list[str] = []
    try:
        entries = os.scandir(directory)
    except OSError as err:
        raise unlistable(directory, err) from None
    has_defaults[directory] = False
    with entries:
        for entry in entries:
            name = entry.name
            if name in (LAYER_FILE, DEFAULTS_FILE):
                if not _is_file(entry):
                    raise not_a_file(Path(entry.path))
                if name == LAYER_FILE:
                    found.append(directory)
                else:
                    has_defaults[directory] = True
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir and not name.startswith(".") and name != "node_modules" and not entry.is_symlink():
                subdirs.append(entry.path)
    for sub in subdirs:
        _walk(sub, found, has_defaults)


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()  # follows a symbolic link
    except OSError:
        return False


def _path_order(path: str) -> tuple[str, ...]:
    """The order of the Path objects the strings stand for (component by component, as sorted(Path))."""
    return tuple(path.split(os.sep))


def matches(identifier: str, patterns: Sequence[str]) -> bool:
    return any(
        fnmatch.fnmatchcase(identifier, p) or fnmatch.fnmatchcase(identifier, p.rstrip("/") + "/*") for p in patterns
    )


class ChainMemo:
    """What one load learns about the _defaults.yaml files of the tree's directories. It lives as long as the
    load that made it (layer.config.loadcache.LoadCache holds one), so nothing it holds can be stale."""

    def __init__(self) -> None:
        self.has_defaults: dict[str, bool] = {}  # directory -> its walk saw a _defaults.yaml (no stat needed)
        self.chains: dict[tuple[str, str], tuple[Path, ...]] = {}  # (root, directory) -> defaults_chain()


def defaults_chain(root: str, directory: str, memo: ChainMemo | None = None) -> tuple[Path, ...]:
    """The _defaults.yaml files from `root` down to `directory` (both absolute, normalised strings), root
    first. With a memo each directory is looked at once, and reuses its parent's chain."""
    memo = memo if memo is not None else ChainMemo()
    chain = memo.chains.get((root, directory))
    if chain is not None:
        return chain
    if directory == root:
        parent: tuple[Path, ...] = ()
    else:
        above = os.path.dirname(directory)
        if above == directory:
            raise ValueError(f"{directory!r} is not under {root!r}")
        parent = defaults_chain(root, above, memo)
    candidate = os.path.join(directory, DEFAULTS_FILE)
    seen = memo.has_defaults.get(directory)  # the walk saw it: no stat needed
    chain = (*parent, Path(candidate)) if seen or (seen is None and is_yaml_file(candidate)) else parent
    memo.chains[(root, directory)] = chain
    return chain


def ancestor_files(root: Path, layer_dir: Path) -> list[Path]:
    """The YAML files merged into a layer, root first: each _defaults.yaml on the way, then layer.yaml."""
    directory = abspath(layer_dir)
    relative_id(str(root), directory)  # ValueError outside the tree, as before
    return [*defaults_chain(str(root), directory), Path(directory, LAYER_FILE)]


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: loading makes many objects and frees few, so the collector's
    full passes over a growing heap found nothing and took a quarter of loading a big tree. Reference
    counting frees as before. On the way out what survived is moved out of the collector's sight
    (gc.freeze: the loaded tree lives as long as the command) so that its first full pass afterwards
    does not scan it all anyway; then the collector runs as before."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()
