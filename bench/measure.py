"""Timing and memory of commands: wall time (perf_counter) and peak RSS of the child (os.wait4)."""

from __future__ import annotations

import contextlib
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LAYER = str(BIN / "layer")


@dataclass(frozen=True)
class Run:
    """One finished process: wall seconds, peak resident memory (KB, the child and its waited-for
    children) and its output."""

    argv: tuple[str, ...]
    seconds: float
    max_rss_kb: int
    returncode: int
    cpu_seconds: float  # user + system, the child and its waited-for children (Terraform's providers)
    stdout: str
    stderr: str

    def failure(self) -> str:
        """The exit code and the line that says what went wrong (a traceback's last line)."""
        lines = [ln.strip() for ln in (self.stderr or self.stdout).strip().splitlines() if ln.strip()]
        if not lines:
            return f"exit {self.returncode}: no output"
        line = lines[-1] if lines[0].startswith("Traceback") else lines[0]
        return f"exit {self.returncode}: {line[:160]}"


def run(
    argv: Sequence[str],
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 900.0,
) -> Run:
    """Run argv as a user would (a new process) and measure it."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=dict(env) if env is not None else None,
            cwd=cwd,
            start_new_session=True,
        )
        timer = threading.Timer(timeout, _kill_group, (proc.pid,))
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            tuple(argv),
            seconds,
            int(usage.ru_maxrss),
            proc.returncode,
            usage.ru_utime + usage.ru_stime,
            out.read().decode(errors="replace"),
            err.read().decode(errors="replace"),
        )


def _kill_group(pid: int) -> None:
    """Stop a child that ran past its timeout: its own process group, by the PID we started."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


@dataclass(frozen=True)
class Stat:
    """Repeated measurements of one thing."""

    seconds: tuple[float, ...]
    max_rss_kb: tuple[int, ...] = ()
    cpu: tuple[float, ...] = ()
    error: str = ""
    note: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and bool(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def low(self) -> float:
        return min(self.seconds)

    @property
    def high(self) -> float:
        return max(self.seconds)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu) if self.cpu else 0.0

    @property
    def rss_mb(self) -> float:
        return max(self.max_rss_kb) / 1024 if self.max_rss_kb else 0.0

    def to_json(self) -> dict[str, object]:
        return {
            "seconds": list(self.seconds),
            "median": self.median if self.ok else None,
            "max_rss_kb": list(self.max_rss_kb),
            "cpu": list(self.cpu),
            "error": self.error,
            "note": self.note,
        }


def failed(error: str) -> Stat:
    return Stat((), error=error)


def repeat_cli(
    argv: Sequence[str],
    repeats: int,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    ok_codes: tuple[int, ...] = (0,),
    before: Callable[[], None] | None = None,
) -> Stat:
    """Run a command `repeats` times (each after `before`); a failing run makes the whole Stat an error."""
    runs = []
    for _ in range(repeats):
        if before is not None:
            before()
        result = run(argv, env, cwd)
        if result.returncode not in ok_codes:
            return failed(result.failure())
        runs.append(result)
    return stat_of(runs)


def stat_of(runs: Sequence[Run]) -> Stat:
    return Stat(tuple(r.seconds for r in runs), tuple(r.max_rss_kb for r in runs), tuple(r.cpu_seconds for r in runs))


def timed(func: Callable[[], object]) -> float:
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def du_kb(path: Path) -> int:
    """Disk used under path, in KB, symlinks not followed (du's default, -P)."""
    out = subprocess.run(["du", "-s", "-k", "-P", str(path)], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[0])


def load() -> tuple[float, float, float]:
    return os.getloadavg()


def fmt_s(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.2f} s"


def fmt_stat(stat: Stat) -> str:
    if not stat.ok:
        return stat.error or "not measured"
    if len(stat.seconds) == 1:
        return fmt_s(stat.median)
    return f"{fmt_s(stat.median)} ({fmt_s(stat.low)}..{fmt_s(stat.high)})"


def cpu_snapshot() -> tuple[float, float, float]:
    """(wall, CPU seconds used by the whole machine, CPU seconds used by this process and its waited-for
    children) — the machine's from /proc/stat, so other work can be told apart from the bench's own."""
    ticks = os.sysconf("SC_CLK_TCK")
    with open("/proc/stat", encoding="ascii") as stat:
        fields = [int(x) for x in stat.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    own = os.times()
    own_cpu = own.user + own.system + own.children_user + own.children_system
    return time.monotonic(), (sum(fields[:8]) - idle) / ticks, own_cpu


def other_cpu_share(before: tuple[float, float, float], after: tuple[float, float, float]) -> float:
    """The share of the machine's CPU time (all cores) that other work used between the two snapshots."""
    wall = after[0] - before[0]
    machine = after[1] - before[1]
    own = after[2] - before[2]
    cores = os.cpu_count() or 1
    return max(0.0, machine - own) / (wall * cores) if wall > 0 else 0.0
