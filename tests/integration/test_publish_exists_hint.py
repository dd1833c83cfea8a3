"""A `publish:` apply whose parameter exists already (ParameterAlreadyExists: here made by hand) fails with a
hint that names it, and the import command the hint gives, run as printed, takes the parameter into the
layer's state: the next apply succeeds and the parameter holds the layer's value. Real Terraform, the aws
provider and moto (an emulator of its own: the path is a fixed, account-wide name)."""

from __future__ import annotations

import re
import shlex
import textwrap
from pathlib import Path

import pytest

from tests.integration.conftest import Moto, layer_cli, make_state_bucket
from tests.integration.test_ssm_published_outputs import DEFAULTS, ECHO_MODULE

pytestmark = pytest.mark.integration

PATH = "/platform/local/network/vpc_id"
HINT_COMMAND = re.compile(r"`(layer terraform [^`]+ -- import [^`]+)`")


def network_layer(tmp_path: Path, bucket: str) -> Path:
    repo = tmp_path / "platform"
    files = {
        "modules/echo/main.tf": ECHO_MODULE,
        "live/_defaults.yaml": DEFAULTS.format(owner="platform", bucket=bucket, prefix=""),
        "live/local/network/layer.yaml": """
            module: ../../../modules/echo
            publish: [vpc_id]
            inputs:
              vpc_id: vpc-0abc
              subnet_ids: [subnet-1]
            """,
    }
    for rel, text in files.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(textwrap.dedent(text).lstrip("\n"))
    return repo / "live/local/network"


def test_the_hints_import_command_takes_an_existing_parameter_into_the_layer(own_moto: Moto, tmp_path: Path) -> None:
    bucket = "publish-exists-state"
    make_state_bucket(own_moto, bucket)
    network = network_layer(tmp_path, bucket)
    env = {"LAYER_EMULATOR_URL": own_moto.url, "LAYER_WORK_DIR": str(tmp_path / "work")}
    ssm = own_moto.client("ssm")
    ssm.put_parameter(Name=PATH, Value="vpc-by-hand", Type="String")  # type: ignore[attr-defined]

    refused = layer_cli(["apply", str(network), "--yes"], env)
    output = refused.stdout + refused.stderr
    assert refused.returncode == 1, output[-3000:]
    assert "ParameterAlreadyExists" in output and f"SSM parameter {PATH}, which this layer publishes" in output
    assert f"`aws ssm delete-parameter --name {PATH}`" in output
    command = HINT_COMMAND.search(output)
    assert command, output[-3000:]
    assert command.group(1).endswith(f"-- import aws_ssm_parameter.publish_vpc_id {PATH}")

    imported = layer_cli(shlex.split(command.group(1))[1:], env)  # as printed, `layer` being this one
    assert imported.returncode == 0, imported.stdout[-3000:] + imported.stderr

    applied = layer_cli(["apply", str(network), "--yes"], env)
    assert applied.returncode == 0, applied.stdout[-3000:] + applied.stderr
    assert ssm.get_parameter(Name=PATH)["Parameter"]["Value"] == "vpc-0abc"  # type: ignore[attr-defined]
