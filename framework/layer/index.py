"""One index from files to layers: which YAML files and module directories each layer is built from.

`layer affected` and `layer atlantis generate` both read it. It is built from the loaded tree once and
cached in `.layer/index-<tree>.json`, keyed by the size and mtime of every YAML and .tf file it was
built from, so a repeated run on an unchanged tree only stats files.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from layer.config.graph import build_graph
from layer.config.loader import load_tree
from layer.config.model import DEFAULTS_FILE, LAYER_FILE
from layer.config.tree import find_root
from layer.modules.spec import load_module
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


def _fingerprint(root: Path, module_dirs: set[str], project: Path) -> list[tuple[str, int, int]]:
    found = []
    for current, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name in (LAYER_FILE, DEFAULTS_FILE):
                stat = os.stat(os.path.join(current, name))
                found.append((_rel(Path(current) / name, project), stat.st_mtime_ns, stat.st_size))
    for module in sorted(module_dirs):
        directory = project / module
        if directory.is_dir():
            for path in sorted(directory.glob("*.tf")):
                stat = path.stat()
                found.append((_rel(path, project), stat.st_mtime_ns, stat.st_size))
    return sorted(found)


def load_index(start: Path) -> Index:
    root = find_root(start)
    project = root.parent
    cache = work_root(root) / f"index-{root.name}.json"
    if cache.is_file():
        try:
            data = json.loads(cache.read_text())
            modules = {m for e in data["entries"].values() for m in e["module_dirs"]}
            if data.get("version") == INDEX_VERSION and data["fingerprint"] == [
                list(x) for x in _fingerprint(root, modules, project)
            ]:
                entries = {
                    k: Entry(**{**v, **{f: tuple(v[f]) for f in ("yaml_files", "module_dirs", "dependencies")}})
                    for k, v in data["entries"].items()
                }
                return Index(root, project, entries)
        except (KeyError, TypeError, ValueError):
            pass
    index = build_index(root)
    modules = {m for e in index.entries.values() for m in e.module_dirs}
    payload = {
        "version": INDEX_VERSION,
        "fingerprint": _fingerprint(root, modules, project),
        "entries": {k: asdict(v) for k, v in index.entries.items()},
    }
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(payload))
    return index
