"""CI workflow files validate against GitHub's published schema (vendored in check-jsonschema: offline)."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from tests.cli_zygote import layer_process
from tests.conftest import ROOT
from tests.unit.test_docs_commands import parse

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


def pull_request() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((ROOT / ".github/workflows/pull-request.yml").read_text())
    return document


def runs(job: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def wave_jobs(jobs: dict[str, Any]) -> list[str]:
    return sorted((name for name in jobs if name.startswith("plan-wave-")), key=lambda n: int(n.rsplit("-", 1)[1]))


def test_pull_requests_validate_and_find_the_affected_layers_as_a_matrix() -> None:
    affected = pull_request()["jobs"]["affected"]
    script = runs(affected)
    assert ".venv/bin/layer validate live" in script
    assert "layer atlantis generate --check" in script and "--exclude 'local/*' --check" not in script
    assert "--format github-matrix" in script and "--exclude 'local/*'" in script
    assert affected["outputs"]["matrix"] == "${{ steps.matrix.outputs.matrix }}"


def test_each_wave_plans_its_layers_in_jobs_of_their_own_after_the_wave_before() -> None:
    jobs = pull_request()["jobs"]
    waves = wave_jobs(jobs)
    max_waves = int(re.search(r"--max-waves (\d+)", runs(jobs["affected"])).group(1))  # type: ignore[union-attr]
    assert waves == [f"plan-wave-{n}" for n in range(max_waves)], "one job per wave the matrix may hold"
    for n, name in enumerate(waves):
        job = jobs[name]
        assert job["needs"] == (["affected"] if n == 0 else ["affected", f"plan-wave-{n - 1}"])
        assert job["strategy"]["matrix"] == f"${{{{ fromJSON(needs.affected.outputs.matrix).waves[{n}] }}}}"
        assert job["if"] == f"fromJSON(needs.affected.outputs.matrix).wave_count > {n}", "no job for an empty wave"
        assert job["strategy"]["fail-fast"] is False
        assert job["steps"] == jobs["plan-wave-0"]["steps"]
    plan = next(s for s in jobs["plan-wave-0"]["steps"] if "layer plan" in s.get("run", ""))
    assert "${{" not in plan["run"], "matrix values reach the shell through env, never spliced into the script"
    assert plan["env"]["LAYER_DIR"] == "${{ matrix.dir }}" and '--json "$REPORT"' in plan["run"]
    upload = jobs["plan-wave-0"]["steps"][-1]
    assert upload["with"]["name"] == "${{ matrix.artifact }}" and upload["if"] == "always()"


def test_the_workflow_has_a_job_for_every_wave_of_the_tree() -> None:
    jobs = pull_request()["jobs"]
    graph = layer_process(["graph", "live", "--exclude", "local/*", "--format", "json"], cwd=ROOT)
    assert graph.returncode == 0, graph.stderr
    assert len(json.loads(graph.stdout)["waves"]) <= len(wave_jobs(jobs)), "add plan-wave jobs and --max-waves"


def test_the_summary_comment_is_merged_from_every_job_report() -> None:
    jobs = pull_request()["jobs"]
    summary = jobs["summary"]
    assert summary["needs"] == ["affected", *wave_jobs(jobs)]
    assert summary["if"].startswith("always()"), "failed or skipped waves still get their comment"
    assert "layer report merge reports --matrix matrix.json --output plan.md" in runs(summary)
    download = next(s for s in summary["steps"] if s.get("uses", "").startswith("actions/download-artifact"))
    assert download["with"]["pattern"] == "plan-*"
    comment = next(s for s in summary["steps"] if "sticky-pull-request-comment" in s.get("uses", ""))
    assert comment["with"]["path"] == "plan.md"


def layer_commands(script: str) -> list[list[str]]:
    """Each `.venv/bin/layer ...` command of a run script, continuation lines joined, up to a pipe or redirect;
    a GitHub expression stands as one word."""
    found = []
    for line in re.sub(r"\$\{\{.*?\}\}", "EXPR", script.replace("\\\n", " ")).splitlines():
        if ".venv/bin/layer " not in line:
            continue
        command = re.split(r"\s(?:\||>|>>|\|\||&&|;)\s|\s#", line.split(".venv/bin/layer ", 1)[1])[0]
        found.append(shlex.split(command))
    return found


def test_every_layer_command_in_the_workflows_parses() -> None:
    commands = [
        args
        for workflow in WORKFLOWS
        for job in yaml.safe_load(workflow.read_text())["jobs"].values()
        for args in layer_commands(runs(job))
    ]
    assert len(commands) >= 8
    for args in commands:
        parse(list(args))


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
