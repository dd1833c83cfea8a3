"""`layer modules release MODULE`: a module's release, tagged `NAME/vX.Y.Z` (issue 18).

Service repositories pin the platform's modules by these tags
(`git::https://github.com/connectly/platform.git//modules/NAME?ref=NAME/vX.Y.Z`). A release:
1. refuses uncommitted changes in the module and a module without changes since its last release;
2. runs the module gate (the caller passes it in);
3. prepends the entry `## vX.Y.Z (DATE)` with the subjects of the commits that changed the module since
   the last tag to modules/NAME/CHANGELOG.md, and commits it;
4. tags that commit `NAME/vX.Y.Z` (annotated). Pushing the tag is the caller's (`git push origin TAG`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from layer.errors import LayerError, Location
from layer.git import GitError
from layer.git import run as git_run

BUMPS = ("patch", "minor", "major")
FIRST_VERSION = (0, 1, 0)
CHANGELOG = "CHANGELOG.md"
_TAG_VERSION = re.compile(r"^v(\d+)\.(\d+)\.(\d+)$")


class ReleaseError(LayerError):
    """A module release that cannot be made (uncommitted changes, nothing to release, a failed gate)."""


@dataclass(frozen=True)
class Release:
    module: str
    tag: str
    previous: str | None
    changes: tuple[str, ...]
    commit: str


def git(root: Path, *args: str) -> str:
    """git through the one git runner (layer.git: its timeout, its process group), as a ReleaseError."""
    try:
        return git_run(root, *args)
    except GitError as err:
        raise ReleaseError(err.message, Location(root), err.hint) from None


def versions(root: Path, module: str) -> list[tuple[int, int, int]]:
    """The released versions of a module (tags NAME/vX.Y.Z of the clone), oldest first."""
    found = []
    for tag in git(root, "tag", "--list", f"{module}/v*").split():
        match = _TAG_VERSION.match(tag[len(module) + 1 :])
        if match:
            found.append((int(match[1]), int(match[2]), int(match[3])))
    return sorted(found)


def tag_of(module: str, version: tuple[int, int, int]) -> str:
    return f"{module}/v{version[0]}.{version[1]}.{version[2]}"


def bumped(version: tuple[int, int, int] | None, bump: str) -> tuple[int, int, int]:
    if version is None:
        return FIRST_VERSION
    major, minor, patch = version
    if bump == "major":
        return (major + 1, 0, 0)
    if bump == "minor":
        return (major, minor + 1, 0)
    return (major, minor, patch + 1)


def newer_patch(root: Path, module: str, pinned: str) -> str | None:
    """The newest tag of the same major.minor as `pinned` (`NAME/vX.Y.Z`) when it is newer, else None."""
    match = _TAG_VERSION.match(pinned.rpartition("/")[2])
    if match is None:
        return None
    major, minor, patch = int(match[1]), int(match[2]), int(match[3])
    same_line = [v for v in versions(root, module) if v[:2] == (major, minor) and v[2] > patch]
    return tag_of(module, same_line[-1]) if same_line else None


def release(root: Path, module_dir: Path, bump: str, gate: Callable[[Path], bool], today: datetime.date) -> Release:
    """Release the module in `module_dir` (under the git clone `root`); see the module docstring."""
    module = module_dir.name
    relative = module_dir.resolve().relative_to(root.resolve()).as_posix()
    if git(root, "status", "--porcelain", "--", relative).strip():
        raise ReleaseError(
            f"{relative} has uncommitted changes", Location(module_dir), "commit them first: a release is a commit"
        )
    released = versions(root, module)
    previous = tag_of(module, released[-1]) if released else None
    span = f"{previous}..HEAD" if previous else "HEAD"
    changes = tuple(line for line in git(root, "log", "--format=%s", span, "--", relative).splitlines() if line)
    if not changes:
        raise ReleaseError(f"{relative} has not changed since {previous}", Location(module_dir), "nothing to release")
    if not gate(module_dir):
        raise ReleaseError(f"the module gate failed for {relative}", Location(module_dir), "fix it, then release")
    tag = tag_of(module, bumped(released[-1] if released else None, bump))
    _write_changelog(module_dir / CHANGELOG, tag.rpartition("/")[2], today, changes)
    git(root, "add", "--", f"{relative}/{CHANGELOG}")
    git(root, "commit", "-q", "-m", f"{module} {tag.rpartition('/')[2]}: changelog", "--", f"{relative}/{CHANGELOG}")
    git(root, "tag", "-a", tag, "-m", f"{module} {tag.rpartition('/')[2]}")
    return Release(module, tag, previous, changes, git(root, "rev-parse", "HEAD").strip())


def _write_changelog(path: Path, version: str, today: datetime.date, changes: tuple[str, ...]) -> None:
    title = f"# Changelog: modules/{path.parent.name}\n\n"
    old = path.read_text() if path.is_file() else title
    body = old[len(title) :] if old.startswith(title) else old
    entry = f"## {version} ({today.isoformat()})\n\n" + "".join(f"- {subject}\n" for subject in changes) + "\n"
    path.write_text(title + entry + body)
