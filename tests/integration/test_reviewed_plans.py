"""Plan results from `terraform show -json` of the saved plan; run-all apply applies exactly the plans it showed.

Real Terraform against moto. A plan's counts and resource changes come from the saved plan read back as JSON
(the reports list each changed resource; the Markdown comment holds them in a collapsed section). After a
"yes", `run-all apply` applies the plan files its preview made (`terraform apply tfplan`, one plan per layer,
never `-auto-approve`). A saved plan whose state moved on since is refused by Terraform ("Saved plan is
stale"), and layer says so in words."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.integration.conftest import Moto, faults_env, layer_cli
from tests.integration.test_apply_shows_plan import commands_in, on_terminal

pytestmark = pytest.mark.integration
FIXTURE = ROOT / "tests/fixtures/policy_tree"
LAYERS = ("test/closed_ssh", "test/open_ssh")
CREATED = [{"address": "module.this.aws_security_group.admin", "action": "create"}]


def own_tree(tmp_path: Path, prefix: str) -> Path:
    """A copy of the fixture tree whose security groups have names of their own (moto is shared by the session)."""
    shutil.copytree(FIXTURE, tmp_path / "tree")
    defaults = tmp_path / "tree/live/test/_defaults.yaml"
    defaults.write_text(defaults.read_text().replace("name_prefix: acme-policy", f"name_prefix: {prefix}"))
    return tmp_path / "tree/live/test"


def logs_of(tmp_path: Path, ident: str) -> Path:
    return tmp_path / "work" / "work" / "live" / ident / "logs"


def test_run_all_apply_applies_the_previewed_plan_files(moto: Moto, tmp_path: Path) -> None:
    env = faults_env(moto, tmp_path, "reviewed")
    tree = own_tree(tmp_path, "reviewed")
    report, comment = tmp_path / "report.json", tmp_path / "comment.md"
    args = ["run-all", "apply", str(tree), "--json", str(report), "--markdown", str(comment)]
    applied = on_terminal(args, env, "y")
    assert applied.returncode == 0, applied.stdout[-3000:] + applied.stderr
    assert "on yes, exactly these plans are applied: test/closed_ssh, test/open_ssh" in applied.stdout
    for ident in LAYERS:
        plans, applies = commands_in(logs_of(tmp_path, ident), "plan"), commands_in(logs_of(tmp_path, ident), "apply")
        assert len(plans) == 1 and "-out=tfplan" in plans[0], plans
        assert len(applies) == 1 and applies[0].endswith(" tfplan") and "-auto-approve" not in applies[0], applies
        assert commands_in(logs_of(tmp_path, ident), "show"), "the counts come from terraform show -json"
    layers = {entry["id"]: entry for entry in json.loads(report.read_text())["layers"]}
    assert {ident: layers[ident]["resource_changes"] for ident in LAYERS} == dict.fromkeys(LAYERS, CREATED)
    markdown = comment.read_text()
    assert "<details><summary><code>test/closed_ssh</code>: 1 resource change(s)</summary>" in markdown
    assert "| + create | `module.this.aws_security_group.admin` |" in markdown


def test_plan_counts_come_from_the_saved_plan_and_a_stale_plan_is_refused_in_words(moto: Moto, tmp_path: Path) -> None:
    env = faults_env(moto, tmp_path, "stale")
    layer = str(own_tree(tmp_path, "stale") / "closed_ssh")
    planned = layer_cli(["plan", layer, "--json", "-"], env)
    assert planned.returncode == 2, planned.stdout[-3000:] + planned.stderr
    entry = json.loads(planned.stdout)["layers"][0]
    assert (entry["add"], entry["change"], entry["destroy"]) == (1, 0, 0)
    assert entry["resource_changes"] == CREATED

    # Another run applies in between: the state moves on, the saved plan no longer fits it.
    assert layer_cli(["apply", layer, "--yes"], env).returncode == 0
    stale = layer_cli(["apply", layer, "--saved-plan", "--yes"], env)
    assert stale.returncode == 1, stale.stdout[-3000:] + stale.stderr
    said = stale.stdout + stale.stderr
    assert "the saved plan is stale: the layer's state changed after it was planned" in said, said[-3000:]
    assert "Traceback" not in said
