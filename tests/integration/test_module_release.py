"""Issue 18: `layer modules release MODULE` checks the gate, writes the changelog entry from the module's
commits since its last tag, commits it and tags NAME/vX.Y.Z. Through the real CLI, on a clone of one real
module (modules/alb-route) in a temporary git repository, with the real gate (checkov off: its scan is
the slow part and the same for every release). An integration test: two gate runs take a minute."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from layer.release import newer_patch
from tests.conftest import ROOT

pytestmark = pytest.mark.integration
LAYER_BIN = str(Path(sys.executable).parent / "layer")
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
}


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True, env=env).stdout


def release(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV, "NO_COLOR": "1"}
    command = [LAYER_BIN, "modules", "release", "modules/alb-route", "--no-checkov", *args]
    return subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False, env=env, timeout=600)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "platform"
    ignore = shutil.ignore_patterns(".terraform*")
    shutil.copytree(ROOT / "modules/alb-route", repo / "modules/alb-route", ignore=ignore)
    shutil.copy(ROOT / ".gitignore", repo / ".gitignore")  # the gate's lock files and work dirs are ignored
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "alb-route: a service's route on the shared listener")
    return repo


def test_release_tags_and_writes_the_changelog_then_patches(repo: Path) -> None:
    first = release(repo)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr
    assert "released alb-route/v0.1.0" in first.stdout
    assert git(repo, "tag", "--list").split() == ["alb-route/v0.1.0"]
    changelog = (repo / "modules/alb-route/CHANGELOG.md").read_text()
    assert "## v0.1.0 (" in changelog and "- alb-route: a service's route on the shared listener" in changelog
    assert git(repo, "status", "--porcelain").strip() == "", "the changelog is committed"

    nothing = release(repo)
    assert nothing.returncode == 1 and "has not changed since alb-route/v0.1.0" in nothing.stderr

    readme = repo / "modules/alb-route/README.md"
    readme.write_text(readme.read_text().replace("A service's route", "A service's own route"))
    dirty = release(repo)
    assert dirty.returncode == 1 and "uncommitted changes" in dirty.stderr
    git(repo, "commit", "-q", "-am", "alb-route: README wording")

    second = release(repo)
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr
    assert sorted(git(repo, "tag", "--list").split()) == ["alb-route/v0.1.0", "alb-route/v0.1.1"]
    changelog = (repo / "modules/alb-route/CHANGELOG.md").read_text()
    assert changelog.index("## v0.1.1") < changelog.index("## v0.1.0"), "the newest entry first"
    entry = changelog[changelog.index("## v0.1.1") : changelog.index("## v0.1.0")]
    assert "- alb-route: README wording" in entry and "route on the shared listener" not in entry
    assert newer_patch(repo, "alb-route", "alb-route/v0.1.0") == "alb-route/v0.1.1"
    assert newer_patch(repo, "alb-route", "alb-route/v0.1.1") is None


def test_a_failing_gate_releases_nothing(repo: Path) -> None:
    main = repo / "modules/alb-route/main.tf"
    main.write_text(main.read_text().replace("  name                 = var.name", "  name = var.name"))  # not formatted
    git(repo, "commit", "-q", "-am", "alb-route: unformatted")
    failed = release(repo)
    assert failed.returncode == 1
    assert "the module gate failed for modules/alb-route" in failed.stderr
    assert git(repo, "tag", "--list").strip() == ""
    assert not (repo / "modules/alb-route/CHANGELOG.md").exists()
