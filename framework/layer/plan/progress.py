"""What a run-all is doing while it runs: a live view on a terminal, one line per event elsewhere.

On a terminal (and not CI=true) rich draws a table under the streamed output that it keeps up to date:
how many layers are done, running, waiting and failed, the time since the start, and each running layer
with its own elapsed time. Anywhere else (a pipe, a file, CI logs) the same events are plain lines on
standard error, `[HH:MM:SS] layer/id: started` and `... : applied in 12.3s (3/11 done)`, which read well
in a log and never move. Standard output keeps what it had (Terraform's streamed lines, the summary).
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any, Literal, TextIO

from layer.plan.executor import LayerResult

WAITING, RUNNING, DONE, FAILED = "waiting", "running", "done", "failed"
Mode = Literal["live", "lines", "off"]
RunLayer = Callable[[str], LayerResult]


class Progress:
    """The state of each layer of a run, updated from the executor's worker threads."""

    def __init__(self, order: Sequence[str], clock: Callable[[], float] = time.monotonic) -> None:
        self.order = list(order)
        self.clock = clock
        self.started_at = clock()
        self.states = dict.fromkeys(self.order, WAITING)
        self.began: dict[str, float] = {}
        self.results: dict[str, LayerResult] = {}
        self._lock = threading.Lock()
        self.listeners: list[Callable[[str, str], None]] = []  # (layer id, event line)

    def wrap(self, run_layer: RunLayer) -> RunLayer:
        def run(ident: str) -> LayerResult:
            self.start(ident)
            result = run_layer(ident)
            self.finish(ident, result)
            return result

        return run

    def start(self, ident: str) -> None:
        with self._lock:
            self.states[ident] = RUNNING
            self.began[ident] = self.clock()
        self._tell(ident, "started")

    def finish(self, ident: str, result: LayerResult) -> None:
        with self._lock:
            self.states[ident] = DONE if result.ok else FAILED
            self.results[ident] = result
            done = sum(1 for state in self.states.values() if state in (DONE, FAILED))
        self._tell(ident, f"{result.status} in {result.seconds:.1f}s ({done}/{len(self.order)} done)")

    def _tell(self, ident: str, event: str) -> None:
        for listener in self.listeners:
            listener(ident, event)

    def counts(self) -> dict[str, int]:
        with self._lock:
            states = list(self.states.values())
        return {state: states.count(state) for state in (DONE, RUNNING, WAITING, FAILED)}

    def running(self) -> list[tuple[str, float]]:
        """Each running layer and its seconds so far, in run order."""
        now = self.clock()
        with self._lock:
            return [(i, now - self.began[i]) for i in self.order if self.states[i] == RUNNING]

    def headline(self) -> str:
        counts = self.counts()
        elapsed = self.clock() - self.started_at
        parts = ", ".join(f"{n} {state}" for state, n in counts.items())
        return f"{parts}; {_clock(elapsed)} elapsed"


def _clock(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes:02d}:{rest:02d}"


def line_logger(stream: TextIO) -> Callable[[str, str], None]:
    """Plain lines for logs: `[HH:MM:SS] layer/id: event`."""
    lock = threading.Lock()

    def log(ident: str, event: str) -> None:
        with lock:
            stream.write(f"[{datetime.now().strftime('%H:%M:%S')}] {ident}: {event}\n")
            stream.flush()

    return log


def live_table(progress: Progress) -> Any:
    """The renderable rich redraws: the headline, then each running layer with its elapsed time."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column("layer")
    table.add_column("elapsed", justify="right")
    for ident, seconds in progress.running():
        table.add_row(f"▶ {ident}", _clock(seconds))
    return Group(Text(progress.headline(), style="bold"), table)


class _LiveRenderable:
    """rich asks for a fresh table at each refresh."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress

    def __rich__(self) -> Any:
        return live_table(self.progress)


def choose_mode(on_a_terminal: bool, quiet_lines: bool = False) -> Mode:
    if on_a_terminal:
        return "live"
    return "off" if quiet_lines else "lines"


@contextlib.contextmanager
def shown(progress: Progress, mode: Mode, stream: TextIO | None = None) -> Iterator[Progress]:
    """Show the progress for the duration of the block (the live view ends before the summary prints)."""
    target = stream if stream is not None else sys.stderr
    if mode == "lines":
        progress.listeners.append(line_logger(target))
    if mode != "live":
        yield progress
        return
    from rich.console import Console
    from rich.live import Live

    console = Console(file=sys.stdout, highlight=False, markup=False, emoji=False)
    with Live(_LiveRenderable(progress), console=console, refresh_per_second=2, transient=True):
        yield progress
