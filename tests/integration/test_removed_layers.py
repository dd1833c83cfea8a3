"""Layers removed from the tree, found from the run records beside the state, and their destroy plans.

Real Terraform against moto, in a git clone of a small tree: closed_ssh (a security group) and keep (a
terraform_data). closed_ssh is applied, then `git rm`-ed and committed. run-all plan shows its destroy plan,
made from the commit its run record names; run-all apply leaves it alone and says how to destroy it;
with --destroy-removed the destroy plan is applied and the security group is gone."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, git
from tests.integration.conftest import Moto, faults_env, layer_cli

pytestmark = pytest.mark.integration
PREFIX = "removed-layer"
KEEP_TF = """
variable "name_prefix" {
  description = "The tree gives it to every layer."
  type        = string
}

resource "terraform_data" "kept" {
  input = var.name_prefix
}
"""


def clone_with_two_layers(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "tests/fixtures/policy_tree", repo)
    shutil.rmtree(repo / "live/test/open_ssh")
    defaults = repo / "live/test/_defaults.yaml"
    defaults.write_text(defaults.read_text().replace("name_prefix: acme-policy", f"name_prefix: {PREFIX}"))
    (repo / "modules/keep").mkdir()
    (repo / "modules/keep/main.tf").write_text(KEEP_TF)
    (repo / "live/test/keep").mkdir()
    (repo / "live/test/keep/layer.yaml").write_text("module: ../../../modules/keep\n")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "two layers")
    return repo


def group_exists(moto: Moto) -> bool:
    ec2 = moto.client("ec2")
    found = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": [f"{PREFIX}-10-0-0-0-8"]}])  # type: ignore[attr-defined]
    return bool(found["SecurityGroups"])


def test_a_removed_layer_is_found_from_its_run_record_and_destroyed_only_when_asked(moto: Moto, tmp_path: Path) -> None:
    env = {**faults_env(moto, tmp_path, "removed"), "GITHUB_SHA": "", "HEAD_COMMIT": ""}
    repo = clone_with_two_layers(tmp_path)
    tree = str(repo / "live/test")
    applied = layer_cli(["apply", str(repo / "live/test/closed_ssh"), "--yes"], env)
    assert applied.returncode == 0, applied.stdout[-3000:] + applied.stderr
    assert group_exists(moto)
    git(repo, "rm", "-q", "-r", "live/test/closed_ssh")
    git(repo, "commit", "-q", "-m", "remove closed_ssh")

    # Since HEAD git shows no removal: the run record beside the state does.
    found = layer_cli(["affected", tree, "--since", "HEAD", "--state", "--json"], env, cwd=repo)
    assert found.returncode == 0, found.stdout + found.stderr
    [removed] = json.loads(found.stdout)["removed"]
    assert removed["id"] == "test/closed_ssh" and removed["file"].startswith("s3://"), removed

    planned = layer_cli(["run-all", "plan", tree], env)
    assert planned.returncode == 2, planned.stdout[-3000:] + planned.stderr
    out = planned.stdout
    assert "removed from the tree, resources still in their state: test/closed_ssh (1 resource(s))" in out, out
    assert [line.split()[:3] for line in out.splitlines() if line.startswith("test/closed_ssh")] == [
        ["test/closed_ssh", "changes", "1"]
    ], out[-2000:]
    assert f"applied only by `layer run-all apply {tree} --destroy-removed`" in out

    left = layer_cli(["run-all", "apply", tree, "--yes"], env)
    assert left.returncode == 0, left.stdout[-3000:] + left.stderr
    assert "--destroy-removed` destroys them" in left.stderr and group_exists(moto), left.stderr[-2000:]

    destroyed = layer_cli(["run-all", "apply", tree, "--yes", "--destroy-removed"], env)
    assert destroyed.returncode == 0, destroyed.stdout[-3000:] + destroyed.stderr
    rows = [line.split()[:3] for line in destroyed.stdout.splitlines() if line.startswith("test/closed_ssh")]
    assert rows == [["test/closed_ssh", "destroyed", "1"]], destroyed.stdout[-2000:]
    assert not group_exists(moto)
    assert os.path.isdir(repo / "live/test/keep")
