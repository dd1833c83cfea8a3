"""Damaged state on the emulator: a dependency's state object holding garbage, or deleted by hand.

Faults are injected with boto3 into the versioned state bucket. Every command must name the layer and the
state object, exit 1 without a traceback, never fall back to mock outputs for a layer that was applied, and
print a restore command that works as written (`layer state restore`, run here as printed).
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.integration.conftest import Moto, faults_env, layer_cli

pytestmark = pytest.mark.integration
FIRST_KEY = "test/first/terraform.tfstate"
MOCKED_VALUE = "mocked-first-value"
TROUBLESHOOTING = (ROOT / "docs/troubleshooting.md").read_text()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """The faults fixture, with mock outputs for second's dependency (what a plan before any apply uses)."""
    shutil.copytree(ROOT / "tests/fixtures/faults", tmp_path / "faults")
    second = tmp_path / "faults/live/test/second/layer.yaml"
    text = second.read_text().replace(
        "  first: ../first\n", f"  first:\n    path: ../first\n    mock_outputs: {{value: {MOCKED_VALUE}}}\n"
    )
    second.write_text(text)
    return tmp_path / "faults/live/test"


@pytest.fixture
def env(moto: Moto, tmp_path: Path) -> dict[str, str]:
    return {**faults_env(moto, tmp_path, "damaged"), "LAYER_ACTOR": "carol"}


def no_traceback(run: subprocess.CompletedProcess[str]) -> None:
    text = run.stdout + run.stderr
    assert "Traceback" not in text and "internal error" not in text, text


def plan_second(tree: Path, env: dict[str, str], report: Path) -> subprocess.CompletedProcess[str]:
    return layer_cli(["plan", str(tree / "second"), "--json", str(report)], env)


def normalise(text: str, bucket: str = "layer-test-state") -> str:
    text = text.replace(bucket, "BUCKET")
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "TIME", text)
    text = re.sub(r"(versionId=|--version-id |last good version \()[\w.-]+", r"\1VERSION", text)
    text = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", text)
    text = re.sub(r"\S*/faults/live/test/", "live/test/", text)  # the fixture's copy in a temporary directory
    return re.sub(r" by [\w.-]+\)", " by WHO)", text)


def assert_documented(output: str, bucket: str) -> None:
    """docs/troubleshooting.md quotes the error and its hint as the user gets them."""
    lines = [line.strip() for line in output.splitlines() if line.strip().startswith(("error: ", "hint: "))]
    assert len(lines) >= 2, output
    for line in lines[:2]:
        assert normalise(line, bucket) in normalise(TROUBLESHOOTING), f"docs/troubleshooting.md does not quote:\n{line}"


def hinted_command(text: str) -> list[str]:
    """The `layer state restore ...` command a hint gives, as words."""
    found = re.search(r"`(layer state restore [^`]+)`", text)
    assert found, f"no restore command in:\n{text}"
    return shlex.split(found.group(1))


def run_hint(words: list[str], env: dict[str, str]) -> None:
    done = layer_cli(words[1:], env)
    no_traceback(done)
    assert done.returncode == 0, done.stdout + done.stderr


def versions(moto: Moto, bucket: str) -> list[tuple[str, str]]:
    """Every version and delete marker in the state bucket."""
    listing = moto.client("s3").list_object_versions(Bucket=bucket)  # type: ignore[attr-defined]
    entries = listing.get("Versions", []) + listing.get("DeleteMarkers", [])
    return sorted((entry["Key"], entry["VersionId"]) for entry in entries)


def apply(tree: Path, env: dict[str, str], *layers: str) -> None:
    for name in layers:
        applied = layer_cli(["apply", str(tree / name), "--yes", "-q"], env)
        assert applied.returncode == 0, applied.stdout + applied.stderr


def test_a_never_applied_dependency_is_still_planned_with_mock_outputs(env: dict[str, str], tree: Path) -> None:
    """The control: without a run record, a missing state is 'not applied yet' and mocks are used."""
    report = tree.parent / "report.json"
    plan = plan_second(tree, env, report)
    assert plan.returncode == 2, plan.stdout + plan.stderr
    assert json.loads(report.read_text())["layers"][0]["mocked_dependencies"] == ["first"]
    assert MOCKED_VALUE in plan.stdout


def test_garbage_in_a_dependency_state_is_named_and_restorable(
    moto: Moto, env: dict[str, str], tree: Path, tmp_path: Path
) -> None:
    apply(tree, env, "first")
    s3 = moto.client("s3")
    bucket = env["LAYER_TEST_STATE_BUCKET"]
    s3.put_object(Bucket=bucket, Key=FIRST_KEY, Body=b"<html>not a state</html>")  # type: ignore[attr-defined]

    report = tmp_path / "report.json"
    plan = plan_second(tree, env, report)
    no_traceback(plan)
    assert plan.returncode == 1, plan.stdout + plan.stderr
    damaged = f"the state of test/first (s3://{bucket}/{FIRST_KEY}) is damaged: it is not JSON"
    assert damaged in plan.stdout + plan.stderr
    assert_documented(plan.stdout, bucket)
    layer = json.loads(report.read_text())["layers"][0]
    assert layer["status"] == "failed" and layer["mocked_dependencies"] == []
    assert not list((tmp_path / "work").glob("**/second/tfplan")), "no plan was saved"
    restore = hinted_command(layer["message"])
    assert restore[3] == str(tree / "first") and "--version-id" in restore

    status = layer_cli(["status", str(tree), "--exclude", "test/slow"], env)
    no_traceback(status)
    assert status.returncode == 1, status.stdout + status.stderr
    row = next(line for line in status.stdout.splitlines() if line.startswith("test/first "))
    assert "state damaged" in row and "is damaged: it is not JSON" in row
    assert "error: test/first: " in status.stderr

    output = layer_cli(["output", str(tree / "first")], env)
    no_traceback(output)
    assert output.returncode == 1 and damaged in output.stderr, output.stdout + output.stderr
    own = layer_cli(["plan", str(tree / "first")], env)
    no_traceback(own)
    assert own.returncode == 1 and damaged in own.stdout, own.stdout + own.stderr

    run_hint(restore, env)  # the documented recovery, as printed
    assert layer_cli(["output", str(tree / "first")], env).stdout == 'value = "first"\n'
    again = plan_second(tree, env, report)
    assert again.returncode == 2, again.stdout + again.stderr
    assert json.loads(report.read_text())["layers"][0]["mocked_dependencies"] == []
    assert "after-first" in again.stdout and MOCKED_VALUE not in again.stdout


def test_a_deleted_dependency_state_is_an_error_never_a_reason_to_mock(
    moto: Moto, env: dict[str, str], tree: Path, tmp_path: Path
) -> None:
    apply(tree, env, "first", "second")
    s3 = moto.client("s3")
    bucket = env["LAYER_TEST_STATE_BUCKET"]
    applied_at = json.loads(
        s3.get_object(Bucket=bucket, Key=FIRST_KEY + ".layer.json")["Body"].read()  # type: ignore[attr-defined]
    )["finished_at"]
    s3.delete_object(Bucket=bucket, Key=FIRST_KEY)  # type: ignore[attr-defined]  # a delete marker

    report = tmp_path / "report.json"
    plan = plan_second(tree, env, report)
    no_traceback(plan)
    assert plan.returncode == 1, plan.stdout + plan.stderr
    missing = f"state missing (was applied at {applied_at} by carol)"
    assert missing in plan.stdout + plan.stderr
    assert_documented(plan.stdout, bucket)
    layer = json.loads(report.read_text())["layers"][0]
    assert layer["status"] == "failed" and layer["mocked_dependencies"] == []
    assert MOCKED_VALUE not in plan.stdout + plan.stderr, "no plan was made with the mock outputs"
    restore = hinted_command(layer["message"])
    assert restore[3] == str(tree / "first") and "--version-id" in restore

    status = layer_cli(["status", str(tree), "--exclude", "test/slow", "--json", "-"], env)
    no_traceback(status)
    assert status.returncode == 1, status.stdout + status.stderr
    layers = {entry["layer"]: entry for entry in json.loads(status.stdout)["layers"]}
    assert layers["test/first"]["verdict"] == "state missing"
    assert layers["test/first"]["detail"].startswith(missing)
    assert layers["test/second"]["verdict"] == "unknown" and missing in layers["test/second"]["detail"]

    output = layer_cli(["output", str(tree / "first")], env)
    no_traceback(output)
    assert output.returncode == 1 and missing in output.stderr, output.stdout + output.stderr

    before = versions(moto, bucket)
    for command in (["plan"], ["apply", "--yes"], ["destroy", "--yes"]):  # the layer itself: nothing runs
        own = layer_cli([*command, str(tree / "first")], env)
        no_traceback(own)
        assert own.returncode == 1 and missing in own.stdout, own.stdout + own.stderr
    assert versions(moto, bucket) == before, "no state and no run record was written"

    run_hint(restore, env)  # the documented recovery, as printed
    again = plan_second(tree, env, report)
    assert again.returncode == 0, again.stdout + again.stderr
    assert json.loads(report.read_text())["layers"][0]["mocked_dependencies"] == []
    healed = layer_cli(["status", str(tree), "--exclude", "test/slow", "--exclude", "test/third"], env)
    assert healed.returncode == 0, healed.stdout + healed.stderr
    assert "all in sync and unlocked" in healed.stdout
