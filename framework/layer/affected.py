"""`layer affected`: the layers a change touches, and every layer that depends on them."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from layer import git
from layer.config.model import DEFAULTS_FILE, LAYER_FILE
from layer.index import Index, load_index


@dataclass(frozen=True)
class Affected:
    layer_id: str
    reasons: tuple[str, ...]
    wave: int


@dataclass(frozen=True)
class Removed:
    """A layer whose layer.yaml was deleted since the ref: its resources are still in its state."""

    layer_id: str
    file: str  # the deleted layer.yaml, relative to the git top


@dataclass(frozen=True)
class Change:
    """What a change since a ref does to the layers under a path."""

    affected: list[Affected]
    removed: list[Removed]
    top: Path  # the git top
    tree_root: Path  # a layer's id is its directory relative to this
    layer_ids: tuple[str, ...] = ()  # every layer under the path, affected or not

    def layer_dir(self, layer_id: str) -> str:
        """The layer's directory relative to the git top (what CI passes to `layer plan`)."""
        return Path(os.path.relpath(self.tree_root.resolve() / layer_id, self.top.resolve())).as_posix()


_GIT_HINT = "run inside the repository, with a REF git knows (fetch it first in CI: git fetch origin main)"


def _git(where: Path, *args: str) -> str:
    return git.run(where, *args, hint=_GIT_HINT)


def changed_files(since: str, cwd: Path) -> tuple[Path, list[str]]:
    """Files changed since REF (committed, staged, unstaged and untracked), relative to the git top."""
    top = git.toplevel(cwd, hint=_GIT_HINT)
    names = _git(top, "diff", "--name-only", "--no-renames", since).splitlines()
    names += _git(top, "ls-files", "--others", "--exclude-standard").splitlines()
    return top, sorted(set(n for n in names if n))


def deleted_files(since: str, top: Path) -> list[str]:
    """Files that existed at REF and are gone now (deleted, or moved away), relative to the git top."""
    names = _git(top, "diff", "--name-only", "--no-renames", "--diff-filter=D", since).splitlines()
    return sorted(n for n in set(names) if n and not (top / n).exists())


def removed_layers(files: list[str], top: Path, tree_root: Path) -> list[Removed]:
    """The layers whose layer.yaml is among the deleted `files`: ids relative to the tree root."""
    root = tree_root.resolve()
    found = []
    for name in files:
        if Path(name).name != LAYER_FILE:
            continue
        rel = _relative(top / name, root)
        if rel is not None and (root / rel).parent != root:
            found.append(Removed(Path(rel).parent.as_posix(), name))
    return sorted(found, key=lambda r: r.layer_id)


def affected(index: Index, files: list[str], top: Path) -> list[Affected]:
    """Direct hits from the changed files, then every dependent of a hit, in run order."""
    project = index.project
    by_yaml: dict[str, set[str]] = {}
    by_module: dict[str, set[str]] = {}
    for entry in index.entries.values():
        for yaml_file in entry.yaml_files:
            by_yaml.setdefault(yaml_file, set()).add(entry.id)
        for module in entry.module_dirs:
            by_module.setdefault(module, set()).add(entry.id)
    reasons: dict[str, list[str]] = {}
    for name in files:
        rel = _relative(top / name, project)
        if rel is None:
            continue
        base = Path(rel).name
        if base in (LAYER_FILE, DEFAULTS_FILE):
            for ident in sorted(by_yaml.get(rel, ())):
                own = index.entries[ident].dir == str(Path(rel).parent)
                reasons.setdefault(ident, []).append(f"{'own file' if own else 'inherits'} {rel}")
        owner = _owning_module(Path(rel), by_module)
        if owner is not None:
            for ident in sorted(by_module[owner]):
                reasons.setdefault(ident, []).append(f"module {owner} changed ({rel})")
    dependents = index.dependents()
    queue = list(reasons)
    while queue:
        ident = queue.pop()
        for child in sorted(dependents.get(ident, ())):
            if child not in reasons:
                reasons[child] = [f"depends on {ident}"]
                queue.append(child)
    result = [Affected(i, tuple(r), index.entries[i].wave) for i, r in reasons.items() if i in index.entries]
    return sorted(result, key=lambda a: (a.wave, a.layer_id))


NOT_SOURCE = ("tests", "examples")


def _owning_module(rel: Path, by_module: dict[str, set[str]]) -> str | None:
    """The module directory a changed file belongs to, unless it is only the module's tests, examples or docs."""
    if rel.suffix == ".md":
        return None
    for parent in rel.parents:
        key = str(parent)
        if key in by_module:
            inside = rel.relative_to(parent).parts
            return None if inside and inside[0] in NOT_SOURCE else key
    return None


def affected_under(path: Path, since: str) -> list[Affected]:
    """The affected layers whose directory is at or below `path`, in run order."""
    return change_under(path, since).affected


def change_under(path: Path, since: str) -> Change:
    """The affected layers whose directory is at or below `path`, in run order, and the removed ones there."""
    index = load_index(path)
    top, files = changed_files(since, path)
    start = str(path.resolve())
    inside = start if start.endswith(os.sep) else start + os.sep
    project = str(index.project.resolve())  # entry dirs have no symlinks below it: the walk enters none

    def under_start(directory: str) -> bool:
        return directory == start or directory.startswith(inside)

    found = [
        a
        for a in affected(index, files, top)
        if under_start(os.path.normpath(os.path.join(project, index.entries[a.layer_id].dir)))
    ]
    root = index.root.resolve()
    removed = [
        r
        for r in removed_layers(deleted_files(since, top), top, index.root)
        if under_start(os.path.normpath(os.path.join(root, r.layer_id)))
    ]
    under_path = tuple(
        e.id for e in index.entries.values() if under_start(os.path.normpath(os.path.join(project, e.dir)))
    )
    return Change(found, removed, top, index.root, under_path)


def _relative(path: Path, project: Path) -> str | None:
    try:
        return str(path.resolve().relative_to(project.resolve()))
    except ValueError:
        return None


def _artifact_name(layer_id: str) -> str:
    """A name GitHub accepts for an artifact (no / : * ...), unique per layer id."""
    readable = re.sub(r"[^A-Za-z0-9._-]+", "_", layer_id.replace("/", "__"))
    return f"plan-{readable}-{hashlib.sha1(layer_id.encode()).hexdigest()[:8]}"


def waves_of(found: list[Affected]) -> list[list[Affected]]:
    """The affected layers grouped by their wave of the whole tree, empty waves left out (run order kept)."""
    grouped: dict[int, list[Affected]] = {}
    for item in found:
        grouped.setdefault(item.wave, []).append(item)
    return [sorted(grouped[w], key=lambda a: a.layer_id) for w in sorted(grouped)]


def github_matrix(change: Change, since: str) -> dict[str, object]:
    """One GitHub Actions matrix per wave (`strategy.matrix: ${{ fromJSON(...).waves[N] }}`), plus the counts
    the workflow's `if:` reads and the removed layers."""
    waves = waves_of(change.affected)
    return {
        "since": since,
        "count": len(change.affected),
        "wave_count": len(waves),
        "waves": [
            {
                "include": [
                    {
                        "layer": a.layer_id,
                        "dir": change.layer_dir(a.layer_id),
                        "artifact": _artifact_name(a.layer_id),
                        "wave": n,
                    }
                    for a in wave
                ]
            }
            for n, wave in enumerate(waves)
        ],
        "removed": [{"layer": r.layer_id, "file": r.file} for r in change.removed],
    }
