"""Secrets are never in clear text: not in any output, log, report, run record, state or saved plan.

Every local layer that handles a secret is applied on its own emulator with the layers it depends on:
`secrets` (generated values: Secrets Manager's GetRandomPassword through an ephemeral resource into the
write-only secret_string_wo) and `shared-data` (RDS keeps and rotates the master password itself,
manage_master_user_password). The real values are then read back from the emulator's Secrets Manager with
boto3, every version of every secret, and searched for in everything layer and Terraform left behind. Then
the Atlantis flow: a new generated value is planned (`layer plan`, the saved plan shown with
`terraform show`) and applied with `apply --saved-plan`, and the search runs again with the new value.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import boto3
import pytest

from tests.conftest import ROOT
from tests.integration.conftest import Moto, layer_cli

pytestmark = pytest.mark.integration
REGION = "ap-northeast-2"
LAYERS = ("network", "kms", "secrets", "shared-data")  # the two that handle secrets and what they need
STATE_BUCKET = "local-connectly-state"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """live/local and the modules copied (so a test can raise a secret's generate.version)."""
    if not (ROOT / "modules/secrets/functions/build/postgres-single-user.zip").is_file():
        subprocess.run([sys.executable, str(ROOT / "modules/secrets/functions/build.py")], check=True)
    (tmp_path / "repo/live").mkdir(parents=True)
    shutil.copy(ROOT / "live/_defaults.yaml", tmp_path / "repo/live/_defaults.yaml")
    shutil.copytree(ROOT / "live/local", tmp_path / "repo/live/local")
    skipped = shutil.ignore_patterns(".terraform", ".terraform.lock.hcl", "__pycache__")
    for directory in ("modules", "bootstrap"):  # modules must be inside the repository
        shutil.copytree(ROOT / directory, tmp_path / "repo" / directory, ignore=skipped)
    return tmp_path / "repo/live/local"


class Evidence:
    """Everything a person, a CI log or a pull request could see, gathered as text."""

    def __init__(self, moto: Moto, work: Path) -> None:
        self.moto = moto
        self.work = work
        self.texts: dict[str, str] = {}

    def add(self, name: str, text: str) -> None:
        self.texts[name] = text

    def command(self, name: str, run: subprocess.CompletedProcess[str]) -> None:
        self.add(f"{name} (stdout)", run.stdout)
        self.add(f"{name} (stderr)", run.stderr)

    def files(self, directory: Path, pattern: str) -> None:
        for path in sorted(directory.rglob(pattern)):
            if path.is_file():
                self.add(str(path), path.read_text(errors="replace"))

    def bucket(self) -> None:
        """Run records (`<key>.layer.json`) and state objects, every version."""
        s3 = self.moto.client("s3")
        listing = s3.list_object_versions(Bucket=STATE_BUCKET)  # type: ignore[attr-defined]
        for version in listing.get("Versions", []):
            body = s3.get_object(  # type: ignore[attr-defined]
                Bucket=STATE_BUCKET, Key=version["Key"], VersionId=version["VersionId"]
            )["Body"].read()
            self.add(f"s3://{STATE_BUCKET}/{version['Key']}?versionId={version['VersionId']}", body.decode())

    def saved_plans(self, env: dict[str, str]) -> int:
        """`terraform show` (text and JSON) of every saved plan, as a reviewer or Atlantis would run it."""
        config = next(self.work.rglob("terraformrc"), None)
        plans = sorted(self.work.rglob("tfplan"))
        for plan in plans:
            tf_env = {**os.environ, **env, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}
            if config is not None:
                tf_env["TF_CLI_CONFIG_FILE"] = str(config)
            for args in (["show", "-no-color", "tfplan"], ["show", "-json", "tfplan"]):
                shown = subprocess.run(
                    ["terraform", *args], cwd=plan.parent, env=tf_env, capture_output=True, text=True, timeout=300
                )
                assert shown.returncode == 0, shown.stderr
                self.add(f"terraform {' '.join(args)} in {plan.parent}", shown.stdout)
        return len(plans)

    def leaks(self, secrets: dict[str, str]) -> list[str]:
        return [
            f"{name} is in {where}"
            for name, value in secrets.items()
            for where, text in self.texts.items()
            if value in text
        ]


def report_args(directory: Path, name: str) -> list[str]:
    return ["--json", str(directory / f"{name}.json"), "--markdown", str(directory / f"{name}.md")]


def secret_values(moto: Moto) -> dict[str, str]:
    """Every stored value of every secret on the emulator, and the password inside JSON ones, by a readable
    name. (A version without a value, such as the one moto's failed rotation leaves, is skipped.)"""
    client = boto3.client(
        "secretsmanager", endpoint_url=moto.url, region_name=REGION, aws_access_key_id="t", aws_secret_access_key="t"
    )
    found: dict[str, str] = {}
    for secret in client.list_secrets()["SecretList"]:
        versions = client.list_secret_version_ids(SecretId=secret["ARN"], IncludeDeprecated=True)["Versions"]
        for version in versions:
            try:
                value = client.get_secret_value(SecretId=secret["ARN"], VersionId=version["VersionId"])
            except client.exceptions.ResourceNotFoundException:
                continue
            name = f"{secret['Name']} version {version['VersionId']} {version.get('VersionStages', [])}"
            found[name] = value["SecretString"]
            if value["SecretString"].startswith("{"):
                found[f"{name} password"] = json.loads(value["SecretString"])["password"]
    return found


def test_no_secret_value_in_any_output_log_report_record_state_or_saved_plan(
    own_moto: Moto, tree: Path, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    env = {"LAYER_EMULATOR_URL": own_moto.url, "LAYER_WORK_DIR": str(work), "LAYER_ACTOR": "leak-test"}
    evidence = Evidence(own_moto, work)
    reports = tmp_path / "reports"
    include = [arg for name in LAYERS for arg in ("--include", f"local/{REGION}/{name}")]

    boot = layer_cli(["bootstrap", str(tree)], env, timeout=900)
    assert boot.returncode == 0, boot.stdout[-3000:] + boot.stderr[-3000:]
    evidence.command("bootstrap", boot)

    apply = layer_cli(
        ["run-all", "apply", str(tree), *include, "--yes", *report_args(reports, "apply")],
        env,
        timeout=1800,
    )
    assert apply.returncode == 0, apply.stdout[-4000:] + apply.stderr[-3000:]
    evidence.command("run-all apply", apply)

    replan = layer_cli(
        ["run-all", "plan", str(tree), *include, *report_args(reports, "plan")],
        env,
        timeout=1200,
    )
    assert replan.returncode == 0, "a clean re-plan: " + replan.stdout[-4000:] + replan.stderr[-3000:]
    evidence.command("run-all plan", replan)
    for name in LAYERS:
        shown = layer_cli(["output", str(tree / REGION / name), "--json"], env)
        assert shown.returncode == 0, shown.stderr
        evidence.command(f"output {name}", shown)

    # The Atlantis flow: a new value for the Redis token, planned, reviewed from the saved plan, applied.
    secrets_yaml = tree / REGION / "secrets/layer.yaml"
    raised = "        exclude_punctuation: true\n        version: 2\n"
    secrets_yaml.write_text(secrets_yaml.read_text().replace("        exclude_punctuation: true\n", raised, 1))
    plan = layer_cli(
        ["plan", str(tree / REGION / "secrets"), *report_args(reports, "pr-plan")],
        env,
        timeout=900,
    )
    assert plan.returncode == 2, plan.stdout[-4000:] + plan.stderr[-3000:]
    evidence.command("plan secrets (atlantis plan)", plan)
    assert evidence.saved_plans(env) >= 1, "the saved plan is shown"
    saved = layer_cli(["apply", str(tree / REGION / "secrets"), "--saved-plan", "--yes"], env, timeout=900)
    assert saved.returncode == 0, saved.stdout[-4000:] + saved.stderr[-3000:]
    evidence.command("apply --saved-plan secrets (atlantis apply)", saved)

    evidence.files(work, "*.log")
    evidence.files(work, "*.json")
    evidence.files(reports, "*")
    evidence.bucket()

    values = secret_values(own_moto)
    redis = [value for name, value in values.items() if "shared-redis-auth" in name and not name.endswith("password")]
    assert len(redis) >= 2 and all(len(value) == 64 for value in redis), f"first and new Redis token: {list(values)}"
    assert any(name.startswith("connectly-local/shared-postgres-app") for name in values), "app credentials"
    assert any(name.startswith("rds!db-") for name in values), "the master password RDS keeps (moto: a fixed one)"
    assert any("/secrets/terraform.tfstate.layer.json" in key for key in evidence.texts), "run records read"
    assert any("/secrets/terraform.tfstate?" in key for key in evidence.texts), "states read"
    assert any("logs/apply.log" in key for key in evidence.texts), "apply logs read"

    assert evidence.leaks(values) == []


def test_the_secrets_module_generates_values_on_the_emulator(moto: Moto, tmp_path: Path) -> None:
    """modules/secrets/tests/emulator: what the offline module tests cannot run (mock providers reject
    ephemeral resources): plan, apply and the values read back (length, characters, template)."""
    kms = moto.client("kms")
    key_arn = kms.create_key(Description="secrets module test")["KeyMetadata"]["Arn"]  # type: ignore[attr-defined]
    module = ROOT / "modules/secrets"
    env = {
        **os.environ,
        "TF_DATA_DIR": str(tmp_path / "tf-data"),
        "TF_CLI_CONFIG_FILE": str(ROOT / "tests/fixtures/faults/.layer/terraformrc"),
        "AWS_ENDPOINT_URL": moto.url,
    }
    if os.environ.get("LAYER_PROVIDER_MIRROR") or not Path("/opt/tf-plugins").is_dir():
        env.pop("TF_CLI_CONFIG_FILE")  # the registry through the user's own configuration
    init = subprocess.run(
        ["terraform", "init", "-backend=false", "-input=false", "-no-color", "-test-directory=tests/emulator"],
        cwd=module,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert init.returncode == 0, init.stdout + init.stderr
    test = subprocess.run(
        ["terraform", "test", "-no-color", "-test-directory=tests/emulator", f"-var=kms_key_arn={key_arn}"],
        cwd=module,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert test.returncode == 0, test.stdout[-4000:] + test.stderr[-2000:]
    assert "4 passed, 0 failed" in test.stdout
