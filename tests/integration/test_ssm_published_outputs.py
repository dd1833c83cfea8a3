"""Issue 18: a platform layer publishes outputs to SSM (`publish:`), a layer of another repository reads
them with `${ssm:/PATH}` (never the platform's state): mocks before they exist (plan only), the real
values once published (typed: a list stays a list), a clean re-plan, and a changed parameter shows up.
Real Terraform, the aws provider and moto."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from layer.state.outputs import parse_state
from tests.integration.conftest import Moto, layer_cli, make_state_bucket

pytestmark = pytest.mark.integration

DEFAULTS = """
root: true
organisation: acme
environment: local
region: ap-northeast-2
tags: {{Owner: {owner}, CostCenter: cc-1}}
env:
  AWS_ACCESS_KEY_ID: test
  AWS_SECRET_ACCESS_KEY: test
backend:
  bucket: {bucket}
  key: "{prefix}{{path}}/terraform.tfstate"
  region: ap-northeast-2
  use_path_style: true
  endpoint_url: ${{env:LAYER_EMULATOR_URL}}
  skip_credentials_validation: true
  skip_requesting_account_id: true
  skip_metadata_api_check: true
  skip_region_validation: true
provider:
  endpoint_url: ${{env:LAYER_EMULATOR_URL}}
  max_retries: 2
  skip_credentials_validation: true
  skip_requesting_account_id: true
  skip_metadata_api_check: true
  skip_region_validation: true
"""

ECHO_MODULE = """
variable "vpc_id" {
  description = "A VPC id."
  type        = string
}

variable "subnet_ids" {
  description = "Subnet ids."
  type        = list(string)
}

output "vpc_id" {
  description = "The VPC id."
  value       = var.vpc_id
}

output "subnet_ids" {
  description = "The subnet ids."
  value       = var.subnet_ids
}
"""

SERVICE_LAYER = """
module: ../../../modules/echo
mock_ssm_parameters:
  /platform/local/network/vpc_id: vpc-mock
  /platform/local/network/subnet_ids: [subnet-mock]
inputs:
  vpc_id: ${ssm:/platform/local/network/vpc_id}
  subnet_ids: ${ssm:/platform/local/network/subnet_ids}
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"))


def make_repos(tmp_path: Path, bucket: str) -> tuple[Path, Path]:
    """Two repositories: the platform (network publishes vpc_id and subnet_ids) and a service."""
    platform, service = tmp_path / "platform", tmp_path / "svc-orders"
    for repo, owner, prefix in ((platform, "platform", ""), (service, "team-orders", "services/svc-orders/")):
        write(repo / "modules/echo/main.tf", ECHO_MODULE)
        write(repo / "live/_defaults.yaml", DEFAULTS.format(owner=owner, bucket=bucket, prefix=prefix))
    write(
        platform / "live/local/network/layer.yaml",
        """
        module: ../../../modules/echo
        publish: [vpc_id, subnet_ids]
        inputs:
          vpc_id: vpc-0abc
          subnet_ids: [subnet-1, subnet-2]
        """,
    )
    write(service / "live/local/app/layer.yaml", SERVICE_LAYER)
    return platform / "live/local/network", service / "live/local/app"


def test_published_outputs_reach_another_repository_through_ssm(own_moto: Moto, tmp_path: Path) -> None:
    moto = own_moto  # fixed /platform/local/... paths and resource names: an account of its own
    bucket = "ssm-published-state"
    make_state_bucket(moto, bucket)
    network, app = make_repos(tmp_path, bucket)
    env = {"LAYER_EMULATOR_URL": moto.url, "LAYER_WORK_DIR": str(tmp_path / "work")}
    ssm = moto.client("ssm")

    before = layer_cli(["plan", str(app)], env)
    assert before.returncode == 2, before.stdout[-3000:] + before.stderr
    assert "mock" in before.stdout + before.stderr
    refused = layer_cli(["apply", str(app), "--yes"], env)
    assert refused.returncode == 1
    assert "SSM parameter /platform/local/network/" in refused.stdout + refused.stderr
    assert "never uses mocks" in refused.stdout + refused.stderr

    published = layer_cli(["apply", str(network), "--yes"], env)
    assert published.returncode == 0, published.stdout[-3000:] + published.stderr
    stored = {
        p["Name"]: p["Value"]
        for p in ssm.get_parameters_by_path(Path="/platform/local/network")["Parameters"]  # type: ignore[attr-defined]
    }
    assert stored == {
        "/platform/local/network/vpc_id": "vpc-0abc",
        "/platform/local/network/subnet_ids": '["subnet-1","subnet-2"]',
    }

    replan = layer_cli(["plan", str(network)], env)
    assert replan.returncode == 0, replan.stdout[-3000:] + replan.stderr  # the published parameters re-plan clean

    applied = layer_cli(["apply", str(app), "--yes"], env)
    assert applied.returncode == 0, applied.stdout[-3000:] + applied.stderr
    s3 = moto.client("s3")
    key = "services/svc-orders/local/app/terraform.tfstate"  # the service repository's own state key
    body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()  # type: ignore[attr-defined]
    outputs = parse_state(bucket, "app", body).outputs
    assert outputs == {"vpc_id": "vpc-0abc", "subnet_ids": ["subnet-1", "subnet-2"]}

    clean = layer_cli(["plan", str(app)], env)
    assert clean.returncode == 0, clean.stdout[-3000:] + clean.stderr

    ssm.put_parameter(  # type: ignore[attr-defined]
        Name="/platform/local/network/subnet_ids", Value=json.dumps(["subnet-3"]), Type="String", Overwrite=True
    )
    changed = layer_cli(["plan", str(app)], env)
    assert changed.returncode == 2, changed.stdout[-3000:] + changed.stderr
    assert "subnet-3" in changed.stdout
