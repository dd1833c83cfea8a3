"""A minimal PostgreSQL client (protocol 3.0) on the Python standard library only.

The rotation function needs three things from PostgreSQL: log in as a user (TLS, then SCRAM-SHA-256, MD5
or a password over TLS), run a statement, and close. The usual drivers cannot be used as they are: psycopg
needs libpq (a Lambda layer), and pg8000 would have to be vendored into the zip from PyPI, which makes
the build depend on the network. This module does exactly what rotation needs and nothing more:

- TLS is always on (sslmode verify-full by default; verify-ca or require can be chosen). There is no
  plain-text mode, so a password or a verifier never crosses the network unencrypted.
- Authentication: SCRAM-SHA-256 (PostgreSQL's default since 14, and RDS's), MD5, or a cleartext password
  (only ever inside TLS). The server's SCRAM signature is checked.
- The simple query protocol: one statement, text results.

`scram_verifier()` builds the SCRAM-SHA-256 verifier that `ALTER ROLE ... PASSWORD` accepts in place of
the password, so the new password itself never reaches the server's statement log.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import socket
import ssl
import struct
from typing import Any

SSL_REQUEST_CODE = 80877103
PROTOCOL_VERSION = 196608  # 3.0
SCRAM_ITERATIONS = 4096  # what PostgreSQL itself uses (scram_iterations default)
SSL_MODES = ("verify-full", "verify-ca", "require")


class PostgresError(Exception):
    """An ErrorResponse from the server, or a protocol violation."""

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.fields = fields or {}

    @property
    def sqlstate(self) -> str | None:
        return self.fields.get("C")


class AuthenticationError(PostgresError):
    """The server refused the credentials (SQLSTATE 28P01 / 28000) or the SCRAM exchange failed."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _hmac(key: bytes, msg: bytes) -> bytes:
    return hmac.new(key, msg, hashlib.sha256).digest()


def _salted_password(password: str, salt: bytes, iterations: int) -> bytes:
    # SASLprep of an ASCII password is the password itself; the rotation function only creates ASCII ones.
    return hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)


def scram_verifier(password: str, salt: bytes | None = None, iterations: int = SCRAM_ITERATIONS) -> str:
    """SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>, as stored in pg_authid.rolpassword."""
    if not password.isascii():
        raise ValueError("only ASCII passwords are supported (SASLprep is not implemented)")
    salt = os.urandom(16) if salt is None else salt
    salted = _salted_password(password, salt, iterations)
    stored_key = hashlib.sha256(_hmac(salted, b"Client Key")).digest()
    server_key = _hmac(salted, b"Server Key")
    return f"SCRAM-SHA-256${iterations}:{_b64(salt)}${_b64(stored_key)}:{_b64(server_key)}"


def quote_ident(name: str) -> str:
    """A double-quoted SQL identifier (what quote_ident() returns for any name that needs quoting)."""
    if not name or "\x00" in name:
        raise ValueError("invalid identifier")
    return '"' + name.replace('"', '""') + '"'


def ssl_context(sslmode: str, root_cert: str | None) -> ssl.SSLContext:
    if sslmode not in SSL_MODES:
        raise ValueError(f"sslmode must be one of {', '.join(SSL_MODES)} (TLS is always required)")
    ctx = ssl.create_default_context(cafile=root_cert) if root_cert else ssl.create_default_context()
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    if sslmode == "verify-ca":
        ctx.check_hostname = False
    elif sslmode == "require":
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


class Connection:
    """One authenticated session. Use connect(); close() (or a with block) sends Terminate."""

    def __init__(self, sock: socket.socket | ssl.SSLSocket) -> None:
        self._sock = sock
        self._buf = b""
        self.parameters: dict[str, str] = {}

    # --- framing -----------------------------------------------------------------------------------------
    def _send(self, kind: bytes, payload: bytes = b"") -> None:
        self._sock.sendall(kind + struct.pack("!I", len(payload) + 4) + payload)

    def _read_exact(self, n: int) -> bytes:
        while len(self._buf) < n:
            chunk = self._sock.recv(max(65536, n - len(self._buf)))
            if not chunk:
                raise PostgresError("the server closed the connection")
            self._buf += chunk
        data, self._buf = self._buf[:n], self._buf[n:]
        return data

    def _recv(self) -> tuple[bytes, bytes]:
        header = self._read_exact(5)
        kind, length = header[:1], struct.unpack("!I", header[1:])[0]
        if length < 4 or length > 1 << 30:
            raise PostgresError("malformed message from the server")
        return kind, self._read_exact(length - 4)

    @staticmethod
    def _error(payload: bytes, auth: bool = False) -> PostgresError:
        fields: dict[str, str] = {}
        for part in payload.split(b"\x00"):
            if part:
                fields[chr(part[0])] = part[1:].decode("utf-8", "replace")
        message = f"{fields.get('S', 'ERROR')} {fields.get('C', '')}: {fields.get('M', 'unknown error')}"
        if auth or fields.get("C") in ("28P01", "28000"):
            return AuthenticationError(message, fields)
        return PostgresError(message, fields)

    # --- authentication --------------------------------------------------------------------------------
    def _authenticate(self, user: str, password: str) -> None:
        scram: dict[str, Any] = {}
        while True:
            kind, payload = self._recv()
            if kind == b"E":
                raise self._error(payload, auth=True)
            if kind != b"R":
                raise PostgresError(f"unexpected message {kind!r} during authentication")
            code = struct.unpack("!I", payload[:4])[0]
            body = payload[4:]
            if code == 0:  # AuthenticationOk
                return
            if code == 3:  # cleartext password (inside TLS only: connect() never runs without it)
                self._send(b"p", password.encode("utf-8") + b"\x00")
            elif code == 5:  # MD5
                inner = hashlib.md5((password + user).encode("utf-8")).hexdigest()  # the protocol's own hash
                outer = hashlib.md5(inner.encode("ascii") + body[:4]).hexdigest()
                self._send(b"p", b"md5" + outer.encode("ascii") + b"\x00")
            elif code == 10:  # SASL: the mechanisms the server offers
                mechanisms = [m.decode() for m in body.split(b"\x00") if m]
                if "SCRAM-SHA-256" not in mechanisms:
                    raise AuthenticationError(f"no supported SASL mechanism in {mechanisms}")
                nonce = _b64(os.urandom(18))
                scram["first_bare"] = f"n=,r={nonce}"
                scram["nonce"] = nonce
                first = ("n,," + scram["first_bare"]).encode("ascii")
                self._send(b"p", b"SCRAM-SHA-256\x00" + struct.pack("!I", len(first)) + first)
            elif code == 11:  # SASLContinue: r=<nonce>,s=<salt>,i=<iterations>
                server_first = body.decode("ascii")
                attrs = dict(item.split("=", 1) for item in server_first.split(","))
                if not attrs.get("r", "").startswith(scram.get("nonce", "\x00")):
                    raise AuthenticationError("SCRAM: the server's nonce does not extend ours")
                salted = _salted_password(password, base64.b64decode(attrs["s"]), int(attrs["i"]))
                client_key = _hmac(salted, b"Client Key")
                without_proof = f"c=biws,r={attrs['r']}"
                auth_message = f"{scram['first_bare']},{server_first},{without_proof}".encode("ascii")
                signature = _hmac(hashlib.sha256(client_key).digest(), auth_message)
                proof = bytes(a ^ b for a, b in zip(client_key, signature, strict=True))
                scram["server_signature"] = _hmac(_hmac(salted, b"Server Key"), auth_message)
                self._send(b"p", f"{without_proof},p={_b64(proof)}".encode("ascii"))
            elif code == 12:  # SASLFinal: v=<server signature>
                attrs = dict(item.split("=", 1) for item in body.decode("ascii").split(","))
                expected = scram.get("server_signature", b"")
                if not hmac.compare_digest(base64.b64decode(attrs.get("v", "")), expected):
                    raise AuthenticationError("SCRAM: the server's signature is wrong")
            else:
                raise AuthenticationError(f"unsupported authentication request {code}")

    def _wait_ready(self) -> None:
        while True:
            kind, payload = self._recv()
            if kind == b"Z":
                return
            if kind == b"E":
                raise self._error(payload)
            if kind == b"S":
                name, value, _ = payload.split(b"\x00", 2)
                self.parameters[name.decode()] = value.decode()
            # K (BackendKeyData) and N (notices) need nothing.

    # --- queries -------------------------------------------------------------------------------------------
    def execute(self, sql: str) -> list[tuple[str | None, ...]]:
        """Run one statement with the simple query protocol; return the rows as text."""
        self._send(b"Q", sql.encode("utf-8") + b"\x00")
        rows: list[tuple[str | None, ...]] = []
        error: PostgresError | None = None
        while True:
            kind, payload = self._recv()
            if kind == b"D":
                count = struct.unpack("!H", payload[:2])[0]
                pos, row = 2, []
                for _ in range(count):
                    size = struct.unpack("!i", payload[pos : pos + 4])[0]
                    pos += 4
                    if size < 0:
                        row.append(None)
                    else:
                        row.append(payload[pos : pos + size].decode("utf-8"))
                        pos += size
                rows.append(tuple(row))
            elif kind == b"E":
                error = self._error(payload)
            elif kind == b"Z":
                if error is not None:
                    raise error
                return rows
            # T (RowDescription), C (CommandComplete), I (EmptyQuery), N (notice), S: nothing to keep.

    def close(self) -> None:
        try:
            self._send(b"X")
        except OSError:
            pass
        finally:
            self._sock.close()

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def connect(
    host: str,
    port: int,
    user: str,
    password: str,
    dbname: str,
    sslmode: str = "verify-full",
    root_cert: str | None = None,
    timeout: float = 5.0,
) -> Connection:
    """Open a TLS connection and log in. Raises AuthenticationError for wrong credentials."""
    context = ssl_context(sslmode, root_cert)
    raw = socket.create_connection((host, port), timeout=timeout)
    try:
        raw.sendall(struct.pack("!II", 8, SSL_REQUEST_CODE))
        answer = raw.recv(1)
        if answer != b"S":
            raise PostgresError("the server does not offer TLS; refusing to send credentials without it")
        sock = context.wrap_socket(raw, server_hostname=host)
    except BaseException:
        raw.close()
        raise
    conn = Connection(sock)
    try:
        params = b"".join(
            k.encode() + b"\x00" + v.encode("utf-8") + b"\x00"
            for k, v in (("user", user), ("database", dbname), ("application_name", "secrets-rotation"))
        )
        payload = struct.pack("!I", PROTOCOL_VERSION) + params + b"\x00"
        sock.sendall(struct.pack("!I", len(payload) + 4) + payload)
        conn._authenticate(user, password)
        conn._wait_ready()
    except BaseException:
        conn._sock.close()
        raise
    return conn
