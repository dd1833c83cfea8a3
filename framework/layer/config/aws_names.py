"""AWS names in config checked by AWS's rules, not only by a pattern: S3 bucket names and regions.

Where they are checked comes from the schemas: a value whose schema says `"format": "aws-region"` or
`"format": "s3-bucket"` (the top-level `region`, `backend.region`, `backend.bucket`,
`provider.aliases.*.region`, and whatever is schema'd so later). Regions are botocore's own list
(botocore/data/partitions.json, every partition: aws, aws-cn, aws-us-gov, the isolated ones).
"""

from __future__ import annotations

import difflib
import ipaddress
import json
import re
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from layer.config import schema
from layer.config.reader import KeyPath, Provenance, dotted, locate
from layer.errors import Location, SchemaError

REGION_FORMAT = "aws-region"
BUCKET_FORMAT = "s3-bucket"
_BUCKET_CHARS = re.compile(r"[a-z0-9.-]+")
_BUCKET_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_BUCKET_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3")
BUCKET_RULES = (
    "S3 bucket names: 3-63 characters of lowercase letters, digits, dots and hyphens; start and end with a "
    "letter or digit; no '..', '.-' or '-.'; not an IP address; not starting with xn--, sthree- or "
    "amzn-s3-demo-; not ending with -s3alias, --ol-s3, .mrap or --x-s3"
)


def bucket_problem(name: str) -> str | None:
    """Why `name` is not a valid S3 bucket name (general purpose buckets), or None."""
    if not 3 <= len(name) <= 63:
        return f"is {len(name)} characters long (3 to 63 allowed)"
    if _BUCKET_CHARS.fullmatch(name) is None:
        bad = sorted({c for c in name if not (c.islower() or c.isdigit() or c in ".-") or not c.isascii()})
        return "holds characters S3 does not allow: " + " ".join(repr(c) for c in bad)
    if not (name[0].isalnum() and name[-1].isalnum()):
        return "must start and end with a letter or a digit"
    for pair in ("..", ".-", "-."):
        if pair in name:
            return f"contains {pair!r}"
    if _is_ip_address(name):
        return "is formatted as an IP address"
    for prefix in _BUCKET_PREFIXES:
        if name.startswith(prefix):
            return f"starts with the reserved prefix {prefix!r}"
    for suffix in _BUCKET_SUFFIXES:
        if name.endswith(suffix):
            return f"ends with the reserved suffix {suffix!r}"
    return None


def _is_ip_address(name: str) -> bool:
    try:
        ipaddress.IPv4Address(name)
    except ValueError:
        return False
    return True


@cache
def _partitions() -> tuple[tuple[str, frozenset[str]], ...]:
    """(partition id, its regions) from botocore's data (no botocore import: reading the file is enough)."""
    import importlib.util

    spec = importlib.util.find_spec("botocore")
    if spec is None or spec.origin is None:
        return ()
    data = json.loads((Path(spec.origin).parent / "data" / "partitions.json").read_text())
    return tuple(
        (p["id"], frozenset(r for r in p.get("regions", {}) if not r.endswith("-global"))) for p in data["partitions"]
    )


def known_regions() -> frozenset[str]:
    return frozenset(r for _, regions in _partitions() for r in regions)


def partition_of(region: str) -> str | None:
    return next((pid for pid, regions in _partitions() if region in regions), None)


def region_problem(region: str) -> str | None:
    regions = known_regions()
    if not regions or region in regions:  # without botocore's list there is nothing to check against
        return None
    return "is not an AWS region"


def region_hint(region: str) -> str:
    guesses = difflib.get_close_matches(region, sorted(known_regions()), n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(repr(g) for g in guesses)}? " if guesses else ""
    return hint + "regions are botocore's list (e.g. ap-northeast-2, us-east-1); a new region needs a newer botocore"


_CHECKS = {REGION_FORMAT: region_problem, BUCKET_FORMAT: bucket_problem}


@cache
def format_paths(kind: str) -> tuple[tuple[KeyPath, str], ...]:
    """(key path pattern, format) of every value the kind's schema marks as a region or bucket; '*' is any key."""
    found: list[tuple[KeyPath, str]] = []

    def walk(node: Any, path: KeyPath) -> None:
        if not isinstance(node, Mapping) or len(path) > 8:
            return
        if node.get("format") in _CHECKS:
            found.append((path, node["format"]))
        for key, sub in node.get("properties", {}).items():
            walk(sub, (*path, key))
        if isinstance(node.get("additionalProperties"), Mapping):
            walk(node["additionalProperties"], (*path, "*"))

    walk(schema.schema_of(kind), ())
    return tuple(found)


def _values_at(data: Any, pattern: KeyPath, path: KeyPath = ()) -> Iterator[tuple[KeyPath, Any]]:
    if not pattern:
        yield path, data
        return
    if not isinstance(data, Mapping):
        return
    head, rest = pattern[0], pattern[1:]
    keys = list(data) if head == "*" else [head] if head in data else []
    for key in keys:
        yield from _values_at(data[key], rest, (*path, key))


Problem = tuple[KeyPath, str, str]  # (key path, message, hint)
_problems_cache: dict[tuple[str, str, str], tuple[Any, list[Problem]]] = {}


def check_names(
    data: Mapping[str, Any], provenance: Provenance, fallback: Path, kind: str = "layer"
) -> list[SchemaError]:
    """Every region and bucket name of a (schema-valid) config that AWS would refuse, at its file:line."""
    errors = []
    for top in _top_keys(kind):
        if top not in data:
            continue
        for key_path, message, hint in _problems_of(kind, top, data[top]):
            where = locate(provenance, key_path, fallback)
            errors.append(SchemaError(message, Location(where.path, where.line, dotted(key_path)), hint))
    return errors


@cache
def _top_keys(kind: str) -> tuple[str, ...]:
    return tuple(sorted({str(pattern[0]) for pattern, _ in format_paths(kind)}))


def _problems_of(kind: str, top: str, value: Any) -> list[Problem]:
    """The problems under one top-level key, once per distinct value (every layer below one _defaults.yaml
    holds the same backend, provider and region)."""
    cache_key = (kind, top, value if isinstance(value, str) else repr(value))
    cached = _problems_cache.get(cache_key)
    if cached is None:
        found = [
            problem
            for pattern, fmt in format_paths(kind)
            if pattern[0] == top
            for key_path, item in _values_at({top: value}, pattern)
            if (problem := _problem(key_path, item, fmt)) is not None
        ]
        cached = _problems_cache[cache_key] = (value, found)
    return cached[1]


def _problem(key_path: KeyPath, value: Any, fmt: str) -> Problem | None:
    if not isinstance(value, str) or "${" in value:
        return None
    problem = _CHECKS[fmt](value)
    if problem is None:
        return None
    hint = region_hint(value) if fmt == REGION_FORMAT else BUCKET_RULES
    return (key_path, f"{dotted(key_path)}: {value!r} {problem}", hint)
