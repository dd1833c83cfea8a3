"""Secrets Manager rotation: PostgreSQL, single user.

The user changes its own password: createSecret stores a new password as AWSPENDING, setSecret logs in with
the current (or previous) password and sets the new one, testSecret logs in with it, finishSecret moves
AWSCURRENT to it. Clients holding the old password fail until they read the secret again.

The secret is JSON:
    {"engine": "postgres", "host": "...", "port": 5432, "username": "...", "password": "...", "dbname": "..."}
`host` may be left out when `dbInstanceIdentifier` names the RDS instance: the function then looks the
endpoint up (rds:DescribeDBInstances) and writes `host` and `port` into the new version. `port` defaults
to 5432, `dbname` to postgres.

Needs: the Python 3.12+ Lambda runtime (boto3 is part of it) and nothing else; the PostgreSQL protocol
is spoken by pgwire.py beside this file. Network: the database port and the Secrets Manager API (a NAT
gateway or a secretsmanager interface endpoint). Environment:
    PGSSLMODE            verify-full (default), verify-ca or require; TLS is always used
    PGSSLROOTCERT        CA bundle that signs the server certificate (default: /var/runtime/ca-cert.pem,
                         the Lambda runtime's bundle with the Amazon RDS CAs, when it exists)
    PASSWORD_LENGTH      length of new passwords (default 32, at least 16)
    EXCLUDE_CHARACTERS   characters never used in a password (default: / @ " ' \\ ` and space, which RDS
                         and connection strings reject or mangle)
    SECRETS_MANAGER_ENDPOINT  a Secrets Manager endpoint URL (a VPC endpoint), if not the regional one
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import string
from typing import Any

import boto3
import pgwire

logger = logging.getLogger()
logger.setLevel(logging.INFO)

DEFAULT_EXCLUDE = "/@\"'\\` "
RUNTIME_CA_BUNDLE = "/var/runtime/ca-cert.pem"
STEPS = ("createSecret", "setSecret", "testSecret", "finishSecret")


class RotationError(Exception):
    """A rotation step cannot go on; Secrets Manager retries the step and records the failure."""


def lambda_handler(event: dict[str, Any], context: Any, client: Any = None, rds: Any = None) -> None:
    arn = event["SecretId"]
    token = event["ClientRequestToken"]
    step = event["Step"]
    if step not in STEPS:
        raise RotationError(f"unknown step {step!r}")

    if client is None:
        endpoint = os.environ.get("SECRETS_MANAGER_ENDPOINT") or None
        client = boto3.client("secretsmanager", endpoint_url=endpoint)

    metadata = client.describe_secret(SecretId=arn)
    if not metadata.get("RotationEnabled"):
        raise RotationError(f"secret {arn} does not have rotation enabled")
    versions = metadata.get("VersionIdsToStages", {})
    if token not in versions:
        raise RotationError(f"secret version {token} has no stage for rotation of secret {arn}")
    if "AWSCURRENT" in versions[token]:
        logger.info("version %s of %s is already AWSCURRENT: nothing to do", token, arn)
        return
    if "AWSPENDING" not in versions[token]:
        raise RotationError(f"secret version {token} is not AWSPENDING for rotation of secret {arn}")

    logger.info("%s: %s, version %s", step, arn, token)
    if step == "createSecret":
        create_secret(client, arn, token, rds)
    elif step == "setSecret":
        set_secret(client, arn, token)
    elif step == "testSecret":
        test_secret(client, arn, token)
    else:
        finish_secret(client, arn, token, versions)


# --- the four steps ---------------------------------------------------------------------------------------


def create_secret(client: Any, arn: str, token: str, rds: Any = None) -> None:
    """Store a new password under AWSPENDING (unless this token already has a value)."""
    current = secret_dict(client, arn, "AWSCURRENT")
    try:
        secret_dict(client, arn, "AWSPENDING", token)
        logger.info("createSecret: version %s already has a value", token)
        return
    except client.exceptions.ResourceNotFoundException:
        pass
    pending = dict(current)
    if "host" not in pending and pending.get("dbInstanceIdentifier"):
        pending["host"], pending["port"] = rds_endpoint(pending["dbInstanceIdentifier"], rds)
    pending["password"] = new_password()
    client.put_secret_value(
        SecretId=arn, ClientRequestToken=token, SecretString=json.dumps(pending), VersionStages=["AWSPENDING"]
    )
    logger.info("createSecret: stored a new password as AWSPENDING version %s", token)


def set_secret(client: Any, arn: str, token: str) -> None:
    """Log in with the pending, current or previous password, then set the pending one."""
    pending = secret_dict(client, arn, "AWSPENDING", token)
    current = secret_dict(client, arn, "AWSCURRENT")
    check_same_target(current, pending, "AWSCURRENT")
    try:
        with connect(pending):
            logger.info("setSecret: the pending password already works")
            return
    except pgwire.AuthenticationError:
        pass

    try:
        conn = connect(current)
    except pgwire.AuthenticationError:
        # A rotation that failed after setSecret leaves the database with the password now in AWSPREVIOUS.
        try:
            previous = secret_dict(client, arn, "AWSPREVIOUS")
        except client.exceptions.ResourceNotFoundException:
            previous = None
        if previous is None:
            raise RotationError(
                "setSecret: cannot log in with the current password, and there is no previous one"
            ) from None
        check_same_target(previous, pending, "AWSPREVIOUS")
        try:
            conn = connect(previous)
        except pgwire.AuthenticationError as exc:
            raise RotationError("setSecret: cannot log in with the current or the previous password") from exc

    with conn:
        # The verifier, not the password, goes into the statement (and so into any statement log).
        verifier = pgwire.scram_verifier(pending["password"])
        conn.execute(f"ALTER ROLE {pgwire.quote_ident(pending['username'])} WITH PASSWORD '{verifier}'")
    logger.info("setSecret: password of %s set", pending["username"])


def test_secret(client: Any, arn: str, token: str) -> None:
    pending = secret_dict(client, arn, "AWSPENDING", token)
    try:
        with connect(pending) as conn:
            conn.execute("SELECT 1")
    except pgwire.AuthenticationError as exc:
        raise RotationError("testSecret: cannot log in with the pending password") from exc
    logger.info("testSecret: the pending password works")


def finish_secret(client: Any, arn: str, token: str, versions: dict[str, list[str]]) -> None:
    current_version = next((v for v, stages in versions.items() if "AWSCURRENT" in stages), None)
    if current_version == token:
        return
    client.update_secret_version_stage(
        SecretId=arn, VersionStage="AWSCURRENT", MoveToVersionId=token, RemoveFromVersionId=current_version
    )
    logger.info("finishSecret: version %s is AWSCURRENT", token)


# --- helpers ------------------------------------------------------------------------------------------------


def secret_dict(client: Any, arn: str, stage: str, token: str | None = None) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"SecretId": arn, "VersionStage": stage}
    if token:
        kwargs["VersionId"] = token
    value = json.loads(client.get_secret_value(**kwargs)["SecretString"])
    if not isinstance(value, dict):
        raise RotationError(f"the {stage} value is not a JSON object")
    if value.get("engine", "postgres") not in ("postgres", "postgresql"):
        raise RotationError(f"the {stage} value is for engine {value.get('engine')!r}, not postgres")
    missing = [k for k in ("username", "password") if not value.get(k)]
    if not value.get("host") and not value.get("dbInstanceIdentifier"):
        missing.append("host (or dbInstanceIdentifier)")
    if missing:
        raise RotationError(f"the {stage} value lacks {', '.join(missing)}")
    return value


def check_same_target(other: dict[str, Any], pending: dict[str, Any], stage: str) -> None:
    """Never send a password set for one user or server to another."""
    for key in ("username", "host", "dbInstanceIdentifier"):
        if other.get(key) and pending.get(key) and other[key] != pending[key]:
            raise RotationError(f"the {stage} and AWSPENDING values name different {key}s")
    if not other.get("host"):
        # Only dbInstanceIdentifier until now: createSecret looked the endpoint up for the pending value.
        other["host"], other["port"] = pending.get("host"), pending.get("port")


def connect(value: dict[str, Any]) -> pgwire.Connection:
    if not value.get("host"):
        raise RotationError("the value has no host yet")
    root_cert = os.environ.get("PGSSLROOTCERT") or (RUNTIME_CA_BUNDLE if os.path.exists(RUNTIME_CA_BUNDLE) else None)
    return pgwire.connect(
        host=value["host"],
        port=int(value.get("port") or 5432),
        user=value["username"],
        password=value["password"],
        dbname=value.get("dbname") or "postgres",
        sslmode=os.environ.get("PGSSLMODE", "verify-full"),
        root_cert=root_cert,
    )


def rds_endpoint(identifier: str, rds: Any = None) -> tuple[str, int]:
    rds = rds or boto3.client("rds")
    instances = rds.describe_db_instances(DBInstanceIdentifier=identifier)["DBInstances"]
    endpoint = instances[0].get("Endpoint") if instances else None
    if not endpoint or not endpoint.get("Address"):
        raise RotationError(f"RDS instance {identifier} has no endpoint yet")
    return endpoint["Address"], int(endpoint["Port"])


def new_password() -> str:
    length = int(os.environ.get("PASSWORD_LENGTH", "32"))
    if length < 16 or length > 128:
        raise RotationError("PASSWORD_LENGTH must be 16-128")
    exclude = set(os.environ.get("EXCLUDE_CHARACTERS", DEFAULT_EXCLUDE))
    classes = [
        [c for c in group if c not in exclude]
        for group in (string.ascii_lowercase, string.ascii_uppercase, string.digits, string.punctuation)
    ]
    classes = [group for group in classes if group]
    alphabet = [c for group in classes for c in group]
    while True:
        password = "".join(secrets.choice(alphabet) for _ in range(length))
        if all(any(c in group for c in password) for group in classes):
            return password
