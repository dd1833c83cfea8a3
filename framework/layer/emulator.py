"""The local AWS emulator (moto_server) for live/local and the end-to-end tests.

It listens on 127.0.0.1 only, its PID is recorded in `.layer/emulator.json`, and only that process
is ever stopped (its command line is checked first, so a reused PID is never killed).
Verified with moto 5.2.5 (pinned in pyproject.toml); see docs/emulator.md for what it lacks.
moto runs through `python -m layer.emulator_server`, which applies the project's emulator patches
first (ADR 0022): the same moto_server, keeping request values moto would drop.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

from layer.errors import EmulatorError

DEFAULT_PORT = 4566
HOST = "127.0.0.1"
VERIFIED_MOTO = "5.2.5"
ENV = {"MOTO_IAM_LOAD_MANAGED_POLICIES": "true", "MOTO_ACM_VALIDATION_WAIT": "1"}


@dataclass(frozen=True)
class Emulator:
    pid: int
    host: str
    port: int
    log: str

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


SERVER_MODULE = "layer.emulator_server"
# What a recorded PID's command line must contain before it is stopped: ours, or a plain moto_server
# recorded by an older layer.
SERVER_MARKERS = (SERVER_MODULE, "moto_server")


def server_command(host: str, port: int) -> list[str]:
    """moto_server with the emulator patches, in this Python (which must have moto[server])."""
    if importlib.util.find_spec("moto") is None or importlib.util.find_spec("flask") is None:
        raise EmulatorError(
            f"moto[server] is not installed in {sys.executable}",
            hint="make venv (installs moto[server] into .venv), or pip install 'layer-tf[emulator]'",
        )
    return [sys.executable, "-P", "-m", SERVER_MODULE, "-H", host, "-p", str(port)]


def answers(url: str, timeout: float = 5.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/moto-api/data.json", timeout=timeout) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _alive(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return False
    return any(marker in cmdline for marker in SERVER_MARKERS)


def _record(state_dir: Path) -> Path:
    return state_dir / "emulator.json"


def status(state_dir: Path) -> Emulator | None:
    path = _record(state_dir)
    if not path.is_file():
        return None
    info = Emulator(**json.loads(path.read_text()))
    return info if _alive(info.pid) else None


def start(state_dir: Path, port: int = DEFAULT_PORT, timeout: float = 30.0) -> Emulator:
    running = status(state_dir)
    if running is not None and answers(running.url):
        return running
    url = f"http://{HOST}:{port}"
    if answers(url):
        raise EmulatorError(
            f"something already answers on {url} but it was not started by layer",
            hint="stop it, or choose another port with --port (and export LAYER_EMULATOR_URL)",
        )
    state_dir.mkdir(parents=True, exist_ok=True)
    log = state_dir / f"emulator-{port}.log"
    env = {**os.environ, **ENV}
    with log.open("ab") as out:
        proc = subprocess.Popen(
            server_command(HOST, port),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:]
            raise EmulatorError(f"moto_server exited with {proc.returncode} on port {port}:\n{tail}")
        if answers(url):
            info = Emulator(proc.pid, HOST, port, str(log))
            _record(state_dir).write_text(json.dumps(asdict(info)) + "\n")
            return info
        time.sleep(0.2)
    proc.terminate()
    raise EmulatorError(f"moto_server did not answer on {url} within {timeout:.0f}s", hint=f"see {log}")


def stop(state_dir: Path, timeout: float = 10.0) -> Emulator | None:
    info = status(state_dir)
    _record(state_dir).unlink(missing_ok=True)
    if info is None:
        return None
    os.kill(info.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _alive(info.pid):
        time.sleep(0.1)
    if _alive(info.pid):
        os.kill(info.pid, signal.SIGKILL)
    return info
