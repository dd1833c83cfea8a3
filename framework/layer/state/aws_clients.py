"""The one way `layer` makes a boto3 client: for the state backend (S3, the DynamoDB lock table; outputs.py)
and for the SSM parameters a layer reads (ssm_parameters.py).

One client per service, region, endpoint, role and credentials for the process: creating a boto3 client
loads the service model (about 0.1 s), far more than one GET. Credentials come from the layer's `env` (keys
or a profile); a role (`assume_role`: role_arn, session_name, external_id) is assumed through STS first,
as Terraform assumes it.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

Service = Literal["s3", "dynamodb", "ssm"]
CREDENTIAL_VARIABLES = ("AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_SESSION_TOKEN")  # one identity from another


@dataclass(frozen=True)
class ClientSpec:
    service: Service
    region: str | None
    endpoint: str | None = None  # a custom endpoint (the emulator, a VPC endpoint); None: AWS's
    sts_endpoint: str | None = None
    role_arn: str | None = None
    session_name: str = "layer"
    external_id: str | None = None
    path_style: bool = False  # S3: path-style addressing (bucket in the path, not the host name)


def role_settings(assume_role: Mapping[str, Any] | None, default_session_name: str) -> dict[str, Any]:
    """ClientSpec's role fields from an `assume_role` block of the tree (backend or provider)."""
    role = assume_role or {}
    return {
        "role_arn": role.get("role_arn") or None,
        "session_name": role.get("session_name") or default_session_name,
        "external_id": role.get("external_id") or None,
    }


_clients: dict[tuple[ClientSpec, tuple[str | None, ...]], Any] = {}
_clients_lock = threading.Lock()


def client(spec: ClientSpec, env: Mapping[str, str]) -> Any:
    """The process's client for `spec` and the credentials in `env`, made on first use."""
    key = (spec, tuple(env.get(name) for name in CREDENTIAL_VARIABLES))
    with _clients_lock:
        if key not in _clients:
            _clients[key] = _new_client(spec, env)
        return _clients[key]


def _new_client(spec: ClientSpec, env: Mapping[str, str]) -> Any:
    import boto3  # imported on first use: it costs a quarter of a second at start-up
    from botocore.config import Config

    session = boto3.session.Session(
        aws_access_key_id=env.get("AWS_ACCESS_KEY_ID"),
        aws_secret_access_key=env.get("AWS_SECRET_ACCESS_KEY"),
        aws_session_token=env.get("AWS_SESSION_TOKEN"),
        profile_name=env.get("AWS_PROFILE"),
        region_name=spec.region,
    )
    if spec.role_arn:
        sts = session.client("sts", endpoint_url=spec.sts_endpoint)
        extra = {"ExternalId": spec.external_id} if spec.external_id else {}
        creds = sts.assume_role(RoleArn=spec.role_arn, RoleSessionName=spec.session_name, **extra)["Credentials"]
        session = boto3.session.Session(
            aws_access_key_id=creds["AccessKeyId"],
            aws_secret_access_key=creds["SecretAccessKey"],
            aws_session_token=creds["SessionToken"],
            region_name=spec.region,
        )
    config = Config(
        retries={"max_attempts": 3, "mode": "standard"},
        connect_timeout=5,
        read_timeout=30,
        s3={"addressing_style": "path" if spec.path_style else "auto"},
    )
    return session.client(spec.service, endpoint_url=spec.endpoint, config=config)
