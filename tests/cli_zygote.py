"""The real `layer` CLI in a real process of its own, without paying Python's start-up and imports per run.

A unit test that runs `layer validate` as a subprocess spends most of its CPU time importing (click,
jsonschema, hcl2, networkx, ...): measured 0.47 s of CPU per `layer validate live/prod`, of which the
validation is a small part. `run_layer` keeps what a subprocess proves (a separate process with its own
environment, working directory, standard streams and exit code; a traceback is what the interpreter would
print; nothing leaks back into the test) and skips the start-up: one "zygote" process per test worker
imports the CLI once and never runs it; each run is a fork of it that sets argv, the environment and the
working directory, redirects stdin to /dev/null and stdout/stderr to files, calls the console script's
`main()`, then exits as the interpreter would (non-daemon threads joined, atexit handlers run, the exit
code of SystemExit; an uncaught exception printed as a traceback, exit 1).

What differs from `subprocess.run([layer, ...])`: code that runs at import time sees the zygote's
environment, not the run's (layer reads no environment at import). Tests of signals, hangs and memory
limits keep real subprocesses.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

LAYER = str(Path(sys.executable).parent / "layer")
_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Ran:
    returncode: int | None  # None: stopped after the timeout
    stdout: str
    stderr: str
    cpu: float = 0.0  # seconds of CPU the run used (its own and its children's)


def _child(request: dict[str, object]) -> None:
    """In the forked process: become `layer ARGS` and never return."""
    code = 1
    try:
        os.chdir(str(request["cwd"]))
        env = request["env"]
        assert isinstance(env, dict)
        os.environ.clear()
        os.environ.update({str(k): str(v) for k, v in env.items()})
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        for fd, name in ((1, "out"), (2, "err")):
            target = os.open(str(request[name]), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(target, fd)
            os.close(target)
        sys.stdin = open(0, closefd=False)  # noqa: SIM115 - the process's own stdin, kept open
        sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
        argv = request["argv"]
        assert isinstance(argv, list)
        sys.argv = [LAYER, *map(str, argv)]
        sys.path[0] = str(Path(LAYER).parent)  # as for the console script (not the zygote's `-c` cwd entry)
        code = _run_main()
    finally:
        os._exit(code)


def _run_main() -> int:
    """As `sys.exit(main())` in the console script, then the interpreter's shutdown."""
    import traceback

    from layer.cli.main import main

    try:
        main()
        code = 0
    except SystemExit as stop:
        if stop.code is None or isinstance(stop.code, int):
            code = stop.code or 0
        else:
            print(stop.code, file=sys.stderr)
            code = 1
    except BaseException:
        traceback.print_exc()
        code = 1
    threading._shutdown()  # type: ignore[attr-defined]  # join non-daemon threads, as at exit
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    return code


def _import_everything() -> None:
    """Every module of the layer package (and so the libraries they use), the imports each child would
    otherwise repeat. Importing runs no command; a module that fails to import is left to the child,
    which then fails as a fresh process would."""
    import importlib
    import pkgutil

    import layer

    for module in pkgutil.walk_packages(layer.__path__, "layer."):
        try:
            importlib.import_module(module.name)
        except Exception:  # reported by the run that needs it
            continue


def serve() -> None:
    """The zygote: read one JSON request per line, fork, report the child's pid, then its exit status."""
    _import_everything()
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(request)
        print(json.dumps({"pid": pid}), flush=True)
        _, status, usage = os.wait4(pid, 0)
        cpu = usage.ru_utime + usage.ru_stime
        print(json.dumps({"status": os.waitstatus_to_exitcode(status), "cpu": cpu}), flush=True)


class _Zygote:
    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self.pending = b""  # what was read from the zygote past the last line
        self.lock = threading.Lock()

    def started(self) -> subprocess.Popen[bytes]:
        if self.proc is None or self.proc.poll() is not None:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", "from tests.cli_zygote import serve; serve()"],
                cwd=_ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                bufsize=0,
            )
            self.pending = b""
            atexit.register(self.stop)
        return self.proc

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            self.proc.wait(timeout=10)

    def message(self, timeout: float | None = None) -> dict[str, float] | None:
        """The zygote's next line as JSON; None when nothing came within `timeout` seconds."""
        assert self.proc is not None and self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        while b"\n" not in self.pending:
            ready, _, _ = select.select([fd], [], [], timeout)
            if not ready:
                return None
            chunk = os.read(fd, 4096)
            if not chunk:
                raise RuntimeError("the layer zygote exited")
            self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        answer: dict[str, float] = json.loads(line)
        return answer

    def run(self, args: list[str], env: dict[str, str], cwd: Path, timeout: float) -> Ran:
        with self.lock, tempfile.TemporaryDirectory(prefix="layer-run-") as scratch:
            out, err = Path(scratch) / "stdout", Path(scratch) / "stderr"
            proc = self.started()
            assert proc.stdin is not None
            request = {"argv": args, "env": env, "cwd": str(cwd), "out": str(out), "err": str(err)}
            proc.stdin.write(json.dumps(request).encode() + b"\n")
            started = self.message()
            assert started is not None
            finished = self.message(timeout)
            if finished is None:
                os.kill(int(started["pid"]), signal.SIGKILL)  # the child forked for this run, by its pid
                self.message()
            texts = [path.read_text(errors="replace") if path.exists() else "" for path in (out, err)]
            return Ran(
                None if finished is None else int(finished["status"]),
                texts[0],
                texts[1],
                finished["cpu"] if finished else 0.0,
            )


_ZYGOTE = _Zygote()


def run_layer(args: list[str], env: dict[str, str], cwd: Path, timeout: float = 120) -> Ran:
    """`layer ARGS` with exactly `env` as its environment, in `cwd`, stdin from /dev/null."""
    return _ZYGOTE.run(args, env, cwd, timeout)


def layer_process(
    args: Sequence[str | Path],
    cwd: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """What `subprocess.run([layer, *args], cwd=cwd, env=env, capture_output=True, text=True)` returns, run
    as a fork of the zygote: the same exit code and streams (stdin from /dev/null; no `env`: this process's
    environment). A run still going at `timeout` is killed and raises subprocess.TimeoutExpired."""
    argv = [str(arg) for arg in args]
    ran = run_layer(argv, dict(os.environ if env is None else env), Path(cwd) if cwd else Path.cwd(), timeout)
    if ran.returncode is None:
        raise subprocess.TimeoutExpired([LAYER, *argv], timeout, ran.stdout, ran.stderr)
    return subprocess.CompletedProcess([LAYER, *argv], ran.returncode, ran.stdout, ran.stderr)
