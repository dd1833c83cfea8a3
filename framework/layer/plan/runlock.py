"""One run at a time per layer work dir: an flock on `.layer-run.lock`, taken before any file is generated.

Two `layer` runs of the same layer (two applies, a plan and an apply, a run-all and a single-layer run)
would otherwise share the generated files: the run that wins Terraform's state lock could apply the other
run's configuration. The lock file records who holds it (PID, host, start time, command) so the loser can
say so; the kernel releases an flock when its process dies, so a lock file left by a killed run never
blocks the next one.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from layer.errors import LayerError, Location

RUN_LOCK_FILE = ".layer-run.lock"


class WorkDirBusyError(LayerError):
    """Another `layer` process is running this layer in the same work dir."""


@dataclass(frozen=True)
class Holder:
    pid: int
    host: str
    since: str
    command: str

    def describe(self) -> str:
        return f"PID {self.pid} on {self.host} since {self.since} ({self.command})"


def current_holder(command: str) -> Holder:
    return Holder(
        pid=os.getpid(),
        host=socket.gethostname(),
        since=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        command=command,
    )


def read_holder(path: Path) -> Holder | None:
    try:
        data = json.loads(path.read_text())
        return Holder(int(data["pid"]), str(data["host"]), str(data["since"]), str(data["command"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _alive_here(holder: Holder) -> bool:
    if holder.host != socket.gethostname():
        return True  # a work dir on a shared disk: trust what the other host wrote
    try:
        os.kill(holder.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def holder_of(path: Path) -> Holder | None:
    """Who holds the lock: the holder writes itself right after taking it, so give it a moment to."""
    for _ in range(40):
        holder = read_holder(path)
        if holder is not None and _alive_here(holder):
            return holder
        time.sleep(0.05)
    return None


def _busy(layer_id: str, path: Path, holder: Holder | None) -> WorkDirBusyError:
    who = holder.describe() if holder is not None else "another process (it has not said who yet)"
    return WorkDirBusyError(
        f"layer {layer_id} is being run by {who}",
        Location(path),
        "wait for that run to finish; nothing was changed by this one",
    )


@contextlib.contextmanager
def work_dir_lock(layer_id: str, work_dir: Path, command: str) -> Iterator[Holder]:
    """Hold the work dir's run lock for the duration of the block, or fail at once naming the holder."""
    work_dir.mkdir(parents=True, exist_ok=True)
    path = work_dir / RUN_LOCK_FILE
    handle: IO[str] = path.open("a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise _busy(layer_id, path, holder_of(path)) from None
        holder = current_holder(command)
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps(asdict(holder)) + "\n")
        handle.flush()
        yield holder
    finally:
        handle.close()  # releases the flock; the file stays (a later run overwrites it)
