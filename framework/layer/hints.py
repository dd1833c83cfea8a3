"""Hints that fit the environment a layer runs in: AWS itself, a custom endpoint, or the local emulator.

A prod layer planned without credentials must hear about credentials, not about an emulator it never uses;
a live/local layer whose emulator is down must hear `layer emulator start`. The layer's backend settings
(its S3 endpoint, if any) say which environment it is; the error says what went wrong.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlparse

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "0.0.0.0")
CREDENTIAL_ERRORS = (
    "Unable to locate credentials",  # botocore NoCredentialsError
    "Partial credentials found",
    "The config profile",  # botocore ProfileNotFound: "The config profile (x) could not be found"
    "No valid credential sources found",  # the AWS provider and the S3 backend
    "failed to refresh cached credentials",
    "The security token included in the request is invalid",
    "ExpiredToken",
)
ANSI = re.compile(r"\x1b\[[0-9;]*m")
BOX_DRAWING = str.maketrans("│╷╵", "   ")  # the frame of Terraform's diagnostics on a terminal
SSM_PARAMETER_PATH = re.compile(r"SSM Parameter \((\S+?)\)")  # "creating SSM Parameter (/PATH): ..."
DIAGNOSTIC_ADDRESS = re.compile(r"\bwith (\S+?),")  # "with aws_ssm_parameter.publish_vpc_id,"
START_EMULATOR = (  # quoted by docs/troubleshooting.md
    "for live/local start the emulator: `layer emulator start` "
    "(another port: export LAYER_EMULATOR_URL=http://127.0.0.1:PORT)"
)


def s3_endpoint(backend: Mapping[str, Any]) -> str | None:
    endpoints = backend.get("endpoints")
    url = endpoints.get("s3") if isinstance(endpoints, Mapping) else None
    return str(url) if url else None


def is_local(url: str) -> bool:
    return (urlparse(url).hostname or "") in LOCAL_HOSTS


def is_credentials_problem(error: BaseException | str) -> bool:
    text = str(error)
    return type(error).__name__ in ("NoCredentialsError", "PartialCredentialsError", "ProfileNotFound") or any(
        marker in text for marker in CREDENTIAL_ERRORS
    )


def credentials_hint(backend: Mapping[str, Any]) -> str:
    region = backend.get("region", "the backend's region")
    return (
        f"no usable AWS credentials for {region}: sign in (`aws sso login --profile NAME`, then "
        "export AWS_PROFILE=NAME) or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; "
        "`aws sts get-caller-identity` shows who you are"
    )


def backend_hint(backend: Mapping[str, Any], error: BaseException | str) -> str:
    """What to do when the state backend of a layer cannot be read, for the environment it is in."""
    url = s3_endpoint(backend)
    local = url is not None and is_local(url)
    if is_credentials_problem(error) and not local:
        return credentials_hint(backend)
    if local:
        return f"nothing answers at {url}: {START_EMULATOR}"
    if url is not None:
        return f"is the endpoint {url} up and reachable from here?"
    return (
        "AWS did not answer: check the network (proxy, VPN) and that the region "
        f"{backend.get('region', '')} is right; then the credentials (`aws sts get-caller-identity`)"
    )


def unreachable_endpoint_hint(url: str) -> str:
    """preflight: a custom endpoint that refuses connections."""
    return START_EMULATOR if is_local(url) else f"is {url} up and reachable from here (network, VPN, proxy)?"


def terraform_hint(output: str, backend: Mapping[str, Any], layer_dir: str = "LAYER") -> str:
    """A hint for a failed Terraform step, when its output says something the environment explains
    (`layer_dir`: the layer's directory as a command line names it, for the commands the hint gives)."""
    existing = existing_parameter_hint(output, layer_dir)
    if existing:
        return existing
    if is_credentials_problem(output) and not (s3_endpoint(backend) and is_local(str(s3_endpoint(backend)))):
        return credentials_hint(backend)
    url = s3_endpoint(backend)
    if url and is_local(url) and ("connection refused" in output or "connect: connection refused" in output):
        return f"nothing answers at {url}: {START_EMULATOR}"
    return ""


def error_diagnostics(output: str) -> list[str]:
    """Each `Error:` diagnostic of Terraform's output on one line: colour and frame removed, white space
    (Terraform's wrapping too) folded."""
    text = ANSI.sub("", output).translate(BOX_DRAWING)
    return [" ".join(block.split()) for block in text.split("Error: ")[1:]]


def existing_parameter_hint(output: str, layer_dir: str) -> str:
    """An apply that failed because SSM parameters it creates exist already (ParameterAlreadyExists): for a
    `publish:` output, /platform/ENV/LAYER/OUTPUT held by another layer, an older run or a hand-made
    parameter. What happened, and the two ways out: import each into this layer, or delete the stale ones."""
    found = existing_parameters(output)
    if not found:
        return ""
    names = [name for name, _ in found]
    owner = "this layer publishes (publish:)" if all(".publish_" in a for _, a in found) else "this layer creates"
    where = shlex.quote(layer_dir)
    imports = "; ".join(
        f"`layer terraform {where} -- import {shlex.quote(address)} {shlex.quote(name)}`" for name, address in found
    )
    quoted = " ".join(shlex.quote(name) for name in names)
    delete = (
        f"aws ssm delete-parameter --name {quoted}"
        if len(names) == 1
        else f"aws ssm delete-parameters --names {quoted}"
    )
    return (
        f"SSM parameter {', '.join(names)}, which {owner}, exists already: another layer, an older run or a "
        f"hand-made parameter holds the path. If it is this layer's, import it ({imports}); if it is stale, "
        f"delete it (`{delete}`); then apply again"
    )


def existing_parameters(output: str) -> list[tuple[str, str]]:
    """(parameter path, resource address) of each ParameterAlreadyExists error in Terraform's output."""
    found: list[tuple[str, str]] = []
    for diagnostic in error_diagnostics(output):
        path = SSM_PARAMETER_PATH.search(diagnostic)
        if "ParameterAlreadyExists" not in diagnostic or path is None:
            continue
        address = DIAGNOSTIC_ADDRESS.search(diagnostic)
        found.append((path.group(1), address.group(1) if address else "ADDRESS"))
    return found
