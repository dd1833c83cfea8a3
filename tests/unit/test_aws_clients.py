"""The one boto3 client factory (layer.state.aws_clients), for the state backend and for `${ssm:...}` reads:
a role is assumed as Terraform assumes it (session name, external ID), and a client is made once per
service, endpoint, role and credentials. Against moto's in-process STS, S3 and SSM."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from moto import mock_aws
from moto.sts.models import sts_backends

from layer.state.aws_clients import ClientSpec, client
from layer.state.outputs import dynamodb_client, s3_client

ROLE = "arn:aws:iam::111122223333:role/platform-terraform"


@pytest.fixture
def env() -> Iterator[dict[str, str]]:
    """Credentials of their own: no client another test made is reused."""
    with mock_aws():
        yield {"AWS_ACCESS_KEY_ID": f"AKIA{uuid.uuid4().hex[:16].upper()}", "AWS_SECRET_ACCESS_KEY": "test"}


def assumed_role(made: Any) -> Any:
    """What moto's STS recorded for the role whose credentials the client signs with."""
    access_key = made._request_signer._credentials.access_key
    for account in sts_backends.values():
        role = account["global"].get_assumed_role_from_access_key(access_key)
        if role is not None:
            return role
    raise AssertionError(f"no role was assumed for the client's key {access_key}")


def test_the_state_backends_role_is_assumed_with_its_session_name_and_external_id(env: dict[str, str]) -> None:
    role = {"role_arn": ROLE, "session_name": "ci-run-42", "external_id": "platform-ext"}
    backend = {"bucket": "b", "key": "k", "region": "ap-northeast-2", "assume_role": role}
    for made in (s3_client(backend, env), dynamodb_client(backend, env)):
        assumed = assumed_role(made)
        assert (assumed.session_name, assumed.external_id, assumed.role_arn) == ("ci-run-42", "platform-ext", ROLE)
    plain = {**backend, "assume_role": {"role_arn": ROLE}}
    assumed = assumed_role(s3_client(plain, env))
    assert (assumed.session_name, assumed.external_id) == ("layer-state-read", None)


def test_one_client_per_service_role_and_credentials(env: dict[str, str]) -> None:
    spec = ClientSpec("ssm", "ap-northeast-2")
    assert client(spec, env) is client(ClientSpec("ssm", "ap-northeast-2"), dict(env))
    assert client(spec, env) is not client(ClientSpec("s3", "ap-northeast-2"), env)
    assert client(spec, env) is not client(ClientSpec("ssm", "ap-northeast-2", role_arn=ROLE), env)
    other = {**env, "AWS_ACCESS_KEY_ID": env["AWS_ACCESS_KEY_ID"] + "X"}
    assert client(spec, env) is not client(spec, other)
    client(spec, env).put_parameter(Name="/platform/test/x", Value="1", Type="String")
    assert client(spec, env).get_parameter(Name="/platform/test/x")["Parameter"]["Value"] == "1"
