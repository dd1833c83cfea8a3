"""`.pre-commit-hooks.yaml`: the hooks other repositories use, and the service-repo template's config.

The manifest follows pre-commit's rules (id, name, entry, language; a `files` regex), every entry is a
command of the real CLI, and the template's hooks run as pre-commit runs them (entry + args, from the
repository's top, no file names) in a standalone copy of the template."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, git
from tests.unit.test_docs_commands import parse

LAYER_BIN = Path(sys.executable).parent
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
TEMPLATE = ROOT / "templates/service-repo"
REQUIRED = ("id", "name", "entry", "language")
LANGUAGES = {"python", "system", "script", "docker", "docker_image", "node", "golang", "rust"}


def hooks() -> list[dict[str, Any]]:
    document = yaml.safe_load(MANIFEST.read_text())
    assert isinstance(document, list) and document, "a manifest is a list of hooks"
    return document


def by_id() -> dict[str, dict[str, Any]]:
    return {hook["id"]: hook for hook in hooks()}


def argv(hook: dict[str, Any]) -> list[str]:
    """What pre-commit runs: the entry, then args (pass_filenames: false adds no file names)."""
    return [*shlex.split(hook["entry"]), *hook.get("args", [])]


def test_the_manifest_follows_pre_commits_rules() -> None:
    ids = [hook["id"] for hook in hooks()]
    assert len(ids) == len(set(ids))
    assert set(ids) == {"layer-validate", "layer-atlantis-check", "layer-docs-check"}
    for hook in hooks():
        assert all(isinstance(hook.get(key), str) and hook[key] for key in REQUIRED), hook
        assert hook["language"] in LANGUAGES
        assert hook["pass_filenames"] is False, "layer checks the whole tree; file names are no arguments"
        re.compile(hook["files"])


@pytest.mark.parametrize("hook_id", ["layer-validate", "layer-atlantis-check", "layer-docs-check"])
def test_each_hook_runs_a_command_of_the_cli(hook_id: str) -> None:
    command = argv(by_id()[hook_id])
    assert command[0] == "layer"
    parse(command[1:])


@pytest.mark.parametrize(
    ("hook_id", "changed", "runs"),
    [
        ("layer-validate", "live/prod/ap-northeast-2/service/layer.yaml", True),
        ("layer-validate", "live/_defaults.yaml", True),
        ("layer-validate", "README.md", False),
        ("layer-atlantis-check", "atlantis.yaml", True),
        ("layer-atlantis-check", "live/prod/_defaults.yaml", True),
        ("layer-atlantis-check", "docs/atlantis.yaml.md", False),
        ("layer-docs-check", "modules/kms/variables.tf", True),
        ("layer-docs-check", "modules/kms/README.md", True),
        ("layer-docs-check", "live/prod/x/layer.yaml", False),
    ],
)
def test_hooks_run_when_a_file_they_read_changes(hook_id: str, changed: str, runs: bool) -> None:
    assert bool(re.search(by_id()[hook_id]["files"], changed)) is runs


def test_the_template_uses_the_platforms_hooks() -> None:
    config = yaml.safe_load((TEMPLATE / ".pre-commit-config.yaml").read_text())
    (repo,) = config["repos"]
    platform = yaml.safe_load((ROOT / "live/_defaults.yaml").read_text())["promotion"]["repository"]
    assert repo["repo"] == platform, "the hooks come from the platform repository"
    used = [hook["id"] for hook in repo["hooks"]]
    assert used == ["layer-validate", "layer-atlantis-check"], "a service repository has no modules/ to document"
    assert set(used) <= set(by_id())


def test_the_templates_hooks_pass_in_a_service_repository_and_catch_a_stale_atlantis_yaml(tmp_path: Path) -> None:
    repo = tmp_path / "svc-orders"
    shutil.copytree(TEMPLATE, repo, ignore=shutil.ignore_patterns(".layer"))
    git(repo, "init", "-q")
    env = {**os.environ, "PATH": f"{LAYER_BIN}{os.pathsep}{os.environ['PATH']}", "LAYER_WORK_DIR": str(tmp_path / "w")}

    def hook(hook_id: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(argv(by_id()[hook_id]), cwd=repo, env=env, capture_output=True, text=True, check=False)

    subprocess.run(["layer", "atlantis", "generate"], cwd=repo, env=env, check=True, capture_output=True)
    assert hook("layer-validate").returncode == 0
    assert hook("layer-atlantis-check").returncode == 0
    service = repo / "live/prod/ap-northeast-2/service"
    shutil.copytree(service, service.parent / "worker")
    stale = hook("layer-atlantis-check")
    assert stale.returncode == 1 and "atlantis.yaml is stale" in stale.stderr
