"""Every guardrails.rego rule against REAL plans: Terraform + the aws provider plan the small root modules
of tests/fixtures/policy/ against the moto emulator (deletion cases apply first), `terraform show -json`
turns the saved plan into the input, and regopy and `layer policy check` evaluate it. Each case yields
a plan that must be denied (by exactly the rules named) and one that must pass."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from layer.policy import PolicyEngine, PolicySettings, find_policy_dir, load_policies, read_plan
from layer.terraform.cliconfig import write_cli_config
from tests.integration.conftest import LAYER_BIN, Moto

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "policy"
POLICIES = load_policies(find_policy_dir(start=Path(__file__).parent))


def _provider(url: str, environment: str) -> dict[str, object]:
    return {
        "provider": {
            "aws": {
                "region": "ap-northeast-2",
                "access_key": "test",
                "secret_key": "test",
                "s3_use_path_style": True,
                "skip_credentials_validation": True,
                "skip_requesting_account_id": True,
                "skip_metadata_api_check": True,
                "skip_region_validation": True,
                "max_retries": 3,
                "default_tags": {"tags": {"Environment": environment}},
                "endpoints": [{s: url for s in ("ec2", "iam", "kms", "rds", "s3", "ssm", "sts")}],
            }
        }
    }


class Root:
    """A copy of one fixture root module, with a provider block pointed at the emulator."""

    def __init__(self, case: str, tmp_path: Path, moto: Moto, environment: str = "local") -> None:
        self.dir = tmp_path / case
        shutil.copytree(FIXTURES / case, self.dir)
        (self.dir / "provider.tf.json").write_text(json.dumps(_provider(moto.url, environment)))
        self.env = {
            **os.environ,
            "TF_CLI_CONFIG_FILE": str(write_cli_config(tmp_path / ".layer")),
            "TF_IN_AUTOMATION": "1",
            "GOGC": "400",
        }
        self.terraform("init", "-input=false", "-backend=false")

    def terraform(self, *args: str) -> str:
        done = subprocess.run(
            ["terraform", *args], cwd=self.dir, env=self.env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, f"terraform {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def plan_json(self, name: str, *args: str) -> Path:
        self.terraform("plan", "-input=false", "-lock=false", f"-out={name}.tfplan", *args)
        path = self.dir / f"{name}.json"
        path.write_text(self.terraform("show", "-json", f"{name}.tfplan"))
        return path


def rules_of(plan: Path, settings: PolicySettings | None = None) -> set[str]:
    result = PolicyEngine(POLICIES, settings).evaluate(read_plan(plan), str(plan))
    return {v.rule for v in result.failures}


def policy_check(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([LAYER_BIN, "policy", "check", *map(str, args)], capture_output=True, text=True, check=False)


CREATE_CASES = {
    "s3_public": {"s3_public_acl", "s3_public_access_block", "s3_public_policy"},
    "encryption": {"ebs_unencrypted", "rds_unencrypted", "s3_unencrypted"},
    "iam_wildcard": {"iam_wildcard"},
    "sg_open": {"sg_open_to_world"},
}


@pytest.mark.parametrize("case", sorted(CREATE_CASES))
def test_created_resources_denied_and_passed(case: str, moto: Moto, tmp_path: Path) -> None:
    root = Root(case, tmp_path, moto)
    denied = root.plan_json("denied", "-var=compliant=false")
    passed = root.plan_json("passed", "-var=compliant=true")

    assert rules_of(denied) == CREATE_CASES[case]
    assert rules_of(passed) == set()
    cli = policy_check(denied, passed)
    assert cli.returncode == 1, cli.stdout + cli.stderr
    assert f"PASS {passed}" in cli.stdout
    for rule in CREATE_CASES[case]:
        assert f"FAIL {denied}: [{rule}] " in cli.stdout


def test_state_bucket_and_kms_key_deletion(moto: Moto, tmp_path: Path) -> None:
    root = Root("state_kms", tmp_path, moto)
    root.terraform("apply", "-input=false", "-auto-approve", "-lock=false")
    updated = root.plan_json("updated", "-var=generation=2")
    destroyed = root.plan_json("destroyed", "-destroy")

    assert rules_of(updated) == set()
    assert rules_of(destroyed) == {"state_bucket_delete", "kms_key_delete"}
    result = PolicyEngine(POLICIES).evaluate(read_plan(destroyed), "destroyed")
    assert {v.address for v in result.failures} == {"aws_s3_bucket.state", "aws_kms_key.state"}
    assert policy_check(updated).returncode == 0
    assert policy_check(destroyed).returncode == 1


def test_prod_mass_destroy_needs_the_override(moto: Moto, tmp_path: Path) -> None:
    root = Root("prod_destroy", tmp_path, moto, environment="prod")
    root.terraform("apply", "-input=false", "-auto-approve", "-lock=false")
    destroyed = root.plan_json("destroyed", "-destroy")

    assert rules_of(destroyed) == {"prod_mass_destroy"}
    assert rules_of(destroyed, PolicySettings(override=True)) == set()
    assert rules_of(destroyed, PolicySettings(environment="dev")) == set()
    assert rules_of(destroyed, PolicySettings(data={"guardrails": {"max_prod_destroys": 6}})) == set()
    assert policy_check(destroyed).returncode == 1
    assert policy_check(destroyed, "--allow-destroy").returncode == 0
