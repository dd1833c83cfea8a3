"""CI workflow files validate against GitHub's published schema (vendored in check-jsonschema: offline)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
CHECK = str(Path(sys.executable).parent / "check-jsonschema")


def test_workflows_match_the_github_schema() -> None:
    assert WORKFLOWS
    result = subprocess.run(
        [CHECK, "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pull_requests_plan_only_the_affected_layers_and_post_markdown() -> None:
    pr = yaml.safe_load((ROOT / ".github/workflows/pull-request.yml").read_text())
    runs = "\n".join(step.get("run", "") for step in pr["jobs"]["plan"]["steps"])
    assert ".venv/bin/layer validate live" in runs
    assert "layer affected live --since" in runs
    assert "--affected-since" in runs and "--markdown plan.md" in runs
    assert "layer atlantis generate --check" in runs and "--exclude 'local/*' --check" not in runs


def test_promotion_goes_through_protected_environments() -> None:
    deploy = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text())
    jobs = deploy["jobs"]
    assert jobs["apply-dev"]["environment"] == "dev"
    assert jobs["promote"]["environment"] == "${{ matrix.step.to }}-promotion"
    assert jobs["apply-approved"]["environment"] == "${{ matrix.env }}"
    assert jobs["apply-approved"]["strategy"]["max-parallel"] == 1
    promote_runs = "\n".join(s.get("run", "") for s in jobs["promote"]["steps"])
    assert "layer promote" in promote_runs


def test_nightly_drift_runs_status_and_plan_per_environment() -> None:
    drift = yaml.safe_load((ROOT / ".github/workflows/drift.yml").read_text())
    job = drift["jobs"]["drift"]
    assert job["strategy"]["matrix"]["env"] == ["dev", "stage", "prod"]
    for env in job["strategy"]["matrix"]["env"]:
        assert (ROOT / "live" / env / "_defaults.yaml").is_file(), f"live/{env} exists"
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "layer status live/${{ matrix.env }} --json status.json" in runs
    assert "layer run-all plan live/${{ matrix.env }}" in runs
    assert drift["permissions"]["contents"] == "read", "drift detection changes nothing"
