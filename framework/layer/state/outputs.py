"""A dependency's outputs, read from its state object in S3 (one GET per state per run).

This is the Terraform state's documented JSON (`outputs.<name>.value`), so no `terraform output`
process (and no provider start) is needed to pass values between layers.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from botocore.exceptions import BotoCoreError, ClientError

from layer.errors import StateError


@dataclass(frozen=True)
class StateObject:
    bucket: str
    key: str
    outputs: dict[str, Any] | None  # None: no state object yet
    sensitive: frozenset[str]
    serial: int | None
    lineage: str | None
    resources: int
    last_modified: str | None = None  # when the state object was last written (UTC, ISO 8601)
    terraform_version: str | None = None


_clients: dict[str, Any] = {}
_clients_lock = threading.Lock()


def _client(backend: Mapping[str, Any], env: Mapping[str, str], service: Literal["s3", "dynamodb"] = "s3") -> Any:
    """One client per service, endpoint, region, role and credentials for the process: creating a boto3
    client loads the service model (about 0.1 s), far more than the GET of a state object."""
    key = json.dumps(
        [
            service,
            backend.get("endpoints", {}),
            backend.get("region"),
            backend.get("use_path_style"),
            backend.get("assume_role"),
            [env.get(k) for k in ("AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_SESSION_TOKEN")],
        ],
        sort_keys=True,
        default=str,
    )
    with _clients_lock:
        if key not in _clients:
            _clients[key] = _new_client(backend, env, service)
        return _clients[key]


def _new_client(backend: Mapping[str, Any], env: Mapping[str, str], service: Literal["s3", "dynamodb"]) -> Any:
    import boto3  # imported on first use: it costs a quarter of a second at start-up
    from botocore.config import Config

    endpoints = backend.get("endpoints", {})
    session = boto3.session.Session(
        aws_access_key_id=env.get("AWS_ACCESS_KEY_ID"),
        aws_secret_access_key=env.get("AWS_SECRET_ACCESS_KEY"),
        aws_session_token=env.get("AWS_SESSION_TOKEN"),
        profile_name=env.get("AWS_PROFILE"),
        region_name=backend["region"],
    )
    role = backend.get("assume_role", {}).get("role_arn")
    if role:
        sts = session.client("sts", endpoint_url=endpoints.get("sts"))
        creds = sts.assume_role(RoleArn=role, RoleSessionName="layer-state-read")["Credentials"]
        session = boto3.session.Session(
            aws_access_key_id=creds["AccessKeyId"],
            aws_secret_access_key=creds["SecretAccessKey"],
            aws_session_token=creds["SessionToken"],
            region_name=backend["region"],
        )
    config = Config(
        retries={"max_attempts": 3, "mode": "standard"},
        connect_timeout=5,
        read_timeout=30,
        s3={"addressing_style": "path" if backend.get("use_path_style") else "auto"},
    )
    return session.client(service, endpoint_url=endpoints.get(service), config=config)


def s3_client(backend: Mapping[str, Any], env: Mapping[str, str]) -> Any:
    """An S3 client configured like the backend (endpoint, path style, role, credentials from env)."""
    return _client(backend, env)


def dynamodb_client(backend: Mapping[str, Any], env: Mapping[str, str]) -> Any:
    """A DynamoDB client for the backend's lock table (same endpoint, role and credentials)."""
    return _client(backend, env, "dynamodb")


def bucket_exists(backend: Mapping[str, Any], env: Mapping[str, str]) -> bool:
    try:
        _client(backend, env).head_bucket(Bucket=str(backend["bucket"]))
    except ClientError:
        return False
    except BotoCoreError as err:
        raise StateError(
            f"cannot reach the state backend: {err}", hint="is the endpoint up? For live/local: `layer emulator start`"
        ) from None
    return True


def table_exists(backend: Mapping[str, Any], env: Mapping[str, str], table: str) -> bool:
    try:
        _client(backend, env, "dynamodb").describe_table(TableName=table)
    except ClientError:
        return False
    return True


def parse_state(bucket: str, key: str, body: bytes, last_modified: str | None = None) -> StateObject:
    document = json.loads(body)
    raw = document.get("outputs", {})
    return StateObject(
        bucket=bucket,
        key=key,
        outputs={name: entry.get("value") for name, entry in raw.items()},
        sensitive=frozenset(name for name, entry in raw.items() if entry.get("sensitive")),
        serial=document.get("serial"),
        lineage=document.get("lineage"),
        resources=len(document.get("resources", [])),
        last_modified=last_modified,
        terraform_version=document.get("terraform_version"),
    )


class StateReader:
    """Caches each state object for the run: a dependency shared by many layers is read once."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], StateObject] = {}
        self._lock = threading.Lock()
        self.reads = 0

    def read(self, backend: Mapping[str, Any], env: Mapping[str, str]) -> StateObject:
        ident = (str(backend["bucket"]), str(backend["key"]))
        with self._lock:
            if ident in self._cache:
                return self._cache[ident]
        state = self._fetch(backend, env)
        with self._lock:
            self._cache[ident] = state
            self.reads += 1
        return state

    def forget(self, backend: Mapping[str, Any]) -> None:
        with self._lock:
            self._cache.pop((str(backend["bucket"]), str(backend["key"])), None)

    def _fetch(self, backend: Mapping[str, Any], env: Mapping[str, str]) -> StateObject:
        bucket, key = str(backend["bucket"]), str(backend["key"])
        try:
            response = _client(backend, env).get_object(Bucket=bucket, Key=key)
            body = response["Body"].read()
            modified = response.get("LastModified")
            last_modified = modified.strftime("%Y-%m-%dT%H:%M:%SZ") if modified is not None else None
        except ClientError as err:
            code = err.response.get("Error", {}).get("Code", "")
            if code in ("NoSuchKey", "404", "NotFound", "NoSuchBucket"):
                return StateObject(bucket, key, None, frozenset(), None, None, 0)
            raise StateError(
                f"cannot read state s3://{bucket}/{key}: {code or err}",
                hint="check credentials and that the backend bucket exists (`layer bootstrap ENV`)",
            ) from None
        except BotoCoreError as err:
            raise StateError(
                f"cannot reach the state backend for s3://{bucket}/{key}: {err}",
                hint="is the endpoint up? For live/local: `layer emulator start`",
            ) from None
        state = parse_state(bucket, key, body, last_modified)
        if state.outputs == {} and state.resources == 0:
            return StateObject(
                bucket, key, None, frozenset(), state.serial, state.lineage, 0, last_modified, state.terraform_version
            )
        return state
