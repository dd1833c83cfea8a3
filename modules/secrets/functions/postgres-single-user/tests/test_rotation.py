"""The rotation function against a real PostgreSQL (TLS, SCRAM) started for the test on 127.0.0.1.

Run: .venv/bin/pytest modules/secrets/functions/postgres-single-user/tests -q
Needs initdb/postgres on PATH (Debian: postgresql) and openssl; the database tests are skipped without them.
Secrets Manager is an in-memory fake with the staging-label rules the function relies on.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import lambda_function as rotation
import pgwire

# --- an in-memory Secrets Manager ------------------------------------------------------------------------


class NotFound(Exception):
    pass


class FakeSecretsManager:
    class exceptions:  # boto3's shape
        ResourceNotFoundException = NotFound

    def __init__(self, arn: str, value: dict[str, Any], rotation_enabled: bool = True) -> None:
        self.arn = arn
        self.rotation_enabled = rotation_enabled
        self.versions: dict[str, dict[str, Any]] = {"v1": {"value": json.dumps(value), "stages": ["AWSCURRENT"]}}

    def start_rotation(self) -> str:
        token = str(uuid.uuid4())
        self.versions[token] = {"value": None, "stages": ["AWSPENDING"]}
        return token

    def describe_secret(self, SecretId: str) -> dict[str, Any]:
        return {
            "ARN": self.arn,
            "RotationEnabled": self.rotation_enabled,
            "VersionIdsToStages": {v: list(d["stages"]) for v, d in self.versions.items()},
        }

    def get_secret_value(self, SecretId: str, VersionStage: str, VersionId: str | None = None) -> dict[str, Any]:
        for version, data in self.versions.items():
            if VersionId not in (None, version) or VersionStage not in data["stages"] or data["value"] is None:
                continue
            return {"SecretString": data["value"], "VersionId": version}
        raise NotFound(VersionStage)

    def put_secret_value(
        self, SecretId: str, ClientRequestToken: str, SecretString: str, VersionStages: list[str]
    ) -> None:
        for stage in VersionStages:
            for data in self.versions.values():
                if stage in data["stages"]:
                    data["stages"].remove(stage)
        self.versions.setdefault(ClientRequestToken, {"stages": []})
        self.versions[ClientRequestToken].update(value=SecretString, stages=list(VersionStages))

    def update_secret_version_stage(
        self, SecretId: str, VersionStage: str, MoveToVersionId: str, RemoveFromVersionId: str | None
    ) -> None:
        assert VersionStage == "AWSCURRENT"
        old = self.versions[RemoveFromVersionId]
        old["stages"].remove("AWSCURRENT")
        for data in self.versions.values():
            if "AWSPREVIOUS" in data["stages"]:
                data["stages"].remove("AWSPREVIOUS")
        old["stages"].append("AWSPREVIOUS")
        new = self.versions[MoveToVersionId]
        new["stages"] = [s for s in new["stages"] if s != "AWSPENDING"] + ["AWSCURRENT"]

    def current(self) -> dict[str, Any]:
        return json.loads(self.get_secret_value(self.arn, "AWSCURRENT")["SecretString"])


def rotate(sm: FakeSecretsManager, steps: tuple[str, ...] = rotation.STEPS, rds: Any = None) -> str:
    token = sm.start_rotation()
    for step in steps:
        rotation.lambda_handler(
            {"SecretId": sm.arn, "ClientRequestToken": token, "Step": step}, None, client=sm, rds=rds
        )
    return token


# --- a PostgreSQL with TLS and SCRAM ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def postgres() -> Iterator[dict[str, Any]]:
    if not (shutil.which("initdb") and shutil.which("pg_ctl") and shutil.which("openssl")):
        pytest.skip("initdb, pg_ctl and openssl are needed for the database tests")
    # Not under pytest's tmp_path: as root, that is private to root and the postgres user cannot enter it.
    base = Path(tempfile.mkdtemp(prefix="rotation-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        user = pwd.getpwnam("postgres")
        os.chown(base, user.pw_uid, user.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    data, port = base / "data", free_port()
    subprocess.run(
        [*run_as, "initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
        check=True,
        capture_output=True,
    )
    key, crt = str(data / "server.key"), str(data / "server.crt")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost", "-keyout", key, "-out", crt],
        check=True, capture_output=True,
    )  # fmt: skip
    os.chmod(data / "server.key", 0o600)
    if run_as:
        shutil.chown(data / "server.key", "postgres", "postgres")
        shutil.chown(data / "server.crt", "postgres", "postgres")
    (data / "pg_hba.conf").write_text(
        "local all postgres trust\n"
        "hostssl all postgres 127.0.0.1/32 trust\n"
        "hostssl all md5user 127.0.0.1/32 md5\n"
        "hostssl all all 127.0.0.1/32 scram-sha-256\n"
    )
    opts = (
        f"-c listen_addresses=127.0.0.1 -c port={port} -c ssl=on -c unix_socket_directories={base} -c log_statement=ddl"
    )
    subprocess.run(
        [*run_as, "pg_ctl", "-D", str(data), "-o", opts, "-l", str(base / "log"), "-w", "start"],
        check=True,
        capture_output=True,
    )
    try:
        yield {"port": port, "ca": str(data / "server.crt"), "log": base / "log", "socket": str(base)}
    finally:
        subprocess.run([*run_as, "pg_ctl", "-D", str(data), "-m", "fast", "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def admin(pg: dict[str, Any], sql: str) -> None:
    with pgwire.connect("localhost", pg["port"], "postgres", "", "postgres", root_cert=pg["ca"]) as conn:
        conn.execute(sql)


def can_login(pg: dict[str, Any], user: str, password: str) -> bool:
    try:
        with pgwire.connect("localhost", pg["port"], user, password, "postgres", root_cert=pg["ca"]) as conn:
            return conn.execute("SELECT current_user") == [(user,)]
    except pgwire.AuthenticationError:
        return False


@pytest.fixture
def app_user(postgres: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    monkeypatch.setenv("PGSSLROOTCERT", postgres["ca"])
    monkeypatch.delenv("PGSSLMODE", raising=False)
    name = f"app_{uuid.uuid4().hex[:8]}"
    admin(postgres, f"CREATE ROLE {name} LOGIN PASSWORD 'initial-Password-1'")
    value = {"engine": "postgres", "host": "localhost", "port": postgres["port"], "username": name,
             "password": "initial-Password-1", "dbname": "postgres"}  # fmt: skip
    yield value
    admin(postgres, f"DROP ROLE {name}")


# --- tests -------------------------------------------------------------------------------------------------


def test_scram_verifier_is_accepted_by_postgres(postgres: dict[str, Any], app_user: dict[str, Any]) -> None:
    admin(postgres, f"ALTER ROLE {app_user['username']} PASSWORD '{pgwire.scram_verifier('x-Verifier-Password-9')}'")
    assert can_login(postgres, app_user["username"], "x-Verifier-Password-9")
    assert not can_login(postgres, app_user["username"], "initial-Password-1")


def test_full_rotation(postgres: dict[str, Any], app_user: dict[str, Any]) -> None:
    sm = FakeSecretsManager("arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:app-AbCdEf", app_user)
    token = rotate(sm)
    new = sm.current()
    assert sm.versions[token]["stages"] == ["AWSCURRENT"] and "AWSPREVIOUS" in sm.versions["v1"]["stages"]
    assert new["password"] != app_user["password"] and len(new["password"]) == 32
    assert {k: v for k, v in new.items() if k != "password"} == {k: v for k, v in app_user.items() if k != "password"}
    assert can_login(postgres, app_user["username"], new["password"])
    assert not can_login(postgres, app_user["username"], app_user["password"])
    # The statement log holds the verifier, never the password.
    log = postgres["log"].read_text()
    assert "SCRAM-SHA-256$4096:" in log and new["password"] not in log

    second = rotate(sm)
    assert can_login(postgres, app_user["username"], sm.current()["password"]) and second in sm.versions


def test_each_step_is_idempotent(postgres: dict[str, Any], app_user: dict[str, Any]) -> None:
    sm = FakeSecretsManager("arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:app-AbCdEf", app_user)
    token = sm.start_rotation()
    for step in rotation.STEPS:
        for _ in range(2):  # Secrets Manager retries a step that timed out
            rotation.lambda_handler({"SecretId": sm.arn, "ClientRequestToken": token, "Step": step}, None, client=sm)
    assert sm.versions[token]["stages"] == ["AWSCURRENT"]
    assert can_login(postgres, app_user["username"], sm.current()["password"])


def test_set_secret_falls_back_to_the_previous_password(postgres: dict[str, Any], app_user: dict[str, Any]) -> None:
    """A rotation that set the password but failed before finishSecret: the next one starts from AWSPREVIOUS."""
    sm = FakeSecretsManager("arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:app-AbCdEf", app_user)
    sm.versions["v0"] = {"value": json.dumps(app_user), "stages": ["AWSPREVIOUS"]}
    sm.versions["v1"]["value"] = json.dumps({**app_user, "password": "wrong-Password-22"})
    rotate(sm)
    assert can_login(postgres, app_user["username"], sm.current()["password"])


def test_no_working_password_fails(postgres: dict[str, Any], app_user: dict[str, Any]) -> None:
    wrong = {**app_user, "password": "wrong-Password-22"}
    sm = FakeSecretsManager("arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:app-AbCdEf", wrong)
    with pytest.raises(rotation.RotationError, match="cannot log in"):
        rotate(sm)
    assert can_login(postgres, app_user["username"], app_user["password"]), "the database was not changed"


def test_md5_authentication(postgres: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGSSLROOTCERT", postgres["ca"])
    admin(postgres, "SET password_encryption = 'md5'; CREATE ROLE md5user LOGIN PASSWORD 'md5-Password-1'")
    try:
        value = {"engine": "postgres", "host": "localhost", "port": postgres["port"], "username": "md5user",
                 "password": "md5-Password-1", "dbname": "postgres"}  # fmt: skip
        sm = FakeSecretsManager("arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:md5-AbCdEf", value)
        rotate(sm)
        assert can_login(postgres, "md5user", sm.current()["password"])
    finally:
        admin(postgres, "DROP ROLE md5user")


def test_tls_is_verified(postgres: dict[str, Any], app_user: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PGSSLROOTCERT")  # the system store does not trust the test's self-signed certificate
    with pytest.raises(Exception, match="CERTIFICATE_VERIFY_FAILED"):
        rotation.connect(app_user)
    monkeypatch.setenv("PGSSLROOTCERT", postgres["ca"])
    with pytest.raises(Exception, match=r"(?i)hostname|doesn't match|not valid"):
        rotation.connect({**app_user, "host": "127.0.0.1"})  # the certificate names localhost only
    monkeypatch.setenv("PGSSLMODE", "disable")
    with pytest.raises(ValueError, match="TLS is always required"):
        rotation.connect(app_user)


def test_refuses_a_server_without_tls(tmp_path: Path) -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]

        import threading

        def answer_no() -> None:
            conn, _ = server.accept()
            conn.recv(8)
            conn.sendall(b"N")
            time.sleep(0.2)
            conn.close()

        threading.Thread(target=answer_no, daemon=True).start()
        with pytest.raises(pgwire.PostgresError, match="does not offer TLS"):
            pgwire.connect("127.0.0.1", port, "u", "p", "postgres", sslmode="require")


# --- no database needed ----------------------------------------------------------------------------------


def test_db_instance_identifier_is_resolved(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeRDS:
        def describe_db_instances(self, DBInstanceIdentifier: str) -> dict[str, Any]:
            assert DBInstanceIdentifier == "shared-postgres"
            return {
                "DBInstances": [
                    {"Endpoint": {"Address": "shared-postgres.abc.ap-northeast-2.rds.amazonaws.com", "Port": 5432}}
                ]
            }

    value = {
        "engine": "postgres",
        "dbInstanceIdentifier": "shared-postgres",
        "username": "app",
        "password": "initial-Password-1",
    }
    sm = FakeSecretsManager("arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:app-AbCdEf", value)
    token = rotate(sm, ("createSecret",), rds=FakeRDS())
    pending = json.loads(sm.versions[token]["value"])
    assert pending["host"] == "shared-postgres.abc.ap-northeast-2.rds.amazonaws.com" and pending["port"] == 5432
    assert pending["password"] != value["password"]


def test_pending_for_another_host_is_refused() -> None:
    value = {"engine": "postgres", "host": "db.internal", "username": "app", "password": "initial-Password-1"}
    sm = FakeSecretsManager("arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:app-AbCdEf", value)
    token = sm.start_rotation()
    sm.versions[token]["value"] = json.dumps(
        {**value, "host": "127.0.0.1", "port": free_port(), "password": "new-Password-123"}
    )
    with pytest.raises(rotation.RotationError, match="different hosts"):  # before any connection is made
        rotation.lambda_handler({"SecretId": sm.arn, "ClientRequestToken": token, "Step": "setSecret"}, None, client=sm)
    with pytest.raises(rotation.RotationError, match="different hosts"):
        rotation.check_same_target(value, {**value, "host": "evil.example"}, "AWSCURRENT")


def test_handler_guards() -> None:
    value = {"engine": "postgres", "host": "db.internal", "username": "app", "password": "initial-Password-1"}
    sm = FakeSecretsManager(
        "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:app-AbCdEf", value, rotation_enabled=False
    )
    with pytest.raises(rotation.RotationError, match="does not have rotation enabled"):
        rotate(sm, ("createSecret",))
    sm.rotation_enabled = True
    with pytest.raises(rotation.RotationError, match="no stage for rotation"):
        rotation.lambda_handler(
            {"SecretId": sm.arn, "ClientRequestToken": "nope", "Step": "createSecret"}, None, client=sm
        )
    with pytest.raises(rotation.RotationError, match="unknown step"):
        rotation.lambda_handler({"SecretId": sm.arn, "ClientRequestToken": "v1", "Step": "dropTable"}, None, client=sm)
    rotation.lambda_handler(
        {"SecretId": sm.arn, "ClientRequestToken": "v1", "Step": "createSecret"}, None, client=sm
    )  # AWSCURRENT: no-op
    sm.versions["v1"]["value"] = json.dumps({"engine": "mysql", **{k: v for k, v in value.items() if k != "engine"}})
    with pytest.raises(rotation.RotationError, match="not postgres"):
        rotate(sm, ("createSecret",))


def test_new_password_respects_length_and_exclusions(monkeypatch: pytest.MonkeyPatch) -> None:
    for _ in range(50):
        password = rotation.new_password()
        assert len(password) == 32 and not set(password) & set(rotation.DEFAULT_EXCLUDE)
        assert (
            any(c.islower() for c in password)
            and any(c.isupper() for c in password)
            and any(c.isdigit() for c in password)
        )
    monkeypatch.setenv("PASSWORD_LENGTH", "20")
    monkeypatch.setenv("EXCLUDE_CHARACTERS", "".join(c for c in map(chr, range(33, 127)) if not c.isalnum()))
    password = rotation.new_password()
    assert len(password) == 20 and password.isalnum()
    monkeypatch.setenv("PASSWORD_LENGTH", "8")
    with pytest.raises(rotation.RotationError):
        rotation.new_password()
