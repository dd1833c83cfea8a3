"""A TCP proxy in front of the emulator that a test can cut off and restore: the state backend going away.

`cut_command()` is a shell command for the module's hook: it cuts the proxy off and returns only once
the proxy is down, so the fault lands at an exact point of the apply (no timing guessed).
"""

from __future__ import annotations

import contextlib
import shlex
import socket
import sys
import threading
from urllib.parse import urlparse

from layer.emulator import free_port

HOST = "127.0.0.1"


class BackendProxy:
    def __init__(self, target_url: str) -> None:
        parsed = urlparse(target_url)
        self.target = (parsed.hostname or HOST, parsed.port or 80)
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._connections: list[socket.socket] = []
        self._lock = threading.Lock()
        self._control = socket.create_server((HOST, 0))
        self._control_port = int(self._control.getsockname()[1])
        self.cuts = 0
        threading.Thread(target=self._control_loop, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def cut_command(self) -> str:
        code = f"import socket; s = socket.create_connection(('{HOST}', {self._control_port})); s.recv(1)"
        return f"{shlex.quote(sys.executable)} -c {shlex.quote(code)}"

    # -- up and down ---------------------------------------------------------------------------------
    def start(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((HOST, self.port))
        listener.listen(64)
        listener.settimeout(0.2)
        with self._lock:
            self._listener = listener
        threading.Thread(target=self._accept_loop, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        """Down at once: new connections are refused, open ones are closed."""
        with self._lock:
            listener, self._listener = self._listener, None
            connections, self._connections = self._connections, []
            self.cuts += 1
        if listener is not None:
            listener.close()
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()

    def close(self) -> None:
        self.cut()
        self._control.close()

    # -- internals --------------------------------------------------------------------------------------
    def _control_loop(self) -> None:
        while True:
            try:
                conn, _ = self._control.accept()
            except OSError:
                return
            self.cut()
            with contextlib.suppress(OSError):
                conn.sendall(b"x")
            conn.close()

    def _accept_loop(self, listener: socket.socket) -> None:
        while True:
            with self._lock:
                if self._listener is not listener:
                    return
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                if self._listener is not listener:
                    client.close()
                    upstream.close()
                    return
                self._connections += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pump, args=(a, b), daemon=True).start()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)
