"""`plan --policy`: each layer's saved plan (terraform show -json) against atlantis/policies/ (regopy).

A layer whose plan opens SSH to the world fails with the rule named, in the summary and the reports;
a clean layer passes; the overall exit code is 1, never 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.integration.conftest import Moto, faults_env, layer_cli

pytestmark = pytest.mark.integration
TREE = ROOT / "tests/fixtures/policy_tree/live"


def test_run_all_plan_policy_fails_the_violating_layer_only(moto: Moto, tmp_path: Path) -> None:
    env = faults_env(moto, tmp_path, "policy")
    report, markdown = tmp_path / "plan.json", tmp_path / "plan.md"
    args = ["run-all", "plan", str(TREE), "--policy", "--keep-going", "--quiet"]
    result = layer_cli([*args, "--json", str(report), "--markdown", str(markdown)], env)

    assert result.returncode == 1, result.stdout[-3000:] + result.stderr
    layers = {x["id"]: x for x in json.loads(report.read_text())["layers"]}
    assert layers["test/open_ssh"]["status"] == "policy violation"
    assert [v["rule"] for v in layers["test/open_ssh"]["policy"]] == ["sg_open_to_world"]
    assert layers["test/open_ssh"]["policy"][0]["address"] == "module.this.aws_security_group.admin"
    assert layers["test/closed_ssh"]["status"] == "changes"
    assert layers["test/closed_ssh"]["policy"] == []
    assert "[sg_open_to_world] module.this.aws_security_group.admin" in result.stdout
    assert "exit code 1" in result.stdout
    assert "sg_open_to_world" in markdown.read_text()
    assert "Traceback" not in result.stderr


def test_plan_policy_clean_layer_passes_and_policy_needs_plan(moto: Moto, tmp_path: Path) -> None:
    env = faults_env(moto, tmp_path, "policy-clean")
    clean = layer_cli(["plan", str(TREE / "test/closed_ssh"), "--policy", "--quiet"], env)
    assert clean.returncode == 2, clean.stdout[-3000:] + clean.stderr
    assert "policy" not in clean.stdout.lower().split("layer(s):")[-1]

    misuse = layer_cli(["run-all", "apply", str(TREE), "--policy", "--yes"], env)
    assert misuse.returncode == 64, misuse.stdout + misuse.stderr
    assert "--policy" in misuse.stderr


def test_plan_policy_broken_policy_dir_is_a_clear_error_before_terraform(moto: Moto, tmp_path: Path) -> None:
    env = faults_env(moto, tmp_path, "policy-broken")
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "bad.rego").write_text("package main\n\ndeny contains msg if {\n  msg := \n}\n")
    result = layer_cli(["plan", str(TREE / "test/open_ssh"), "--policy-dir", str(policies)], env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "bad.rego" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "work").exists() or not list((tmp_path / "work").rglob("plan.log")), "no Terraform ran"
