"""atlantis/repos.yaml, the Atlantis server-side repo config, against what the platform promises.

Apply requirements, overrides, custom workflows, policy checks and pre-workflow hooks are read the way
Atlantis reads them (for each key, the last matching `repos` entry that sets it wins), and the `layer`
workflow must be the one `layer atlantis generate` writes (framework/layer/atlantis.py), so the two cannot
drift. The conftest policies in atlantis/policies are not executed here: there is no OPA/conftest in this
environment; only their presence and the paths that connect them to the image are checked.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from layer.atlantis import WORKFLOW, workflow
from tests.conftest import ROOT

LAYER = str(Path(sys.executable).parent / "layer")
REPOS_YAML = ROOT / "atlantis" / "repos.yaml"
DOCKERFILE = ROOT / "atlantis" / "Dockerfile"
TEMPLATE = ROOT / "templates" / "service-repo"

PLATFORM = "github.com/connectly/platform"
SERVICE = "github.com/connectly/svc-orders"
REQUIRED = {"approved", "mergeable", "undiverged"}
# Project keys a repo-level atlantis.yaml may set only when the server allows the override.
OVERRIDABLE = (
    "workflow",
    "apply_requirements",
    "plan_requirements",
    "import_requirements",
    "delete_source_branch_on_merge",
    "repo_locking",
    "repo_locks",
    "custom_policy_check",
    "silence_pr_comments",
)


@pytest.fixture(scope="module")
def server() -> dict[str, Any]:
    loaded = yaml.safe_load(REPOS_YAML.read_text())
    assert isinstance(loaded, dict)
    return loaded


def matches(entry_id: str, repo_id: str) -> bool:
    """An id is an exact repository or a /regex/ (Go's MatchString: unanchored)."""
    if entry_id.startswith("/") and entry_id.endswith("/") and len(entry_id) > 1:
        return re.search(entry_id[1:-1], repo_id) is not None
    return entry_id == repo_id


def effective(server: dict[str, Any], repo_id: str) -> dict[str, Any]:
    """The settings Atlantis applies to repo_id: per key, the last matching entry that sets it."""
    result: dict[str, Any] = {}
    for entry in server["repos"]:
        if matches(entry["id"], repo_id):
            result.update({k: v for k, v in entry.items() if k != "id" and v is not None})
    return result


def rejections(repo_cfg: dict[str, Any], repo_id: str, server: dict[str, Any]) -> list[str]:
    """Why Atlantis would refuse a repo-level atlantis.yaml (a port of GlobalCfg.ValidateRepoCfg,
    server/core/config/valid/global_cfg.go)."""
    settings = effective(server, repo_id)
    overrides = settings.get("allowed_overrides") or []
    custom_allowed = bool(settings.get("allow_custom_workflows", False))
    repo_workflows = repo_cfg.get("workflows") or {}
    errors = []
    for project in repo_cfg.get("projects") or []:
        errors += [
            f"{project['name']}: sets '{key}' (not in allowed_overrides)"
            for key in OVERRIDABLE
            if key in project and key not in overrides
        ]
    if repo_workflows and not custom_allowed:
        errors.append("defines custom workflows (allow_custom_workflows is false)")
    allowed_workflows = settings.get("allowed_workflows") or []
    for project in repo_cfg.get("projects") or []:
        name = project.get("workflow")
        if name is None:
            continue
        if name not in repo_workflows and name not in (server.get("workflows") or {}):
            errors.append(f"{project['name']}: workflow {name!r} is not defined anywhere")
        if allowed_workflows and not (custom_allowed and name in repo_workflows) and name not in allowed_workflows:
            errors.append(f"{project['name']}: workflow {name!r} is not allowed")
    return errors


def hook_commands(server: dict[str, Any], repo_id: str) -> list[str]:
    return [h["run"] for h in effective(server, repo_id).get("pre_workflow_hooks") or []]


def copied_into_image() -> dict[str, Path]:
    """COPY <repo path> <image path> lines of atlantis/Dockerfile: image path -> repository path."""
    copies = {}
    for line in DOCKERFILE.read_text().splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "COPY":
            copies[parts[2]] = ROOT / parts[1]
    return copies


@pytest.mark.parametrize("repo_id", [PLATFORM, SERVICE])
def test_applies_need_approval_mergeable_and_undiverged(server: dict[str, Any], repo_id: str) -> None:
    assert set(effective(server, repo_id)["apply_requirements"]) >= REQUIRED
    for entry in server["repos"]:  # no entry may weaken them for a subset of repositories
        if "apply_requirements" in entry:
            assert set(entry["apply_requirements"]) >= REQUIRED, entry["id"]


def test_overrides_are_minimal(server: dict[str, Any]) -> None:
    assert effective(server, PLATFORM)["allowed_overrides"] == ["workflow"]
    assert effective(server, SERVICE)["allowed_overrides"] == []
    for entry in server["repos"]:
        assert set(entry.get("allowed_overrides") or []) <= {"workflow"}, entry["id"]


@pytest.mark.parametrize("repo_id", [PLATFORM, SERVICE, "github.com/connectly/svc-payments-api"])
def test_only_the_layer_workflow_and_no_custom_workflows(server: dict[str, Any], repo_id: str) -> None:
    settings = effective(server, repo_id)
    assert settings["workflow"] == WORKFLOW
    assert settings["allowed_workflows"] == [WORKFLOW]
    assert settings["allow_custom_workflows"] is False


def test_service_pattern_matches_service_repositories_only(server: dict[str, Any]) -> None:
    service_ids = [e["id"] for e in server["repos"] if "svc-" in e["id"]]
    assert len(service_ids) == 1
    assert matches(service_ids[0], SERVICE)
    for other in (
        "github.com/connectly/platform",
        "github.com/connectly/svc-",
        "github.com/other/svc-orders",
        "github.com/connectly/svc-orders/../platform",
    ):
        assert not matches(service_ids[0], other), other


def test_workflow_steps_are_the_generated_ones(server: dict[str, Any]) -> None:
    layer_workflow = server["workflows"][WORKFLOW]
    for stage in ("plan", "apply"):
        steps = layer_workflow[stage]["steps"]
        assert [s for s in steps if "run" in s] == workflow()[stage]["steps"], stage
        assert [s for s in steps if "run" not in s] == [s for s in steps[:1] if "env" in s], (
            stage
        )  # one env step, first


def test_plans_and_applies_assume_the_atlantis_roles(server: dict[str, Any]) -> None:
    """The env step names the role the provider assumes; the names are the atlantis module's (<name>-plan/-apply)."""
    layer = yaml.safe_load((ROOT / "live/prod/ap-northeast-2/atlantis/layer.yaml").read_text())
    name = layer["inputs"]["name"]
    for stage in ("plan", "apply"):
        env = server["workflows"][WORKFLOW][stage]["steps"][0]["env"]
        assert env == {"name": "LAYER_ASSUME_ROLE", "value": f"{name}-{stage}"}
    template = (TEMPLATE / "live/prod/_defaults.yaml").read_text()
    assert "role/${env:LAYER_ASSUME_ROLE:-" + name + "-plan}" in template


def test_policy_checks_run_on_every_plan(server: dict[str, Any]) -> None:
    for repo_id in (PLATFORM, SERVICE):
        assert effective(server, repo_id)["policy_check"] is True
    steps = server["workflows"][WORKFLOW]["policy_check"]["steps"]
    assert steps[-1] == "policy_check"
    # the plan JSON comes from the plan layer keeps in its work directory (docs/adr/0002)
    assert "show -json tfplan" in steps[0]["run"] and '"$SHOWFILE"' in steps[0]["run"]
    policies = server["policies"]
    assert policies["owners"]["teams"]
    image_paths = copied_into_image()
    for policy_set in policies["policy_sets"]:
        assert policy_set["source"] == "local"
        source = image_paths[policy_set["path"]]  # the Dockerfile copies it into the image
        assert sorted(source.glob("*.rego")), f"no policies in {source}"


def test_the_image_serves_this_file_as_repo_config() -> None:
    image_paths = copied_into_image()
    repo_config = re.search(r'ATLANTIS_REPO_CONFIG\s*=\s*"([^"]+)"', (ROOT / "modules/atlantis/main.tf").read_text())
    assert repo_config is not None
    assert image_paths[repo_config.group(1)] == REPOS_YAML


def test_platform_hook_checks_atlantis_yaml_like_ci(server: dict[str, Any]) -> None:
    commands = hook_commands(server, PLATFORM)
    assert len(commands) == 1
    args = shlex.split(commands[0])
    assert args[:3] == ["layer", "atlantis", "generate"] and "--check" in args
    ci = (ROOT / ".github" / "workflows" / "pull-request.yml").read_text()
    assert ".venv/bin/" + commands[0] in ci, "the hook must run the same check as CI"


def test_service_hook_checks_atlantis_yaml(server: dict[str, Any]) -> None:
    commands = hook_commands(server, SERVICE)
    assert len(commands) == 1
    assert shlex.split(commands[0]) == ["layer", "atlantis", "generate", "live", "--check"]


def test_template_atlantis_yaml_is_current() -> None:
    result = subprocess.run(
        [
            LAYER,
            "atlantis",
            "generate",
            "templates/service-repo/live",
            "-o",
            "templates/service-repo/atlantis.yaml",
            "--check",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_port_of_atlantis_validation(server: dict[str, Any]) -> None:
    plain = {"version": 3, "projects": [{"name": "a", "dir": "live/a"}]}
    named = {"version": 3, "projects": [{"name": "a", "dir": "live/a", "workflow": "layer"}]}
    custom = {**named, "workflows": {"layer": workflow()}}
    assert rejections(plain, SERVICE, server) == []
    assert rejections(plain, PLATFORM, server) == []
    assert rejections(named, PLATFORM, server) == []
    assert rejections(named, SERVICE, server) == ["a: sets 'workflow' (not in allowed_overrides)"]
    assert rejections(custom, PLATFORM, server) == ["defines custom workflows (allow_custom_workflows is false)"]
    assert rejections({**plain, "projects": [{"name": "a", "apply_requirements": []}]}, PLATFORM, server)


@pytest.mark.parametrize(
    ("repo_id", "path"),
    [(PLATFORM, ROOT / "atlantis.yaml"), (SERVICE, TEMPLATE / "atlantis.yaml")],
    ids=["platform", "service template"],
)
def test_generated_atlantis_yaml_is_accepted(server: dict[str, Any], repo_id: str, path: Path) -> None:
    assert rejections(yaml.safe_load(path.read_text()), repo_id, server) == []
