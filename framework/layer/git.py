"""The one way the framework runs git (like pre-commit's git.py): one timeout, one error type.

Every call raises GitError when git is missing, does not answer within GIT_TIMEOUT seconds, or exits
non-zero. A caller for which git is optional (a pinned module outside a clone, a state record's commit)
catches GitError and goes on without it; a caller that needs git lets it reach the CLI edge.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from pathlib import Path
from typing import BinaryIO

from layer.errors import LayerError

GIT_TIMEOUT = 120.0  # seconds: `git archive` of a module directory takes well under this on a slow disk
DEFAULT_HINT = "run inside a git clone of the repository"


class GitError(LayerError):
    """git is missing, timed out, or refused a command."""


def run(directory: Path | str, *args: str, hint: str = DEFAULT_HINT) -> str:
    """git's standard output for `git ARGS` run in `directory`."""
    return _run(directory, args, subprocess.PIPE, hint)


def archive(directory: Path | str, commit: str, path: str, out: BinaryIO) -> None:
    """`git archive --format=tar COMMIT PATH` written to `out`."""
    _run(directory, ("archive", "--format=tar", commit, path), out, DEFAULT_HINT)


def toplevel(directory: Path | str, hint: str = DEFAULT_HINT) -> Path:
    """The top directory of the clone that holds `directory`."""
    return Path(run(directory, "rev-parse", "--show-toplevel", hint=hint).strip())


def head_commit(directory: Path | str) -> str:
    """HEAD's commit id in the clone that holds `directory`."""
    return run(directory, "rev-parse", "HEAD").strip()


def resolve_commit(directory: Path | str, ref: str) -> str:
    """The commit a ref (branch, tag, commit id) names."""
    return run(directory, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").strip()


def _run(directory: Path | str, args: tuple[str, ...], stdout: int | BinaryIO, hint: str) -> str:
    """git's standard output (empty when it went to a file); git runs in a process group of its own, so
    that at the timeout everything it started (hooks, aliases, a credential helper) stops with it."""
    command = f"git {' '.join(args)}"
    try:
        proc = subprocess.Popen(
            ["git", *args],
            cwd=directory,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as err:
        raise GitError(f"cannot run {command} in {directory}: {err.strerror or err}", hint=hint) from err
    try:
        output, errors = proc.communicate(timeout=GIT_TIMEOUT)
    except subprocess.TimeoutExpired as err:
        _stop(proc)
        raise GitError(f"{command} gave no answer within {GIT_TIMEOUT:g}s (in {directory})", hint=hint) from err
    except BaseException:  # Ctrl-C, SIGTERM: git does not outlive us
        _stop(proc)
        raise
    if proc.returncode != 0:
        reason = errors.decode(errors="replace").strip() or f"exit code {proc.returncode}"
        raise GitError(f"{command} failed: {reason}", hint=hint)
    return output.decode(errors="replace") if output is not None else ""


def _stop(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # the group we started, by its id
    proc.communicate()
