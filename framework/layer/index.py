"""One index from files to layers: which YAML files and module directories each layer is built from.

`layer affected` and `layer atlantis generate` both read it. It is built once and cached in
`.layer/index-<tree>.json`, keyed by the size and mtime of every YAML and .tf file it was built from, so
a repeated run on an unchanged tree only stats files. Without a valid cache (a fresh CI clone) it is
built from each layer's `module` and `dependencies` keys only (layer.config.structure), not from the
loaded tree; a tree that scanner is not sure of is loaded the full way (build_index), as before.
See docs/adr/0010-index-without-loading.md.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, fields
from pathlib import Path

from layer.config.structure import Scan, scan, structure, waves
from layer.config.tree import find_root, gc_paused
from layer.interface.spec import load_module
from layer.terraform.generate import work_root

INDEX_VERSION = 2  # 2: pinned modules are not watched (they are copies at a commit)


@dataclass(frozen=True)
class Entry:
    id: str
    dir: str  # relative to the project root (the tree root's parent)
    yaml_files: tuple[str, ...]
    module_dirs: tuple[str, ...]  # the layer's module and every local module it calls, transitively
    dependencies: tuple[str, ...]
    wave: int


@dataclass(frozen=True)
class Index:
    root: Path  # the tree root (live/)
    project: Path  # the directory paths are relative to
    entries: dict[str, Entry]

    def dependents(self) -> dict[str, set[str]]:
        reverse: dict[str, set[str]] = {i: set() for i in self.entries}
        for entry in self.entries.values():
            for dep in entry.dependencies:
                reverse.setdefault(dep, set()).add(entry.id)
        return reverse


def _rel(path: Path, project: Path) -> str:
    return os.path.relpath(path, project)


def module_closure(module_dir: Path) -> list[Path]:
    """The module and every local module it calls, transitively."""
    seen: list[Path] = []
    queue = [module_dir.resolve()]
    while queue:
        current = queue.pop()
        if current in seen or not current.is_dir():
            continue
        seen.append(current)
        for source in load_module(current).module_sources:
            if source.startswith(("./", "../")):
                queue.append((current / source).resolve())
    return seen


def build_index(start: Path) -> Index:
    """The index from the fully loaded tree: every layer validated (errors are raised with file and line)."""
    from layer.config.graph import build_graph
    from layer.config.loader import load_tree

    tree = load_tree(find_root(start))
    graph = build_graph(tree)
    project = tree.root.parent
    waves = {ident: n for n, wave in enumerate(graph.waves()) for ident in wave}
    entries = {}
    for ident, layer in tree.layers.items():
        # A pinned module is a copy at a commit: it never changes; the pin in layer.yaml does.
        modules = module_closure(layer.working_tree_module) if layer.working_tree_module else []
        entries[ident] = Entry(
            id=ident,
            dir=_rel(layer.dir, project),
            yaml_files=tuple(_rel(f, project) for f in layer.files),
            module_dirs=tuple(_rel(m, project) for m in modules),
            dependencies=tuple(sorted(d.layer_id for d in layer.dependencies)),
            wave=waves[ident],
        )
    return Index(tree.root, project, entries)


def quick_index(root: Path, walked: Scan | None = None) -> Index | None:
    """The index from the layers' `module` and `dependencies` keys only; None when the tree needs the full
    loader (layer.config.structure says when). The same entries as build_index for a valid tree."""
    walked = walked or scan(str(root))
    layers = structure(root, walked.layer_dirs)
    if layers is None:
        return None
    numbers = waves({ident: layer.dependencies for ident, layer in layers.items()})
    if numbers is None:
        return None  # a cycle: the loader's error names it
    project = root.parent
    under = _Relative(str(project))
    closures: dict[str, tuple[str, ...]] = {}
    entries = {}
    for ident, layer in layers.items():
        modules: tuple[str, ...] = ()
        if layer.module_dir is not None:
            if layer.module_dir not in closures:
                closures[layer.module_dir] = tuple(_rel(m, project) for m in module_closure(Path(layer.module_dir)))
            modules = closures[layer.module_dir]
        entries[ident] = Entry(
            id=ident,
            dir=under(layer.dir),
            yaml_files=tuple(under(f) for f in layer.files),
            module_dirs=modules,
            dependencies=layer.dependencies,
            wave=numbers[ident],
        )
    return Index(root, project, entries)


class _Relative:
    """os.path.relpath(path, project) for absolute, normalised paths, by cutting the prefix when it is one."""

    def __init__(self, project: str) -> None:
        self.project = project
        self.prefix = project if project.endswith(os.sep) else project + os.sep

    def __call__(self, path: str) -> str:
        if path.startswith(self.prefix):
            return path[len(self.prefix) :]
        return os.path.relpath(path, self.project)


def _fingerprint(
    root: Path, module_dirs: set[str], project: Path, walked: Scan | None = None
) -> list[tuple[str, int, int]]:
    walked = walked or scan(str(root))
    under = _Relative(str(project))
    found = [(under(path), mtime, size) for path, (mtime, size) in walked.yaml_stats.items()]
    for module in sorted(module_dirs):
        directory = project / module
        if directory.is_dir():
            for path in sorted(directory.glob("*.tf")):
                stat = path.stat()
                found.append((_rel(path, project), stat.st_mtime_ns, stat.st_size))
    return sorted(found)


def _entry_json(entry: Entry) -> dict[str, object]:
    """dataclasses.asdict(entry), without its deep copies (a visible share of writing 5,000 entries)."""
    return {f.name: getattr(entry, f.name) for f in fields(Entry)}


def load_index(start: Path) -> Index:
    with gc_paused():
        return _load_index(start)


def _load_index(start: Path) -> Index:
    root = find_root(start)
    project = root.parent
    cache = work_root(root) / f"index-{root.name}.json"
    walked = scan(str(root))
    if cache.is_file():
        try:
            data = json.loads(cache.read_text())
            modules = {m for e in data["entries"].values() for m in e["module_dirs"]}
            if data.get("version") == INDEX_VERSION and data["fingerprint"] == [
                list(x) for x in _fingerprint(root, modules, project, walked)
            ]:
                entries = {
                    k: Entry(**{**v, **{f: tuple(v[f]) for f in ("yaml_files", "module_dirs", "dependencies")}})
                    for k, v in data["entries"].items()
                }
                return Index(root, project, entries)
        except (KeyError, TypeError, ValueError):
            pass
    index = quick_index(root, walked) or build_index(root)
    modules = {m for e in index.entries.values() for m in e.module_dirs}
    payload = {
        "version": INDEX_VERSION,
        "fingerprint": _fingerprint(root, modules, project, walked),
        "entries": {k: _entry_json(v) for k, v in index.entries.items()},
    }
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(payload))
    return index
