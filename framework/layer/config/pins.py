"""Pinned module sources of this repository, read from the local git clone.

Environments in a promotion chain pin their modules to git refs of the platform repository itself:
`git::https://github.com/connectly/platform.git//modules/network?ref=<commit or tag>`. When the root
_defaults.yaml names that repository (`promotion.repository`) and the ref exists in the local clone, the
module is taken from the clone's own history (`git archive`) into `.layer/modules/<commit>/`, once:

- `layer validate` checks a layer's inputs against its module *as pinned*, not as on the working tree;
- Terraform gets a local path, so plans need no network access and no git credentials;
- a change under modules/ affects only the environments that follow the working tree, not the pinned ones.

A ref the clone does not have (a shallow clone, tags not fetched) leaves the source remote: Terraform fetches
it as usual and the layer's inputs are not checked here (`layer validate` says so).
"""

from __future__ import annotations

import os
import re
import shutil
import tarfile
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from layer import git

_GIT_SOURCE = re.compile(r"^git::(?P<url>.+?\.git|[^?]+?)//(?P<subdir>[^?]+)\?(?:[^#]*&)?ref=(?P<ref>[^&#]+)")
_lock = threading.Lock()


@dataclass(frozen=True)
class GitSource:
    url: str
    subdir: str
    ref: str


def parse_git_source(source: str) -> GitSource | None:
    match = _GIT_SOURCE.match(source)
    if not match:
        return None
    return GitSource(match["url"], match["subdir"].strip("/"), match["ref"])


def normalise_url(url: str) -> str:
    """https://github.com/a/b.git, git@github.com:a/b, ssh://git@github.com/a/b.git -> github.com/a/b"""
    text = url.strip().lower().removeprefix("git::")
    text = re.sub(r"^[a-z+]+://", "", text)
    text = re.sub(r"^[^@/]+@", "", text)
    text = text.replace(":", "/", 1) if ":" in text.split("/", 1)[0] else text
    return text.removesuffix("/").removesuffix(".git")


@lru_cache(maxsize=64)
def git_toplevel(directory: str) -> str | None:
    try:
        return str(git.toplevel(directory))
    except git.GitError:
        return None


@lru_cache(maxsize=256)
def resolve_commit(toplevel: str, ref: str) -> str | None:
    try:
        return git.resolve_commit(toplevel, ref)
    except git.GitError:
        return None


def _git(directory: str, *args: str) -> str | None:
    try:
        return git.run(directory, *args)
    except git.GitError:
        return None


def committed_version(directories: list[Path]) -> str | None:
    """HEAD's commit when every directory is committed as it is on disk (nothing modified or untracked)."""
    if not directories:
        return None
    toplevel = git_toplevel(str(directories[0]))
    if toplevel is None:
        return None
    dirty = _git(toplevel, "status", "--porcelain", "--untracked-files=all", "--", *map(str, directories))
    if dirty is None or dirty.strip():
        return None
    head = _git(toplevel, "rev-parse", "HEAD")
    return head.strip() if head else None


def cache_root(tree_root: Path) -> Path:
    override = os.environ.get("LAYER_WORK_DIR")
    return (Path(override).resolve() if override else tree_root.parent / ".layer") / "modules"


def checkout(source: str, repository: str | None, tree_root: Path) -> Path | None:
    """The local directory of a pinned module of this repository, or None when it is not one (or the ref
    is not in the local clone)."""
    parsed = parse_git_source(source)
    if parsed is None or not repository or normalise_url(parsed.url) != normalise_url(repository):
        return None
    toplevel = git_toplevel(str(tree_root))
    if toplevel is None:
        return None
    commit = resolve_commit(toplevel, parsed.ref)
    if commit is None:
        return None
    top = parsed.subdir.split("/", 1)[0]
    target = cache_root(tree_root) / commit / top
    with _lock:
        if not target.is_dir():
            _extract(toplevel, commit, top, target)
    return target.parent / parsed.subdir


def _extract(toplevel: str, commit: str, top: str, target: Path) -> None:
    """`git archive COMMIT TOP` into target, atomically (a half-written copy is never used)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        archive = Path(scratch) / "archive.tar"
        with archive.open("wb") as out:
            try:
                git.archive(toplevel, commit, top, out)
            except git.GitError:
                return  # the directory does not exist at that commit: the caller reports the missing module
        with tarfile.open(archive) as tar:
            tar.extractall(scratch, filter="data")
        extracted = Path(scratch) / top
        if extracted.is_dir() and not target.exists():
            shutil.move(str(extracted), target)
