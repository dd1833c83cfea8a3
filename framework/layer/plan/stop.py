"""Ctrl-C and SIGTERM: both stop a run the same way, only the exit code differs (130 and 143).

CI runners and Atlantis cancel a job with SIGTERM. `layer` turns it into the same stop as Ctrl-C: the
executor forwards one SIGINT to every running Terraform (Terraform's graceful stop: it finishes the
current step, saves state and releases its lock), waits for them, writes the summary and reports, and
exits 143. Signals that arrive while it waits are ignored: a second one must not cut that wait short.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

EXIT_INTERRUPTED = 130  # 128 + SIGINT
EXIT_TERMINATED = 143  # 128 + SIGTERM


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread like Ctrl-C's KeyboardInterrupt."""


def raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated("terminated")


def install_handlers() -> None:
    """Ctrl-C raises KeyboardInterrupt and SIGTERM raises Terminated, even when started with them ignored."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, raise_terminated)


def exit_code_for(stop: BaseException) -> int:
    """143 when the stop (or what caused it, e.g. click's Abort) was a SIGTERM, else 130."""
    seen: BaseException | None = stop
    while seen is not None:
        if isinstance(seen, Terminated):
            return EXIT_TERMINATED
        seen = seen.__cause__ or seen.__context__
    return EXIT_INTERRUPTED


def describe(code: int) -> str:
    return "terminated (SIGTERM)" if code == EXIT_TERMINATED else "interrupted"


def _ignore(signum: int, frame: FrameType | None) -> None:
    return None


@contextlib.contextmanager
def signals_ignored() -> Iterator[None]:
    """While stopping: further Ctrl-C/SIGTERM are ignored (main thread only; elsewhere a no-op)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in saved:
        signal.signal(sig, _ignore)
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
