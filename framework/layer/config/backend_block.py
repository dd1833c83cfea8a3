"""The S3 backend block a layer's work directory gets, and the state key in it.

Config-level: config/backends.py checks that no two layers share a location, terraform/generate.py writes
the block, and both need the one definition here (so neither imports back up the package's order,
docs/code-map.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from layer.config.model import Layer

__all__ = ["BACKEND_PASSTHROUGH", "BACKEND_SERVICES", "DEFAULT_KEY", "backend_config", "endpoints", "state_key"]

DEFAULT_KEY = "{path}/terraform.tfstate"
BACKEND_SERVICES = ("s3", "dynamodb", "sts", "iam")
BACKEND_PASSTHROUGH = (
    "encrypt",
    "kms_key_id",
    "dynamodb_table",
    "use_path_style",
    "skip_credentials_validation",
    "skip_requesting_account_id",
    "skip_metadata_api_check",
    "skip_region_validation",
    "skip_s3_checksum",
    "max_retries",
)


def state_key(layer: Layer) -> str:
    template = str(layer.config.get("backend", {}).get("key", DEFAULT_KEY))
    return template.format(
        path=layer.id,
        name=layer.name,
        environment=layer.config.get("environment", ""),
        region=layer.config.get("region", ""),
    )


def endpoints(settings: Mapping[str, Any], services: tuple[str, ...]) -> dict[str, str]:
    """Each service's endpoint: `endpoint_url` for all of them, then `endpoints` per service."""
    shared = settings.get("endpoint_url")
    found: dict[str, str] = dict.fromkeys(services, shared) if shared else {}
    found.update(settings.get("endpoints", {}))
    return found


def backend_config(layer: Layer) -> dict[str, Any]:
    raw = layer.config["backend"]
    config: dict[str, Any] = {
        "bucket": raw["bucket"],
        "key": state_key(layer),
        "region": raw.get("region", layer.config["region"]),
        "encrypt": raw.get("encrypt", True),
    }
    if "dynamodb_table" in raw:
        config["use_lockfile"] = bool(raw.get("use_lockfile", False))
    else:
        config["use_lockfile"] = bool(raw.get("use_lockfile", True))
    for key in BACKEND_PASSTHROUGH:
        if key in raw:
            config[key] = raw[key]
    service_endpoints = endpoints(raw, BACKEND_SERVICES)
    if service_endpoints:
        config["endpoints"] = service_endpoints
    if "role_arn" in raw:
        config["assume_role"] = {"role_arn": raw["role_arn"]}
    return config
