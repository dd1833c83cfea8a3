"""layer.git: the one way the framework runs git (one timeout, one error type), and its callers."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from layer import git
from layer.config import pins
from layer.errors import LayerError
from layer.state.records import git_commit

LAYER = Path(sys.executable).parent / "layer"


def _clone(path: Path) -> Path:
    path.mkdir(parents=True)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t"}
    env["GIT_COMMITTER_EMAIL"] = "t@e"
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=path, check=True)
    (path / "modules" / "m").mkdir(parents=True)
    (path / "modules" / "m" / "main.tf").write_text('output "x" {\n  value = 1\n}\n')
    subprocess.run(["git", "add", "."], cwd=path, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "one"], cwd=path, check=True, env=env)
    return path


def test_toplevel_from_a_subdirectory(tmp_path: Path) -> None:
    repo = _clone(tmp_path / "repo")
    assert git.toplevel(repo / "modules" / "m") == repo.resolve()


def test_head_commit_and_resolve_commit_agree(tmp_path: Path) -> None:
    repo = _clone(tmp_path / "repo")
    head = git.head_commit(repo)
    assert len(head) == 40
    assert git.resolve_commit(repo, "main") == head


def test_outside_a_clone_is_a_git_error_with_a_hint(tmp_path: Path) -> None:
    outside = tmp_path / "plain"
    outside.mkdir()
    with pytest.raises(git.GitError) as info:
        git.toplevel(outside)
    assert isinstance(info.value, LayerError)
    rendered = info.value.render()
    assert "git rev-parse --show-toplevel failed: fatal: not a git repository" in rendered
    assert "hint: run inside a git clone" in rendered


def test_a_missing_git_is_a_git_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(git.GitError, match="cannot run git rev-parse HEAD"):
        git.head_commit(tmp_path)


def test_a_hanging_git_is_stopped_at_the_timeout_with_everything_it_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A shell alias stands for a hook or credential helper that hangs: git starts it and waits."""
    repo = _clone(tmp_path / "repo")
    monkeypatch.setattr(git, "GIT_TIMEOUT", 2.0)
    started = time.monotonic()
    with pytest.raises(git.GitError, match="gave no answer within 2s"):
        git.run(repo, "-c", "alias.hang=!sleep 300", "hang")
    # the sleep held git's pipes: had it survived, reading them would have waited the full 300 s
    assert time.monotonic() - started < 60


def test_archive_writes_the_directory_at_a_commit(tmp_path: Path) -> None:
    repo = _clone(tmp_path / "repo")
    target = tmp_path / "m.tar"
    with target.open("wb") as out:
        git.archive(repo, git.head_commit(repo), "modules", out)
    with tarfile.open(target) as tar:
        assert "modules/m/main.tf" in tar.getnames()
    with target.open("wb") as out, pytest.raises(git.GitError, match="git archive"):
        git.archive(repo, git.head_commit(repo), "no-such-dir", out)


def test_optional_callers_go_on_without_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outside = tmp_path / "plain"
    outside.mkdir()
    monkeypatch.delenv("HEAD_COMMIT", raising=False)
    monkeypatch.delenv("GITHUB_SHA", raising=False)
    assert git_commit(outside, {}) is None
    pins.git_toplevel.cache_clear()
    assert pins.git_toplevel(str(outside)) is None
    assert pins.committed_version([outside]) is None
    repo = _clone(tmp_path / "repo")
    assert git_commit(repo, {}) == git.head_commit(repo)
    assert pins.committed_version([repo / "modules" / "m"]) == git.head_commit(repo)


def test_affected_outside_a_clone_names_git_and_exits_1(tmp_path: Path) -> None:
    outside = tmp_path / "plain"
    (outside / "live").mkdir(parents=True)
    (outside / "live" / "_defaults.yaml").write_text("root: true\n")
    env = {**os.environ, "GIT_CEILING_DIRECTORIES": str(tmp_path)}
    proc = subprocess.run(
        [str(LAYER), "affected", "live", "--since", "main"], cwd=outside, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "git rev-parse --show-toplevel failed" in proc.stderr
    assert "Traceback" not in proc.stderr
