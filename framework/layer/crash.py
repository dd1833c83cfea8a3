"""What an unexpected exception leaves behind: one line for the user, a crash log for the bug report.

Modelled on pre-commit's error_handler: the log holds the versions (layer, Python, Terraform, the
platform), the command line, and the traceback. It goes to $XDG_CACHE_HOME/layer/crash.log (default
~/.cache/layer/crash.log), or to the temporary directory when that is not writable; each crash replaces
the previous log.
"""

from __future__ import annotations

import os
import platform
import shlex
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

from layer import __version__

TERRAFORM_VERSION_TIMEOUT = 5


def crash_log_path() -> Path:
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(cache) / "layer" / "crash.log"


def _terraform_version() -> str:
    binary = os.environ.get("LAYER_TERRAFORM_BIN", "terraform")
    try:
        done = subprocess.run(
            [binary, "version"],
            capture_output=True,
            text=True,
            timeout=TERRAFORM_VERSION_TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError) as err:
        return f"unknown ({binary}: {err})"
    first = (done.stdout.strip().splitlines() or ["unknown"])[0]
    return first


def crash_report(error: BaseException, argv: list[str]) -> str:
    trace = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    return "\n".join(
        [
            "### version information",
            "",
            f"layer: {__version__}",
            f"python: {sys.version.splitlines()[0]} ({sys.executable})",
            f"terraform: {_terraform_version()}",
            f"platform: {platform.platform()}",
            "",
            "### command",
            "",
            shlex.join(["layer", *argv[1:]]),
            f"(working directory: {os.getcwd()})",
            "",
            "### error",
            "",
            f"{type(error).__name__}: {error}",
            "",
            "### traceback",
            "",
            trace,
        ]
    )


def write_crash_log(error: BaseException, argv: list[str]) -> Path | None:
    """Write the report; return where it went (the preferred place, else the temporary directory; None
    when neither is writable)."""
    report = crash_report(error, argv)
    preferred = crash_log_path()
    fallback = Path(tempfile.gettempdir()) / f"layer-crash-{os.getuid() if hasattr(os, 'getuid') else 0}.log"
    for target in (preferred, fallback):
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(report)
        except OSError:
            continue
        return target
    return None


def internal_error_line(error: BaseException, log: Path | None) -> str:
    message = " ".join(str(error).split()) or "(no message)"
    where = f"details in {log}" if log is not None else f"no crash log written ({crash_log_path()} is not writable)"
    return f"internal error: {type(error).__name__}: {message} — {where}"
