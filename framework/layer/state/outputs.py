"""A dependency's outputs, read from its state object in S3 (one GET per state per run).

This is the Terraform state's documented JSON (`outputs.<name>.value`), so no `terraform output`
process (and no provider start) is needed to pass values between layers.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from botocore.exceptions import BotoCoreError, ClientError

from layer.errors import DamagedStateError, StateError
from layer.hints import backend_hint
from layer.state.aws_clients import ClientSpec, client, role_settings


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


def _client(backend: Mapping[str, Any], env: Mapping[str, str], service: Literal["s3", "dynamodb"] = "s3") -> Any:
    """The process's client of `service` configured like the backend (layer.state.aws_clients)."""
    endpoints = backend.get("endpoints", {})
    spec = ClientSpec(
        service,
        backend.get("region"),
        endpoint=endpoints.get(service),
        sts_endpoint=endpoints.get("sts"),
        path_style=bool(backend.get("use_path_style")),
        **role_settings(backend.get("assume_role"), "layer-state-read"),
    )
    return client(spec, env)


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
        raise StateError(f"cannot reach the state backend: {err}", hint=backend_hint(backend, err)) from None
    return True


def table_exists(backend: Mapping[str, Any], env: Mapping[str, str], table: str) -> bool:
    try:
        _client(backend, env, "dynamodb").describe_table(TableName=table)
    except ClientError:
        return False
    except BotoCoreError as err:
        raise StateError(f"cannot reach the lock table {table}: {err}", hint=backend_hint(backend, err)) from None
    return True


class DamagedState(ValueError):
    """A state object that is not a Terraform state (what is wrong, in words)."""


def parse_state(bucket: str, key: str, body: bytes, last_modified: str | None = None) -> StateObject:
    """The outputs and facts of a state document; DamagedState when the body is not a Terraform state."""
    document = _state_document(body)
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


def _state_document(body: bytes) -> dict[str, Any]:
    try:
        document = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise DamagedState("it is not text (not UTF-8)") from None
    except json.JSONDecodeError as err:
        raise DamagedState(f"it is not JSON ({err.msg} at line {err.lineno} column {err.colno})") from None
    if not isinstance(document, dict):
        raise DamagedState(f"it is JSON but not a Terraform state (a {type(document).__name__}, not an object)")
    if not isinstance(document.get("version"), int) or not isinstance(document.get("serial", 0), int):
        raise DamagedState("it is JSON but not a Terraform state (no integer 'version' and 'serial')")
    outputs = document.get("outputs", {})
    if not isinstance(outputs, dict) or not all(isinstance(entry, dict) for entry in outputs.values()):
        raise DamagedState("its 'outputs' are not a map of output objects")
    if not isinstance(document.get("resources", []), list):
        raise DamagedState("its 'resources' are not a list")
    return document


class StateReader:
    """Caches each state object for the run: a dependency shared by many layers is read once."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], StateObject] = {}
        self._lost: dict[tuple[str, str], DamagedStateError | None] = {}
        self._lock = threading.Lock()
        self.reads = 0

    def read(
        self,
        backend: Mapping[str, Any],
        env: Mapping[str, str],
        layer: str = "",
        *,
        lost_is_error: bool = True,
        directory: str = "",
    ) -> StateObject:
        """The layer's state (outputs None when it has none). StateError when the object is not a Terraform
        state, or when it is gone although layer's run record says the layer was applied (deleted by hand:
        planning its dependents with mock outputs would propose replacing what they use). `lost_is_error`
        False reports such a state as absent (`layer status` gives it a verdict of its own). `directory`
        (the layer's directory as the user names it) makes the error's hint a `layer state restore`
        command."""
        ident = (str(backend["bucket"]), str(backend["key"]))
        with self._lock:
            state = self._cache.get(ident)
        if state is None:
            state = self._fetch(backend, env, layer, directory)
            with self._lock:
                self._cache[ident] = state
                self.reads += 1
        if lost_is_error and state.serial is None:
            self._raise_if_lost(ident, backend, env, layer, directory)
        return state

    def _raise_if_lost(
        self,
        ident: tuple[str, str],
        backend: Mapping[str, Any],
        env: Mapping[str, str],
        layer: str,
        directory: str = "",
    ) -> None:
        with self._lock:
            known = ident in self._lost
            error = self._lost.get(ident)
        if not known:
            error = lost_state_error(backend, env, layer, directory)
            with self._lock:
                self._lost[ident] = error
        if error is not None:
            raise error

    def forget(self, backend: Mapping[str, Any]) -> None:
        with self._lock:
            self._cache.pop((str(backend["bucket"]), str(backend["key"])), None)
            self._lost.pop((str(backend["bucket"]), str(backend["key"])), None)

    def _fetch(
        self, backend: Mapping[str, Any], env: Mapping[str, str], layer: str, directory: str = ""
    ) -> StateObject:
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
                f"cannot reach the state backend for s3://{bucket}/{key}: {err}", hint=backend_hint(backend, err)
            ) from None
        try:
            state = parse_state(bucket, key, body, last_modified)
        except DamagedState as err:
            raise damaged_state_error(backend, env, layer, str(err), directory) from None
        if state.outputs == {} and state.resources == 0:
            return StateObject(
                bucket, key, None, frozenset(), state.serial, state.lineage, 0, last_modified, state.terraform_version
            )
        return state


# -- damaged or lost state: say which, and how to get the last good version back ---------------------------


def _owner(layer: str, bucket: str, key: str) -> str:
    return f"the state of {layer} (s3://{bucket}/{key})" if layer else f"the state s3://{bucket}/{key}"


def damaged_state_error(
    backend: Mapping[str, Any], env: Mapping[str, str], layer: str, problem: str, directory: str = ""
) -> DamagedStateError:
    bucket, key = str(backend["bucket"]), str(backend["key"])
    good = _last_good_version(backend, env)
    if good is None:
        hint = (
            "no earlier version of it is a readable state; list them with "
            f"`{_aws(backend, 'list-object-versions', '--bucket', bucket, '--prefix', key)}`"
        )
    else:
        version_id, written = good
        command = _layer_restore(directory, version_id) or _restore_command(backend, version_id)
        hint = (
            f"the bucket is versioned: restore the last good version ({version_id}, written {written}) with "
            f"`{command}`, then plan the layer to see what differs"
        )
    return DamagedStateError(f"{_owner(layer, bucket, key)} is damaged: {problem}", hint=hint)


def lost_state_error(
    backend: Mapping[str, Any], env: Mapping[str, str], layer: str, directory: str = ""
) -> DamagedStateError | None:
    """The error for a state object that is gone although `layer`'s run record says it was applied."""
    from layer.state.records import read_record

    record = read_record(backend, env)
    if record is None or record.command != "apply":
        return None
    bucket, key = str(backend["bucket"]), str(backend["key"])
    marker = _delete_marker(backend, env)
    newest = _newest_version(backend, env)
    if directory and newest is not None:
        hint = f"the bucket is versioned: bring the last version back with `{_layer_restore(directory, newest)}`"
    elif marker is not None:
        hint = (
            "the bucket is versioned: remove the delete marker to bring the last version back with "
            f"`{_aws(backend, 'delete-object', '--bucket', bucket, '--key', key, '--version-id', marker)}`"
        )
    else:
        hint = (
            "find the last version with "
            f"`{_aws(backend, 'list-object-versions', '--bucket', bucket, '--prefix', key)}` and restore it"
        )
    return DamagedStateError(
        f"{_owner(layer, bucket, key)} is gone: state missing (was applied at {record.finished_at} by "
        f"{record.by}); a layer that was applied is never planned against mock outputs",
        hint=hint,
    )


def _versions(backend: Mapping[str, Any], env: Mapping[str, str]) -> tuple[list[Any], list[Any]]:
    """(versions, delete markers) of the state key, newest first; empty when they cannot be listed."""
    bucket, key = str(backend["bucket"]), str(backend["key"])
    try:
        listing = _client(backend, env).list_object_versions(Bucket=bucket, Prefix=key)
    except (ClientError, BotoCoreError):
        return [], []
    versions = [v for v in listing.get("Versions", []) if v.get("Key") == key]
    markers = [m for m in listing.get("DeleteMarkers", []) if m.get("Key") == key]
    newest_first = sorted(versions, key=lambda v: v["LastModified"], reverse=True)
    return newest_first, sorted(markers, key=lambda m: m["LastModified"], reverse=True)


def shown_directory(directory: Path) -> str:
    """A layer's directory as a command line would name it: relative to the working directory when inside
    it, absolute otherwise."""
    here = Path.cwd()
    return str(directory.relative_to(here)) if directory.is_relative_to(here) else str(directory)


def _newest_version(backend: Mapping[str, Any], env: Mapping[str, str]) -> str | None:
    versions, _ = _versions(backend, env)
    return str(versions[0]["VersionId"]) if versions else None


def _layer_restore(directory: str, version_id: str) -> str:
    """`layer state restore` for the layer's directory: it also writes the state's digest into a DynamoDB
    lock table (a plain `aws s3api copy-object` leaves Terraform refusing the state's checksum), under
    the run lock. Empty when the directory is not known (the bootstrap layer)."""
    import shlex

    if not directory:
        return ""
    return shlex.join(["layer", "state", "restore", directory, "--version-id", version_id])


def _delete_marker(backend: Mapping[str, Any], env: Mapping[str, str]) -> str | None:
    _, markers = _versions(backend, env)
    latest = next((m for m in markers if m.get("IsLatest")), None)
    return str(latest["VersionId"]) if latest is not None else None


def _last_good_version(
    backend: Mapping[str, Any], env: Mapping[str, str], looked_at: int = 10
) -> tuple[str, str] | None:
    """(version id, when written) of the newest earlier version that is a readable state."""
    bucket, key = str(backend["bucket"]), str(backend["key"])
    versions, _ = _versions(backend, env)
    for version in [v for v in versions if not v.get("IsLatest")][:looked_at]:
        try:
            body = _client(backend, env).get_object(Bucket=bucket, Key=key, VersionId=version["VersionId"])["Body"]
            _state_document(body.read())
        except (ClientError, BotoCoreError, DamagedState):
            continue
        return str(version["VersionId"]), version["LastModified"].strftime("%Y-%m-%dT%H:%M:%SZ")
    return None


def _restore_command(backend: Mapping[str, Any], version_id: str) -> str:
    bucket, key = str(backend["bucket"]), str(backend["key"])
    encryption: tuple[str, ...] = ()
    if backend.get("kms_key_id"):  # a bootstrap bucket policy refuses objects under another key
        encryption = ("--server-side-encryption", "aws:kms", "--ssekms-key-id", str(backend["kms_key_id"]))
    source = f"{bucket}/{key}?versionId={version_id}"
    return _aws(backend, "copy-object", "--bucket", bucket, "--key", key, "--copy-source", source, *encryption)


def _aws(backend: Mapping[str, Any], action: str, *args: str) -> str:
    import shlex

    endpoint = backend.get("endpoints", {}).get("s3")
    where = ("--endpoint-url", str(endpoint)) if endpoint else ()
    words = ["aws", "s3api", action, *args, "--region", str(backend["region"]), *where]
    return shlex.join(words)
