"""Issue 18: templates/service-repo works end to end on the emulator. A service repository is created from
the template in a temporary directory, pointed at a local platform whose published outputs are in moto's
SSM (/platform/local/...), validated, applied (an ECS service on the shared cluster, registered with a
target group behind a rule on the shared load balancer's listener) and re-planned clean. The repository
never reads the platform's state: only SSM. Real Terraform, the aws provider and moto."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from layer.config import ssm
from tests.conftest import ROOT
from tests.integration.conftest import Moto, layer_cli, make_state_bucket

pytestmark = pytest.mark.integration

TEMPLATE = ROOT / "templates/service-repo"
PLATFORM_MODULE = re.compile(r"git::https://github\.com/connectly/platform\.git//modules/([a-z0-9-]+)\?ref=[^\s]+")

LOCAL_DEFAULTS = """
# The service against the platform's local emulator (make demo): moto's account, a state bucket there.
environment: local
account_id: "123456789012"
env:
  AWS_ACCESS_KEY_ID: test
  AWS_SECRET_ACCESS_KEY: test
backend:
  bucket: {bucket}
  region: ap-northeast-2
  key: "services/svc-orders/{{path}}/terraform.tfstate"
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
# What moto lacks (docs/emulator.md): the log group class is not returned (every plan would replace the
# group), and Application Auto Scaling is not among the provider's emulator endpoints.
EMULATOR_INPUTS = {"cloudwatch_log_group_class": None, "enable_autoscaling": False}


def local_platform(moto: Moto) -> dict[str, Any]:
    """The platform's resources a service uses, created directly in moto, and the outputs its layers
    publish (network, kms, services), as `publish:` writes them."""
    ec2, elbv2 = moto.client("ec2"), moto.client("elbv2")
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]  # type: ignore[attr-defined]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.20.{i}.0/24", AvailabilityZone=f"ap-northeast-2{az}")[  # type: ignore[attr-defined]
            "Subnet"
        ]["SubnetId"]
        for i, az in ((1, "a"), (2, "b"))
    ]
    balancer = elbv2.create_load_balancer(Name="connectly-local-services", Subnets=subnets, Scheme="internal")  # type: ignore[attr-defined]
    listener = elbv2.create_listener(  # type: ignore[attr-defined]
        LoadBalancerArn=balancer["LoadBalancers"][0]["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}],
    )["Listeners"][0]["ListenerArn"]
    cluster = moto.client("ecs").create_cluster(clusterName="connectly-local-services")["cluster"]["clusterArn"]  # type: ignore[attr-defined]
    key = moto.client("kms").create_key(Description="logs")["KeyMetadata"]["Arn"]  # type: ignore[attr-defined]
    repository = moto.client("ecr").create_repository(repositoryName="svc-orders")["repository"]["repositoryUri"]  # type: ignore[attr-defined]
    return {
        "/platform/local/network/vpc_id": vpc,
        "/platform/local/network/private_subnet_ids": subnets,
        "/platform/local/network/vpc_cidr_block": "10.20.0.0/16",
        "/platform/local/kms/key_arns": {"logs": key, "ecr": key},
        "/platform/local/services/cluster_arn": cluster,
        "/platform/local/services/https_listener_arn": listener,
        "/platform/local/services/repository_urls": {"svc-orders": repository},
    }


def publish(moto: Moto, outputs: dict[str, Any]) -> None:
    client = moto.client("ssm")
    for path, value in outputs.items():
        client.put_parameter(Name=path, Value=ssm.encode(value), Type="String", Overwrite=True)  # type: ignore[attr-defined]


def service_repository(tmp_path: Path, bucket: str) -> Path:
    """The template copied as a new repository, with a `local` environment made from its `prod` one:
    platform paths /platform/local/..., the platform's modules from this clone (git, at its HEAD commit)
    instead of GitHub at the release tag."""
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    repo = tmp_path / "svc-orders"
    shutil.copytree(TEMPLATE, repo, ignore=shutil.ignore_patterns(".layer"))
    prod, local = repo / "live/prod", repo / "live/local"
    (local).mkdir()
    (local / "_defaults.yaml").write_text(LOCAL_DEFAULTS.format(bucket=bucket).lstrip())
    for source in prod.rglob("layer.yaml"):
        target = local / source.relative_to(prod)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = PLATFORM_MODULE.sub(
            lambda m: f"git::file://{ROOT}//modules/{m.group(1)}?ref={commit}", source.read_text()
        )
        target.write_text(text.replace("/platform/prod/", "/platform/local/"))
    shutil.copy(prod / "ap-northeast-2/_defaults.yaml", local / "ap-northeast-2/_defaults.yaml")
    service = local / "ap-northeast-2/service/layer.yaml"
    config = yaml.safe_load(service.read_text())
    config["inputs"].update(EMULATOR_INPUTS)
    service.write_text(yaml.safe_dump(config, sort_keys=False))
    return repo


def test_service_repository_from_the_template_deploys_on_the_local_platform(own_moto: Moto, tmp_path: Path) -> None:
    moto = own_moto  # fixed /platform/local/... paths and resource names: an account of its own
    bucket = "svc-orders-state"
    make_state_bucket(moto, bucket)
    outputs = local_platform(moto)
    publish(moto, outputs)
    repo = service_repository(tmp_path, bucket)
    env = {"LAYER_EMULATOR_URL": moto.url, "LAYER_WORK_DIR": str(tmp_path / "work")}

    validated = layer_cli(["validate", "live"], env, cwd=repo)
    assert validated.returncode == 0, validated.stdout + validated.stderr

    applied = layer_cli(["run-all", "apply", "live/local", "--yes"], env, cwd=repo)
    assert applied.returncode == 0, applied.stdout[-4000:] + applied.stderr
    assert "mock" not in applied.stdout.lower()

    ecs = moto.client("ecs")
    cluster = outputs["/platform/local/services/cluster_arn"]
    described = ecs.describe_services(cluster=cluster, services=["svc-orders"])["services"]  # type: ignore[attr-defined]
    assert len(described) == 1 and described[0]["status"] == "ACTIVE"
    target_group = described[0]["loadBalancers"][0]["targetGroupArn"]
    rules = moto.client("elbv2").describe_rules(ListenerArn=outputs["/platform/local/services/https_listener_arn"])  # type: ignore[attr-defined]
    forwarded = [a["TargetGroupArn"] for r in rules["Rules"] for a in r["Actions"] if a["Type"] == "forward"]
    assert forwarded == [target_group], "the shared listener forwards the service's host to its target group"
    task = ecs.describe_task_definition(taskDefinition=described[0]["taskDefinition"])["taskDefinition"]  # type: ignore[attr-defined]
    image = task["containerDefinitions"][0]["image"]
    assert image.startswith(outputs["/platform/local/services/repository_urls"]["svc-orders"] + "@sha256:")

    replan = layer_cli(["run-all", "plan", "live/local"], env, cwd=repo)
    assert replan.returncode == 0, replan.stdout[-4000:] + replan.stderr
