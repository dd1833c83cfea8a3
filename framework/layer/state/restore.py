"""A layer's state history in the versioned state bucket, and putting one version back as the current state.

`layer state versions LAYER` lists every version and delete marker of the layer's state object (newest first)
with what Terraform wrote in it: serial, lineage, resource count. `layer state restore LAYER --version-id ID`
copies that version back as the current object (a new version: nothing older is lost), encrypted with the
backend's key, and updates the DynamoDB digest Terraform's S3 backend keeps beside a lock table (without it
Terraform refuses the restored object: "state data in S3 does not have the expected content").

A version is refused when it is not a readable Terraform state, when it is a delete marker, or when its
lineage differs from the layer's (the lineage of the state `layer`'s last apply left, else of the current
state, else of the newest readable version): a state of another lineage belongs to another configuration,
and restoring it would make Terraform plan against resources that are not this layer's. `force` overrides
the lineage check only. A held Terraform state lock refuses the restore (a run is writing that state).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from layer.errors import StateError
from layer.state.locks import read_locks
from layer.state.outputs import DamagedState, _state_document, dynamodb_client, s3_client

DELETE_MARKER = "delete marker"
DAMAGED = "not a state"
DIGEST_SUFFIX = "-md5"  # Terraform's S3 backend: LockID "<bucket>/<key>-md5", attribute Digest (hex MD5)


@dataclass(frozen=True)
class StateVersion:
    version_id: str
    written: str  # ISO 8601, UTC
    current: bool
    kind: str  # "state" | DELETE_MARKER | DAMAGED
    serial: int | None = None
    lineage: str | None = None
    resources: int | None = None
    size: int | None = None
    problem: str | None = None  # why a DAMAGED version is not a state

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Restored:
    bucket: str
    key: str
    version: StateVersion
    new_version_id: str
    replaced: StateVersion | None  # what was current before (None: nothing readable, or nothing)
    digest_updated: bool


def _where(backend: Mapping[str, Any]) -> str:
    return f"s3://{backend['bucket']}/{backend['key']}"


def _backend_error(backend: Mapping[str, Any], action: str, err: Exception) -> StateError:
    if isinstance(err, ClientError):
        err_code = err.response.get("Error", {}).get("Code", "")
        detail = f"{err_code}: {err.response.get('Error', {}).get('Message', '')}".strip(": ")
    else:
        detail = str(err)
    return StateError(
        f"cannot {action} {_where(backend)}: {detail}",
        hint="check credentials and that the bucket is versioned (`layer bootstrap ENV --check`); "
        "for live/local: `layer emulator start`",
    )


def _timestamp(entry: Mapping[str, Any]) -> str:
    return str(entry["LastModified"].strftime("%Y-%m-%dT%H:%M:%SZ"))


def _listing(backend: Mapping[str, Any], env: Mapping[str, str]) -> list[dict[str, Any]]:
    """Every version and delete marker of exactly the state key (all pages), newest first."""
    bucket, key = str(backend["bucket"]), str(backend["key"])
    entries: list[dict[str, Any]] = []
    try:
        pages = s3_client(backend, env).get_paginator("list_object_versions").paginate(Bucket=bucket, Prefix=key)
        for page in pages:
            entries += [{**v, "_marker": False} for v in page.get("Versions", []) if v.get("Key") == key]
            entries += [{**m, "_marker": True} for m in page.get("DeleteMarkers", []) if m.get("Key") == key]
    except (ClientError, BotoCoreError) as err:
        raise _backend_error(backend, "list the versions of", err) from None
    # S3 lists each kind newest first; the current entry leads (timestamps of one second can tie)
    by_age = sorted(entries, key=lambda e: e["LastModified"], reverse=True)
    return sorted(by_age, key=lambda e: not e.get("IsLatest"))


def _read_version(backend: Mapping[str, Any], env: Mapping[str, str], version_id: str) -> bytes:
    bucket, key = str(backend["bucket"]), str(backend["key"])
    try:
        body: bytes = s3_client(backend, env).get_object(Bucket=bucket, Key=key, VersionId=version_id)["Body"].read()
    except (ClientError, BotoCoreError) as err:
        raise _backend_error(backend, f"read version {version_id} of", err) from None
    return body


def _describe(entry: Mapping[str, Any], body: bytes | None) -> StateVersion:
    version_id, written, current = str(entry["VersionId"]), _timestamp(entry), bool(entry.get("IsLatest"))
    if entry["_marker"] or body is None:
        return StateVersion(version_id, written, current, DELETE_MARKER)
    try:
        document = _state_document(body)
    except DamagedState as problem:
        return StateVersion(version_id, written, current, DAMAGED, size=len(body), problem=str(problem))
    return StateVersion(
        version_id,
        written,
        current,
        "state",
        serial=document.get("serial"),
        lineage=document.get("lineage"),
        resources=len(document.get("resources", [])),
        size=len(body),
    )


def list_versions(
    backend: Mapping[str, Any], env: Mapping[str, str], limit: int | None = None, until: str | None = None
) -> list[StateVersion]:
    """The state object's history, newest first: at most `limit` entries, or down to version `until`
    (each version is read to show its serial and lineage)."""
    described: list[StateVersion] = []
    for entry in _listing(backend, env):
        if limit is not None and len(described) >= limit:
            break
        body = None if entry["_marker"] else _read_version(backend, env, str(entry["VersionId"]))
        described.append(_describe(entry, body))
        if until is not None and described[-1].version_id == until:
            break
    return described


def layer_lineage(versions: Sequence[StateVersion], applied_serial: int | None) -> str | None:
    """The lineage the layer's state has: that of the version `layer`'s last apply left (its run record's
    serial), else the current version's, else the newest readable version's."""
    states = [v for v in versions if v.kind == "state"]
    applied = next((v for v in states if applied_serial is not None and v.serial == applied_serial), None)
    current = next((v for v in states if v.current), None)
    chosen = applied or current or (states[0] if states else None)
    return chosen.lineage if chosen is not None else None


def choose(versions: Sequence[StateVersion], version_id: str, backend: Mapping[str, Any]) -> StateVersion:
    found = next((v for v in versions if v.version_id == version_id), None)
    listed = "list them with `layer state versions LAYER`"
    if found is None:
        raise StateError(f"{_where(backend)} has no version {version_id!r}", hint=listed)
    if found.kind == DELETE_MARKER:
        raise StateError(
            f"version {version_id} of {_where(backend)} is a delete marker, not a state",
            hint=f"restore the newest version before it that is a state; {listed}",
        )
    if found.kind == DAMAGED:
        raise StateError(
            f"version {version_id} of {_where(backend)} is not a Terraform state: {found.problem}",
            hint=f"choose a version whose SERIAL and LINEAGE are shown; {listed}",
        )
    return found


def check_lineage(chosen: StateVersion, lineage: str | None, backend: Mapping[str, Any], force: bool) -> None:
    if force or lineage is None or chosen.lineage == lineage:
        return
    raise StateError(
        f"version {chosen.version_id} of {_where(backend)} has lineage {chosen.lineage}, the layer's state has "
        f"lineage {lineage}: it is the state of another configuration; nothing was restored",
        hint="choose a version of the layer's lineage (`layer state versions LAYER`); if this one is right "
        "after all (the layer's state was re-created), add --force",
    )


def refuse_if_locked(backend: Mapping[str, Any], env: Mapping[str, str]) -> None:
    held = read_locks(backend, env)
    if held:
        raise StateError(
            f"{_where(backend)} is {held[0].describe()}: a run is writing it; nothing was restored",
            hint="wait for that run to end; a lock a killed run left is released with "
            f"`layer force-unlock LAYER {held[0].lock_id or 'LOCK_ID'}`",
        )


def copy_back(backend: Mapping[str, Any], env: Mapping[str, str], version_id: str) -> str:
    """Copy the version onto the key as its newest version; the new version's id."""
    bucket, key = str(backend["bucket"]), str(backend["key"])
    encryption: dict[str, str] = {}
    if backend.get("kms_key_id"):  # a bootstrap bucket policy refuses objects under another key
        encryption = {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": str(backend["kms_key_id"])}
    try:
        response = s3_client(backend, env).copy_object(
            Bucket=bucket, Key=key, CopySource={"Bucket": bucket, "Key": key, "VersionId": version_id}, **encryption
        )
    except (ClientError, BotoCoreError) as err:
        raise _backend_error(backend, f"copy version {version_id} back onto", err) from None
    return str(response.get("VersionId", ""))


def update_digest(backend: Mapping[str, Any], env: Mapping[str, str], body: bytes) -> bool:
    """With a lock table, Terraform's S3 backend keeps the MD5 of the state it last wrote and refuses an
    object that does not match: store the restored body's. False when there is no lock table."""
    table = backend.get("dynamodb_table")
    if not table:
        return False
    item = {"LockID": {"S": f"{backend['bucket']}/{backend['key']}{DIGEST_SUFFIX}"}}
    item["Digest"] = {"S": hashlib.md5(body, usedforsecurity=False).hexdigest()}
    try:
        dynamodb_client(backend, env).put_item(TableName=str(table), Item=item)
    except (ClientError, BotoCoreError) as err:
        raise StateError(
            f"the state {_where(backend)} was restored, but its digest in the lock table {table} was not "
            f"updated: {err}",
            hint="Terraform refuses the state until the digest matches; run the same restore again",
        ) from None
    return True


def applied_serial(backend: Mapping[str, Any], env: Mapping[str, str]) -> int | None:
    """The state serial `layer`'s last apply left (its run record), None without one."""
    from layer.state.records import read_record

    try:
        record = read_record(backend, env)
    except BotoCoreError as err:
        raise _backend_error(backend, "read the run record beside", err) from None
    return record.state_serial if record is not None and record.command == "apply" else None


def restore(
    backend: Mapping[str, Any],
    env: Mapping[str, str],
    version_id: str,
    *,
    applied_serial: int | None = None,
    force: bool = False,
) -> Restored:
    """Make `version_id` the current state again (checks first; nothing is written when one fails)."""
    versions = list_versions(backend, env, until=version_id)  # the newer ones hold the layer's lineage
    chosen = choose(versions, version_id, backend)
    check_lineage(chosen, layer_lineage(versions, applied_serial), backend, force)
    refuse_if_locked(backend, env)
    body = _read_version(backend, env, version_id)
    replaced = next((v for v in versions if v.current), None)
    new_version_id = copy_back(backend, env, version_id)
    digest_updated = update_digest(backend, env, body)
    return Restored(str(backend["bucket"]), str(backend["key"]), chosen, new_version_id, replaced, digest_updated)


def table(versions: Sequence[StateVersion]) -> str:
    rows = [("VERSION ID", "WRITTEN", "SERIAL", "LINEAGE", "RESOURCES", "NOTE")]
    for v in versions:
        note = ("current " if v.current else "") + (v.kind if v.kind != "state" else "")
        if v.problem:
            note += f": {v.problem}"
        serial = "-" if v.serial is None else str(v.serial)
        resources = "-" if v.resources is None else str(v.resources)
        rows.append((v.version_id, v.written, serial, v.lineage or "-", resources, note.strip() or "-"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)) + "  " + row[-1]
        for row in rows
    )
