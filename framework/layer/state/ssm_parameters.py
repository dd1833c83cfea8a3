"""The SSM parameters a layer's `${ssm:/PATH}` references name, read when the layer runs (config/ssm.py).

They are read like a dependency's state (state/outputs.py): once, with boto3, before Terraform starts, as
the layer's provider reaches AWS (region, `provider.endpoint_url`/`endpoints.ssm`, `provider.assume_role`,
the layer's `env` credentials). The values go into the generated root as literals, so a parameter that
changes after a plan makes that saved plan stale. A missing parameter takes its value from
`mock_ssm_parameters` in init, validate and plan; apply never uses a mock.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Mapping
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from layer.config import ssm
from layer.config.model import Layer
from layer.config.reader import KeyPath
from layer.errors import LayerError

BATCH = 10  # GetParameters takes at most ten names


class ParameterError(LayerError):
    """An SSM parameter that a `${ssm:...}` reference names could not be read, or does not exist."""


_clients: dict[str, Any] = {}
_clients_lock = threading.Lock()


def references_of(layer: Layer) -> dict[str, KeyPath]:
    """Parameter path -> the key path of its first reference in the layer's inputs."""
    found: dict[str, KeyPath] = {}
    for key_path, path in ssm.parameter_paths(layer.inputs, ("inputs",)):
        found.setdefault(path, key_path)
    return found


def read_parameters(
    layer: Layer, env: Mapping[str, str], allow_mocks: bool, command: str
) -> tuple[dict[str, Any], list[str]]:
    """The (decoded) value of every parameter the layer's inputs reference, and the mocked ones as
    `ssm:/PATH`. ParameterError, located at the reference, when one is missing and has no usable mock."""
    wanted = references_of(layer)
    if not wanted:
        return {}, []
    settings = provider_settings(layer)
    found = _fetch(settings, env, sorted(wanted), layer)
    values: dict[str, Any] = {path: ssm.decode(text) for path, text in found.items()}
    mocked: list[str] = []
    mocks = layer.config.get(ssm.MOCKS_KEY) or {}
    for path, key_path in sorted(wanted.items()):
        if path in found:
            continue
        if allow_mocks and path in mocks:
            values[path] = mocks[path]
            mocked.append(f"ssm:{path}")
            continue
        raise _missing(layer, path, key_path, allow_mocks, command)
    return values, mocked


def _missing(layer: Layer, path: str, key_path: KeyPath, allow_mocks: bool, command: str) -> ParameterError:
    publish = "the platform publishes it: `publish: [OUTPUT]` in its layer, applied"
    if allow_mocks:
        return ParameterError(
            f"SSM parameter {path} does not exist (region {layer.config.get('region')}) and "
            f"{ssm.MOCKS_KEY} has no value for it",
            layer.location(key_path),
            f"check the path; {publish}; or, for plans before it exists, add "
            f"{ssm.MOCKS_KEY}: {{{path}: VALUE}} to the layer or a _defaults.yaml above it",
        )
    return ParameterError(
        f"SSM parameter {path} does not exist (region {layer.config.get('region')}); {command} never uses mocks",
        layer.location(key_path),
        f"check the path; {publish} before this layer",
    )


def provider_settings(layer: Layer) -> dict[str, Any]:
    """What the client needs of the layer's provider settings: region, SSM endpoint, role."""
    provider = layer.config.get("provider") or {}
    endpoints = provider.get("endpoints") or {}
    return {
        "region": layer.config.get("region"),
        "endpoint": endpoints.get("ssm") or provider.get("endpoint_url"),
        "sts_endpoint": endpoints.get("sts") or provider.get("endpoint_url"),
        "assume_role": provider.get("assume_role") or {},
    }


def _fetch(settings: Mapping[str, Any], env: Mapping[str, str], paths: list[str], layer: Layer) -> dict[str, str]:
    found: dict[str, str] = {}
    try:
        client = _client(settings, env)
        for batch in _batches(paths):
            answer = client.get_parameters(Names=batch, WithDecryption=True)
            found.update({str(p["Name"]): str(p["Value"]) for p in answer.get("Parameters", [])})
    except (ClientError, BotoCoreError) as err:
        raise ParameterError(
            f"cannot read SSM parameters {', '.join(paths)}: {err}",
            layer.location(("inputs",)),
            "the layer's provider credentials need ssm:GetParameters on them (and kms:Decrypt for a "
            "SecureString); is the endpoint up? For live/local: `layer emulator start`",
        ) from None
    return found


def _batches(paths: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(paths), BATCH):
        yield paths[start : start + BATCH]


def _client(settings: Mapping[str, Any], env: Mapping[str, str]) -> Any:
    """One client per region, endpoint, role and credentials for the process."""
    key = json.dumps(
        [settings, [env.get(k) for k in ("AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_SESSION_TOKEN")]],
        sort_keys=True,
        default=str,
    )
    with _clients_lock:
        if key not in _clients:
            _clients[key] = _new_client(settings, env)
        return _clients[key]


def _new_client(settings: Mapping[str, Any], env: Mapping[str, str]) -> Any:
    import boto3  # on first use: it costs a quarter of a second at start-up
    from botocore.config import Config

    session = boto3.session.Session(
        aws_access_key_id=env.get("AWS_ACCESS_KEY_ID"),
        aws_secret_access_key=env.get("AWS_SECRET_ACCESS_KEY"),
        aws_session_token=env.get("AWS_SESSION_TOKEN"),
        profile_name=env.get("AWS_PROFILE"),
        region_name=settings["region"],
    )
    role = settings["assume_role"]
    endpoint = settings["endpoint"]
    if role.get("role_arn"):
        sts = session.client("sts", endpoint_url=settings["sts_endpoint"])
        extra = {"ExternalId": role["external_id"]} if role.get("external_id") else {}
        creds = sts.assume_role(
            RoleArn=role["role_arn"], RoleSessionName=role.get("session_name") or "layer-ssm-read", **extra
        )["Credentials"]
        session = boto3.session.Session(
            aws_access_key_id=creds["AccessKeyId"],
            aws_secret_access_key=creds["SecretAccessKey"],
            aws_session_token=creds["SessionToken"],
            region_name=settings["region"],
        )
    config = Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=5, read_timeout=30)
    return session.client("ssm", endpoint_url=endpoint, config=config)
