"""`run-all apply --resume`: a failed run-all apply leaves a journal; --resume runs only what did not finish.

Real Terraform against moto. The tree: the policy fixture's closed_ssh layer, and `flaky`, which depends on
it and whose apply fails while LAYER_TEST_FAIL=yes (a local-exec provisioner). The first run applies
closed_ssh and fails in flaky; a resume after closed_ssh's inputs changed is refused (what the failed run
applied is no longer what the tree says); a resume with the tree as it was skips closed_ssh (no Terraform
runs there) and applies flaky; then there is nothing left to resume."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.integration.conftest import Moto, faults_env, layer_cli
from tests.integration.test_apply_shows_plan import commands_in

pytestmark = pytest.mark.integration

FLAKY_TF = """
variable "name_prefix" {
  description = "Unused here; the tree gives it to every layer."
  type        = string
}

variable "fail" {
  description = "yes: the apply fails."
  type        = string
}

resource "terraform_data" "step" {
  input = var.fail
  provisioner "local-exec" {
    command = var.fail == "yes" ? "echo failing on purpose; exit 1" : "true"
  }
}
"""
FLAKY_LAYER = """
module: ../../../modules/flaky
dependencies:
  closed:
    path: ../closed_ssh
inputs:
  fail: ${env:LAYER_TEST_FAIL:-yes}
"""


def resume_tree(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "tests/fixtures/policy_tree", tmp_path / "tree")
    shutil.rmtree(tmp_path / "tree/live/test/open_ssh")
    defaults = tmp_path / "tree/live/test/_defaults.yaml"
    defaults.write_text(defaults.read_text().replace("name_prefix: acme-policy", "name_prefix: resume"))
    (tmp_path / "tree/modules/flaky").mkdir()
    (tmp_path / "tree/modules/flaky/main.tf").write_text(FLAKY_TF)
    (tmp_path / "tree/live/test/flaky").mkdir()
    (tmp_path / "tree/live/test/flaky/layer.yaml").write_text(FLAKY_LAYER)
    return tmp_path / "tree/live/test"


def test_resume_runs_only_what_did_not_finish_and_refuses_a_changed_tree(moto: Moto, tmp_path: Path) -> None:
    env = faults_env(moto, tmp_path, "resume")
    tree = str(resume_tree(tmp_path))
    closed_logs = tmp_path / "work/work/live/test/closed_ssh/logs"

    failed = layer_cli(["run-all", "apply", tree, "--yes"], env)
    assert failed.returncode == 1, failed.stdout[-3000:] + failed.stderr
    assert f"`layer run-all apply {tree} --resume` runs only those" in failed.stderr, failed.stderr
    assert len(list((tmp_path / "work/journal").glob("run-all-apply-*.json"))) == 1

    changed = layer_cli(
        ["run-all", "apply", tree, "--yes", "--resume"], {**env, "LAYER_TEST_SG_DESCRIPTION": "changed since"}
    )
    assert changed.returncode == 1, changed.stdout[-3000:] + changed.stderr
    assert "cannot resume the run of" in changed.stderr and "test/closed_ssh: inputs" in changed.stderr, changed.stderr
    assert len(commands_in(closed_logs, "apply")) == 1, "a refused resume runs nothing"

    resumed = layer_cli(["run-all", "apply", tree, "--yes", "--resume"], {**env, "LAYER_TEST_FAIL": "no"})
    assert resumed.returncode == 0, resumed.stdout[-3000:] + resumed.stderr
    assert "skipping 1 layer(s) it applied (test/closed_ssh); running 1 (test/flaky)" in resumed.stderr
    assert "test/closed_ssh  done before" in resumed.stdout, resumed.stdout[-2000:]
    assert len(commands_in(closed_logs, "apply")) == 1, "the layer the failed run applied is not run again"
    assert not list((tmp_path / "work/journal").glob("*.json")), "a run that finished drops the journal"

    nothing = layer_cli(["run-all", "apply", tree, "--yes", "--resume"], env)
    assert nothing.returncode == 1 and "nothing to resume" in nothing.stderr, nothing.stdout + nothing.stderr
