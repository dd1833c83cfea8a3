"""What `layer` remembers about a layer's last run, next to its state.

After every apply or destroy, `layer` writes a small JSON record beside the state object
(`<state key>.layer.json`, same bucket, same encryption): who ran it and when, from which commit or pull
request, the state serial it left, and digests of what it applied. `layer status` compares those digests
with the configuration as it is now (drift between the tree and what was applied) and the serial with the
state as it is now (someone changed the state outside `layer`).

`layer plan` writes the same digests next to its saved plan (`tfplan.layer.json` in the work directory), so
`layer apply --saved-plan` applies exactly what was reviewed, or refuses when the configuration moved on.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from layer import git
from layer.errors import StateError

RECORD_SUFFIX = ".layer.json"
FORMAT = 1
# Module files that do not change what Terraform applies.
_SKIPPED_DIRS = frozenset({"tests", "examples", ".terraform", ".git", "__pycache__"})
_SKIPPED_FILES = frozenset({"README.md", ".terraform.lock.hcl"})


@dataclass(frozen=True)
class Digests:
    """sha256 of the three things that decide what a layer applies."""

    inputs: str  # the wrapper (module inputs as resolved, dependency outputs included)
    settings: str  # backend and provider blocks
    module: str  # the module's files and every local module it calls

    def differences(self, other: Digests) -> list[str]:
        return [name for name in ("inputs", "module", "settings") if getattr(self, name) != getattr(other, name)]


@dataclass(frozen=True)
class RunRecord:
    layer: str
    command: str  # apply | destroy
    finished_at: str  # ISO 8601, UTC
    by: str
    digests: Digests
    state_serial: int | None
    changes: dict[str, int] = field(default_factory=dict)
    commit: str | None = None
    pull_request: str | None = None
    saved_plan: bool = False
    terraform_version: str | None = None
    format: int = FORMAT

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str | bytes) -> RunRecord:
        data = json.loads(text)
        data["digests"] = Digests(**data["digests"])
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


def _sha256(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=256)
def _directory_digest(directory: Path, mtimes: tuple[tuple[str, int, int], ...]) -> str:
    digest = hashlib.sha256()
    for name, _, _ in mtimes:
        digest.update(name.encode() + b"\0" + (directory / name).read_bytes() + b"\0")
    return digest.hexdigest()


def directory_digest(directory: Path) -> str:
    """Content digest of the files that make up a module directory (tests, examples and docs left out)."""
    entries: list[tuple[str, int, int]] = []
    for current, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS and not d.startswith("."))
        for name in sorted(files):
            if name in _SKIPPED_FILES or name.startswith("."):
                continue
            path = Path(current) / name
            stat = path.stat()
            entries.append((path.relative_to(directory).as_posix(), stat.st_mtime_ns, stat.st_size))
    return _directory_digest(directory, tuple(entries))


def module_digest(module_source: str, closure: list[Path]) -> str:
    """A remote module is its source string (the ref pins it); a local one is the content of its closure."""
    if not closure:
        return _sha256(module_source)
    return _sha256(*(f"{d.name}:{directory_digest(d)}" for d in sorted(closure)))


def workdir_digests(files: Mapping[str, str], module: str) -> Digests:
    return Digests(
        inputs=_sha256(files["main.tf.json"]),
        settings=_sha256(files["backend.tf.json"], files["provider.tf.json"]),
        module=module,
    )


# -- who, when, from where ---------------------------------------------------------------------------


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def actor(env: Mapping[str, str] = os.environ) -> str:
    """The person behind the run: Atlantis's commenter, the GitHub actor, or the local user."""
    for name in ("LAYER_ACTOR", "USER_NAME", "GITHUB_ACTOR"):
        if env.get(name):
            via = {"USER_NAME": " via atlantis", "GITHUB_ACTOR": " via github-actions"}.get(name, "")
            return env[name] + via
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def pull_request(env: Mapping[str, str] = os.environ) -> str | None:
    if env.get("PULL_NUM"):  # Atlantis
        return env["PULL_NUM"]
    ref = env.get("GITHUB_REF", "")
    if ref.startswith("refs/pull/"):
        return ref.split("/")[2]
    return None


def git_commit(directory: Path, env: Mapping[str, str] = os.environ) -> str | None:
    for name in ("HEAD_COMMIT", "GITHUB_SHA"):  # Atlantis, GitHub Actions
        if env.get(name):
            return env[name]
    try:
        return git.head_commit(directory) or None
    except git.GitError:
        return None


# -- S3 ---------------------------------------------------------------------------------------------------


def record_key(backend: Mapping[str, Any]) -> str:
    return str(backend["key"]) + RECORD_SUFFIX


def write_record(backend: Mapping[str, Any], env: Mapping[str, str], record: RunRecord) -> None:
    from botocore.exceptions import BotoCoreError, ClientError

    from layer.state.outputs import s3_client

    extra: dict[str, str] = {}
    if backend.get("kms_key_id"):  # the bootstrap bucket policy denies other keys
        extra = {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": str(backend["kms_key_id"])}
    try:
        s3_client(backend, env).put_object(
            Bucket=str(backend["bucket"]),
            Key=record_key(backend),
            Body=record.to_json().encode(),
            ContentType="application/json",
            **extra,
        )
    except (ClientError, BotoCoreError) as err:
        raise StateError(
            f"{record.layer}: {record.command} succeeded, but its run record could not be written "
            f"to s3://{backend['bucket']}/{record_key(backend)}: {err}",
            hint="the state is fine; `layer status` shows this layer as 'unknown' until the next apply",
        ) from None


def read_record(backend: Mapping[str, Any], env: Mapping[str, str]) -> RunRecord | None:
    from botocore.exceptions import BotoCoreError, ClientError

    from layer.hints import backend_hint
    from layer.state.outputs import s3_client

    try:
        body = s3_client(backend, env).get_object(Bucket=str(backend["bucket"]), Key=record_key(backend))["Body"]
        text = body.read()
    except ClientError as err:
        if err.response.get("Error", {}).get("Code", "") in ("NoSuchKey", "404", "NotFound", "NoSuchBucket"):
            return None  # no record (or no backend yet: the state read says so)
        raise StateError(f"cannot read s3://{backend['bucket']}/{record_key(backend)}: {err}") from None
    except BotoCoreError as err:  # no credentials, no endpoint: one error line, never a traceback
        raise StateError(
            f"cannot reach the state backend for s3://{backend['bucket']}/{record_key(backend)}: {err}",
            hint=backend_hint(backend, err),
        ) from None
    try:
        return RunRecord.from_json(text)
    except (ValueError, TypeError, KeyError):
        return None  # written by a newer or broken layer: treated as no record


# -- saved plans -------------------------------------------------------------------------------------------

PLAN_FILE = "tfplan"
PLAN_RECORD = "tfplan.layer.json"


@dataclass(frozen=True)
class PlanRecord:
    layer: str
    digests: Digests
    mocked: tuple[str, ...]
    has_changes: bool
    created_at: str

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> PlanRecord:
        data = json.loads(text)
        return cls(
            layer=data["layer"],
            digests=Digests(**data["digests"]),
            mocked=tuple(data["mocked"]),
            has_changes=bool(data["has_changes"]),
            created_at=data["created_at"],
        )
