"""Who holds a layer's state lock, read the way Terraform's S3 backend writes it.

Two lock kinds exist: the S3 lock file (`use_lockfile`: an object `<key>.tflock`) and a DynamoDB item
(`dynamodb_table`: LockID `<bucket>/<key>`, the lock info JSON in its `Info` attribute). Both hold
Terraform's LockInfo document: ID, Operation, Who, Version, Created, Path.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from layer.errors import StateError


@dataclass(frozen=True)
class LockInfo:
    kind: str  # "s3 lockfile" | "dynamodb"
    lock_id: str
    operation: str
    who: str
    created: str

    def describe(self) -> str:
        text = f"locked by {self.who or '?'} ({self.operation or '?'}) since {self.created or '?'}"
        return text + (f", lock ID {self.lock_id}" if self.lock_id else "")


def _seconds(timestamp: str) -> str:
    """2026-12-02T12:41:29.545810391Z -> 2026-12-02T12:41:29Z (Terraform writes nanoseconds)."""
    head, dot, _ = timestamp.partition(".")
    return head + "Z" if dot and timestamp.endswith("Z") else timestamp


def parse_lock_info(kind: str, text: str | bytes) -> LockInfo:
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        data = {}
    return LockInfo(
        kind=kind,
        lock_id=str(data.get("ID", "")),
        operation=str(data.get("Operation", "")).removeprefix("OperationType").lower(),  # OperationTypeApply
        who=str(data.get("Who", "")),
        created=_seconds(str(data.get("Created", ""))),
    )


def read_locks(backend: Mapping[str, Any], env: Mapping[str, str]) -> list[LockInfo]:
    """Every lock currently held on the layer's state (usually none, at most one of each kind)."""
    from botocore.exceptions import BotoCoreError, ClientError

    from layer.state.outputs import dynamodb_client, s3_client

    bucket, key = str(backend["bucket"]), str(backend["key"])
    locks: list[LockInfo] = []
    try:
        if backend.get("use_lockfile"):
            try:
                body = s3_client(backend, env).get_object(Bucket=bucket, Key=key + ".tflock")["Body"].read()
                locks.append(parse_lock_info("s3 lockfile", body))
            except ClientError as err:
                if err.response.get("Error", {}).get("Code", "") not in ("NoSuchKey", "404", "NotFound"):
                    raise
        table = backend.get("dynamodb_table")
        if table:
            item = (
                dynamodb_client(backend, env)
                .get_item(TableName=str(table), Key={"LockID": {"S": f"{bucket}/{key}"}}, ConsistentRead=True)
                .get("Item")
            )
            if item:
                locks.append(parse_lock_info("dynamodb", item.get("Info", {}).get("S", "")))
    except (ClientError, BotoCoreError) as err:
        raise StateError(
            f"cannot read the lock of s3://{bucket}/{key}: {err}",
            hint="check credentials (the lock table and the bucket must be readable)",
        ) from None
    return locks
