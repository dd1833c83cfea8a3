"""Shared test helpers: building layer trees on disk."""

from __future__ import annotations

import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

MODULE_TF = """
variable "name" {
  description = "Name."
  type        = string
}

variable "size" {
  description = "Size."
  type        = number
  default     = 1
}

variable "settings" {
  description = "Settings."
  type        = object({ enabled = bool, tags = optional(map(string), {}) })
  default     = { enabled = true }
}

output "id" {
  description = "Id."
  value       = var.name
}

output "secret" {
  description = "A secret."
  value       = "s3cr3t"
  sensitive   = true
}
"""

ROOT_DEFAULTS = """
root: true
organisation: acme
environment: test
region: ap-northeast-2
tags:
  Owner: platform
  CostCenter: cc-1
backend:
  bucket: acme-state
"""

TreeMaker = Callable[[dict[str, str]], Path]


@pytest.fixture
def make_tree(tmp_path: Path) -> TreeMaker:
    """Write files (path -> text, dedented) under tmp_path/live; a module `modules/m` always exists."""

    def make(files: dict[str, str]) -> Path:
        module = tmp_path / "modules" / "m"
        module.mkdir(parents=True, exist_ok=True)
        (module / "main.tf").write_text(MODULE_TF)
        live = tmp_path / "live"
        all_files = {"_defaults.yaml": ROOT_DEFAULTS, **files}
        for rel, text in all_files.items():
            path = live / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"))
        return live

    return make


def layer_yaml(module_rel: str = "../../modules/m", inputs: str = "name: x", deps: str = "") -> str:
    text = f"module: {module_rel}\ninputs:\n" + textwrap.indent(textwrap.dedent(inputs).strip(), "  ") + "\n"
    if deps:
        text += "dependencies:\n" + textwrap.indent(textwrap.dedent(deps).strip(), "  ") + "\n"
    return text


def git(repo: Path, *args: str) -> str:
    """git in `repo` with a fixed identity (commits in tests need one); the output, stripped."""
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
