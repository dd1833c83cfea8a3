"""`layer affected`: the layers a change touches, and every layer that depends on them."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from layer.config.model import DEFAULTS_FILE, LAYER_FILE
from layer.errors import LayerError
from layer.index import Index, load_index


@dataclass(frozen=True)
class Affected:
    layer_id: str
    reasons: tuple[str, ...]
    wave: int


def changed_files(since: str, cwd: Path) -> tuple[Path, list[str]]:
    """Files changed since REF (committed, staged, unstaged and untracked), relative to the git top."""

    def git(*args: str, where: Path = cwd) -> str:
        result = subprocess.run(["git", *args], cwd=where, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise LayerError(
                f"git {' '.join(args)} failed: {result.stderr.strip()}",
                hint="run inside the repository, with a REF git knows (fetch it first in CI: git fetch origin main)",
            )
        return result.stdout

    top = Path(git("rev-parse", "--show-toplevel").strip())
    names = git("diff", "--name-only", "--no-renames", since, where=top).splitlines()
    names += git("ls-files", "--others", "--exclude-standard", where=top).splitlines()
    return top, sorted(set(n for n in names if n))


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
    index = load_index(path)
    top, files = changed_files(since, path)
    start = str(path.resolve())
    inside = start if start.endswith(os.sep) else start + os.sep
    project = str(index.project.resolve())  # entry dirs have no symlinks below it: the walk enters none

    def under_start(entry_dir: str) -> bool:
        directory = os.path.normpath(os.path.join(project, entry_dir))
        return directory == start or directory.startswith(inside)

    return [a for a in affected(index, files, top) if under_start(index.entries[a.layer_id].dir)]


def _relative(path: Path, project: Path) -> str | None:
    try:
        return str(path.resolve().relative_to(project.resolve()))
    except ValueError:
        return None
