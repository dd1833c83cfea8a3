"""The SSM parameters a layer's `${ssm:/PATH}` references name, read when the layer runs (config/ssm.py).

They are read like a dependency's state (state/outputs.py): once, with boto3, before Terraform starts, as
the layer's provider reaches AWS (region, `provider.endpoint_url`/`endpoints.ssm`, `provider.assume_role`,
the layer's `env` credentials). The values go into the generated root as literals, so a parameter that
changes after a plan makes that saved plan stale. A missing parameter takes its value from
`mock_ssm_parameters` in init, validate and plan; apply never uses a mock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from layer.config import ssm
from layer.config.model import Layer
from layer.config.reader import KeyPath
from layer.errors import LayerError
from layer.state.aws_clients import ClientSpec, client, role_settings

BATCH = 10  # GetParameters takes at most ten names


class ParameterError(LayerError):
    """An SSM parameter that a `${ssm:...}` reference names could not be read, or does not exist."""


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
    found = _fetch(ssm_client_spec(layer), env, sorted(wanted), layer)
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


def ssm_client_spec(layer: Layer) -> ClientSpec:
    """The SSM client the layer's provider settings make: region, SSM endpoint, role."""
    provider = layer.config.get("provider") or {}
    endpoints = provider.get("endpoints") or {}
    return ClientSpec(
        "ssm",
        layer.config.get("region"),
        endpoint=endpoints.get("ssm") or provider.get("endpoint_url"),
        sts_endpoint=endpoints.get("sts") or provider.get("endpoint_url"),
        **role_settings(provider.get("assume_role"), "layer-ssm-read"),
    )


def _fetch(spec: ClientSpec, env: Mapping[str, str], paths: list[str], layer: Layer) -> dict[str, str]:
    found: dict[str, str] = {}
    try:
        ssm_client = client(spec, env)
        for batch in _batches(paths):
            answer = ssm_client.get_parameters(Names=batch, WithDecryption=True)
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
