"""`layer report merge`: one pull-request comment from the JSON reports of many plan jobs.

The reports are written by the real report code (layer.plan.report.write_json), as `layer plan --json`
writes them in each job; the comment is read through the real CLI."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import networkx as nx

from layer.config.graph import LayerGraph
from layer.config.model import Tree
from layer.plan.executor import LayerResult
from layer.plan.plan import RunPlan
from layer.plan.report import write_json
from layer.terraform.adapter import Changes
from tests.cli_zygote import layer_process


def job_report(path: Path, result: LayerResult, exit_code: int | None = None) -> Path:
    """The report one CI job's `layer plan LAYER --json FILE` writes."""
    graph = nx.DiGraph()
    graph.add_node(result.layer_id)
    plan = RunPlan("plan", Tree(root=Path("/repo/live"), layers={}, selected=()), LayerGraph(graph), {})
    write_json(path, plan, {result.layer_id: result}, exit_code)
    return path


def matrix(tmp_path: Path, waves: list[list[str]], removed: tuple[str, ...] = ()) -> Path:
    document = {
        "since": "origin/main",
        "count": sum(map(len, waves)),
        "wave_count": len(waves),
        "waves": [{"include": [{"layer": i, "dir": f"live/{i}", "wave": n} for i in w]} for n, w in enumerate(waves)],
        "removed": [{"layer": r, "file": f"live/{r}/layer.yaml"} for r in removed],
    }
    path = tmp_path / "matrix.json"
    path.write_text(json.dumps(document))
    return path


def merge(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return layer_process(["report", "merge", *args], cwd=cwd)


def rows(markdown: str) -> dict[str, list[str]]:
    found = {}
    for line in markdown.splitlines():
        if line.startswith("| `"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            found[cells[0].strip("`")] = cells[1:]
    return found


def test_reports_of_many_jobs_become_one_comment_in_run_order(tmp_path: Path) -> None:
    reports = tmp_path / "artifacts"
    job_report(reports / "a" / "plan.json", LayerResult("prod/db", "changes", Changes(1, 2, 0), 12.0))
    job_report(reports / "b" / "plan.json", LayerResult("prod/net", "no changes", seconds=3.0))
    job_report(reports / "c" / "plan.json", LayerResult("prod/app", "failed", message="terraform plan: boom\nmore"))
    grid = matrix(tmp_path, [["prod/net"], ["prod/app", "prod/cache"], ["prod/db"]], removed=("prod/old",))
    done = merge(str(reports), "--matrix", str(grid), "--output", "plan.md", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "plan.md").read_text()
    assert text.startswith("### layer plan: 5 layer(s), exit code 1"), "a failed job and a missing report: 1"
    table = rows(text)
    assert list(table) == ["prod/net", "prod/app", "prod/cache", "prod/db", "prod/old"], "matrix order, removed last"
    assert table["prod/net"][:5] == ["✅ no changes", "0", "0", "0", "3s"]
    assert table["prod/app"][:4] == ["❌ failed", "-", "-", "-"], "a failed layer shows '-', not 0"
    assert table["prod/app"][5] == "terraform plan: boom"
    assert table["prod/cache"][0] == "❔ no report" and "failed before writing it" in table["prod/cache"][5]
    assert table["prod/db"][:4] == ["📝 changes", "1", "2", "0"]
    assert table["prod/old"][0] == "🗑️ removed" and "live/prod/old/layer.yaml" in table["prod/old"][5]


def test_only_successful_jobs_give_the_changes_code_and_stdout_by_default(tmp_path: Path) -> None:
    one = job_report(tmp_path / "1.json", LayerResult("dev/a", "changes", Changes(0, 0, 3)))
    two = job_report(tmp_path / "2.json", LayerResult("dev/b", "no changes"))
    done = merge(str(two), str(one), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("### layer plan: 2 layer(s), exit code 2")
    assert list(rows(done.stdout)) == ["dev/a", "dev/b"], "without a matrix: by id"


def test_nothing_affected_is_said(tmp_path: Path) -> None:
    done = merge("--matrix", str(matrix(tmp_path, [])), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "exit code 0" in done.stdout and "nothing affected" in done.stdout


def test_a_file_that_is_not_a_report_is_named(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text("{not json")
    (tmp_path / "other.json").write_text('{"projects": []}')
    for name, message in (("broken.json", "cannot read the report"), ("other.json", "not a layer JSON report")):
        done = merge(name, cwd=tmp_path)
        assert done.returncode == 1
        assert f"{name}: {message}" in done.stderr and "Traceback" not in done.stderr
    (tmp_path / "m.json").write_text("[]")
    bad_matrix = merge("--matrix", "m.json", cwd=tmp_path)
    assert bad_matrix.returncode == 1 and "not a github-matrix document" in bad_matrix.stderr
    assert merge("missing.json", cwd=tmp_path).returncode == 64
