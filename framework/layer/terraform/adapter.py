"""The one place that starts Terraform (docs/adr/0004-terraform-invocation.md).

It streams Terraform's output live, line by line, prefixed with the layer, into a log file per layer
as well; returns the exit code and the output for parsing; and on Ctrl-C forwards exactly one
SIGINT so that Terraform stops gracefully and releases its state lock.

`capture` is its second mode, for the module gate (and the checkov scan the gate runs): output
captured, nothing echoed, the process group killed after a timeout. `terraform_binary` is the one
place that decides which Terraform runs (`LAYER_TERRAFORM_BIN`, else `terraform` on PATH).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

TERRAFORM_ENV = "LAYER_TERRAFORM_BIN"
TIMED_OUT = 124  # the exit code `capture` gives a command it killed, as timeout(1) does
NOT_STARTED = 127  # the command could not be started (not found, not executable)
_running: set[subprocess.Popen[str]] = set()
_running_lock = threading.Lock()


@dataclass(frozen=True)
class Result:
    args: tuple[str, ...]
    returncode: int
    output: str
    seconds: float
    interrupted: bool = False


@dataclass(frozen=True)
class Changes:
    add: int = 0
    change: int = 0
    destroy: int = 0

    @property
    def any(self) -> bool:
        return bool(self.add or self.change or self.destroy)


@dataclass
class Terraform:
    workdir: Path
    env: Mapping[str, str]
    log_path: Path | None = None
    echo: Callable[[str], None] | None = None
    binary: str = field(default_factory=lambda: terraform_binary())

    def run(self, args: Sequence[str]) -> Result:
        argv = [self.binary, *args]
        started = time.monotonic()
        env = {**os.environ, **self.env, "TF_IN_AUTOMATION": "1", "TF_INPUT": "0"}
        lines: list[str] = []
        log = None
        if self.log_path is not None:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            log = self.log_path.open("a", encoding="utf-8")
            log.write(f"$ {' '.join(argv)}\n")
        with _running_lock:  # interrupt_all sets the event, then takes this lock: one of us sees the other
            if interrupt_requested.is_set():
                if log:
                    log.write("not started: the run was interrupted\n")
                    log.close()
                return Result(tuple(argv), 130, "not started: the run was interrupted", 0.0, interrupted=True)
            try:
                proc = subprocess.Popen(
                    argv,
                    cwd=self.workdir,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                    bufsize=1,
                    start_new_session=True,  # Ctrl-C reaches Terraform once, from us, not twice
                )
            except FileNotFoundError:
                if log:
                    log.close()
                return Result(tuple(argv), 127, f"terraform not found: {self.binary}", 0.0)
            _running.add(proc)
        try:
            assert proc.stdout is not None
            for line in proc.stdout:
                lines.append(line)
                if log:
                    log.write(line)
                    log.flush()
                if self.echo:
                    self.echo(line.rstrip("\n"))
            proc.wait()
        finally:
            with _running_lock:
                _running.discard(proc)
            if log:
                log.close()
        interrupted = proc.returncode != 0 and interrupt_requested.is_set()
        return Result(tuple(argv), proc.returncode, "".join(lines), time.monotonic() - started, interrupted)


def terraform_binary() -> str:
    """The Terraform every command starts: `LAYER_TERRAFORM_BIN` when set, else `terraform` on PATH."""
    return os.environ.get(TERRAFORM_ENV) or "terraform"


def capture(
    argv: Sequence[str], cwd: Path, env: Mapping[str, str], timeout: float, *, stderr_last: bool = False
) -> Result:
    """Run `argv` to its end with its output captured: nothing echoed, no log, `env` exactly as given.

    stdout and stderr are one stream; with `stderr_last` stderr follows stdout instead, so that stdout
    stays parseable. After `timeout` seconds the command's process group is killed (exit code 124). A
    command that cannot be started gives 127. Ctrl-C is forwarded as for `Terraform.run`."""
    started = time.monotonic()
    with _running_lock:
        if interrupt_requested.is_set():
            return Result(tuple(argv), 130, "not started: the run was interrupted", 0.0, interrupted=True)
        try:
            proc = subprocess.Popen(
                list(argv),
                cwd=cwd,
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE if stderr_last else subprocess.STDOUT,
                text=True,
                start_new_session=True,
            )
        except OSError as err:
            return Result(tuple(argv), NOT_STARTED, f"cannot run {argv[0]}: {err}\n", time.monotonic() - started)
        _running.add(proc)
    try:
        output, errors, code = _communicate(proc, timeout)
    finally:
        with _running_lock:
            _running.discard(proc)
    if errors:
        output += "\n" + errors
    interrupted = code != 0 and interrupt_requested.is_set()
    return Result(tuple(argv), code, output, time.monotonic() - started, interrupted)


def _communicate(proc: subprocess.Popen[str], timeout: float) -> tuple[str, str, int]:
    """The process's stdout, stderr and exit code; its process group killed after `timeout` seconds."""
    try:
        output, errors = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # the process group we started, by its id
        output, errors = proc.communicate()
        return output + f"\n(killed after {timeout:.0f}s)\n", errors or "", TIMED_OUT
    return output, errors or "", proc.returncode


interrupt_requested = threading.Event()


def interrupt_all() -> int:
    """Forward one SIGINT to every running Terraform; they finish their step and release locks.

    Used for Ctrl-C and for SIGTERM alike: SIGINT is Terraform's graceful stop. No Terraform starts after."""
    interrupt_requested.set()
    with _running_lock:
        procs = list(_running)
    for proc in procs:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(proc.pid, signal.SIGINT)
    return len(procs)


def wait_all(timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with _running_lock:
            if not any(p.poll() is None for p in _running):
                return
        time.sleep(0.1)


_PLAN = re.compile(r"Plan: (?:\d+ to import, )?(\d+) to add, (\d+) to change, (\d+) to destroy")
_APPLY = re.compile(r"(?:Apply|Destroy) complete! Resources: (?:(\d+) added, (\d+) changed, )?(\d+) destroyed")


def parse_changes(output: str) -> Changes:
    """Resource counts from plan, apply or destroy output."""
    match = _PLAN.search(output)
    if match:
        return Changes(*map(int, match.groups()))
    match = _APPLY.search(output)
    if match:
        added, changed, destroyed = match.groups()
        return Changes(int(added or 0), int(changed or 0), int(destroyed))
    return Changes()


_ERROR = re.compile(r"^(?:│ )?Error: (.+)$", re.MULTILINE)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def plain(output: str) -> str:
    """Terraform's output without colour codes (commands that take no -no-color still print them)."""
    return _ANSI.sub("", output)


_NEXT_DIAGNOSTIC = re.compile(r"^(?:│ )?(?:Error|Warning): |^╵")
# The part of an AWS SDK error that says what AWS answered: keep it whenever the error is shortened.
_AWS_DETAIL = re.compile(r"(?:operation error |https response error |StatusCode: |api error )")


def _block_after(output: str, start: int) -> list[str]:
    """The detail lines of the diagnostic whose summary line starts at `start`: up to the next diagnostic
    (with a terminal Terraform frames each one with │ ... ╵; with -no-color and no terminal it does not).
    An "Error: operation error ..." line inside the detail is AWS's answer, not the next diagnostic."""
    lines = []
    for line in output[start:].splitlines()[1:]:
        if _NEXT_DIAGNOSTIC.match(line) and not _AWS_DETAIL.search(line):  # "Error: operation error S3: ..."
            break
        lines.append(line.removeprefix("│").strip())
    return lines


def _paragraphs(lines: list[str]) -> list[str]:
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    return paragraphs


def first_error(output: str) -> str:
    """The first error's summary; with the detail paragraph that holds AWS's answer (operation, StatusCode,
    RequestID, api error CODE) when the summary lacks it, unwrapped onto one line."""
    output = plain(output)
    match = _ERROR.search(output)
    if match:
        summary = match.group(1).strip()
        if _AWS_DETAIL.search(summary):
            return summary
        aws = [p for p in _paragraphs(_block_after(output, match.start())) if _AWS_DETAIL.search(p)]
        return f"{summary.rstrip('.')}: {aws[0]}" if aws else summary
    tail = [ln for ln in output.strip().splitlines() if ln.strip()]
    return tail[-1].strip("│ ").strip() if tail else "terraform failed with no output"
