"""The README generator (`layer docs`): rendering, splicing, and --check on a stale README."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from layer.cli.main import _register, cli
from layer.errors import LayerNotFoundError
from layer.interface.docs import (
    BEGIN_MARKER,
    END_MARKER,
    DocsStatus,
    check_readme,
    default_module_roots,
    discover_modules,
    render_docs,
    update_readme,
)
from layer.interface.spec import clear_cache, load_module

VERSIONS = """\
terraform {
  required_version = ">= 1.9.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100.0, < 6.0.0"
    }
  }
}
"""

VARIABLES = """\
variable "name" {
  description = "Bucket name"
  type        = string
}

variable "mode" {
  description = "One of a|b, <not html>, `code|span`.\\nSecond line."
  type        = object({ sep = optional(string, "|"), n = optional(number, 1) })
  default     = { sep = "|" }
}

variable "enabled" {
  description = "Toggle"
  type        = bool
  default     = true
}
"""

OUTPUTS = """\
output "arn" {
  description = "The ARN"
  value       = "x"
}

output "password" {
  description = "Secret"
  value       = "y"
  sensitive   = true
}
"""


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("LAYER_CACHE_DIR", "off")
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def module(tmp_path: Path) -> Path:
    directory = tmp_path / "modules" / "bucket"
    directory.mkdir(parents=True)
    (directory / "versions.tf").write_text(VERSIONS)
    (directory / "variables.tf").write_text(VARIABLES)
    (directory / "outputs.tf").write_text(OUTPUTS)
    (directory / "README.md").write_text(f"# bucket\n\nProse.\n\n{BEGIN_MARKER}\n{END_MARKER}\n\nAfter.\n")
    return directory


def test_render_tables_sorted_and_escaped(module: Path) -> None:
    text = render_docs(load_module(module))
    assert text.startswith(BEGIN_MARKER + "\n") and text.endswith(END_MARKER + "\n")
    lines = text.splitlines()
    assert "| `terraform` | `>= 1.9.0` |" in lines
    assert "| `aws` | `>= 5.100.0, < 6.0.0` |" in lines
    inputs = [line for line in lines if line.startswith("| `") and line.count("|") >= 6]
    assert [line.split("`")[1] for line in inputs] == ["enabled", "mode", "name"]
    assert "| `name` | Bucket name | `string` | n/a | yes |" in lines
    assert "| `enabled` | Toggle | `bool` | `true` | no |" in lines
    mode = next(line for line in lines if line.startswith("| `mode`"))
    assert "One of a\\|b, &lt;not html&gt;, `code\\|span`.<br>Second line." in mode
    assert '`object({sep = optional(string, "\\|"), n = optional(number, 1)})`' in mode
    assert '`{"sep": "\\|"}`' in mode
    assert "| `arn` | The ARN | no |" in lines
    assert "| `password` | Secret | yes |" in lines


def test_render_is_deterministic(module: Path) -> None:
    first = render_docs(load_module(module))
    clear_cache()
    assert render_docs(load_module(module)) == first


def test_update_then_check_current(module: Path) -> None:
    assert check_readme(module).status is DocsStatus.STALE
    assert update_readme(module).status is DocsStatus.UPDATED
    text = (module / "README.md").read_text()
    assert text.startswith("# bucket\n\nProse.\n\n" + BEGIN_MARKER)
    assert text.endswith(END_MARKER + "\n\nAfter.\n")
    assert check_readme(module).status is DocsStatus.CURRENT
    assert update_readme(module).status is DocsStatus.CURRENT


def test_readme_goes_stale_when_a_variable_changes(module: Path) -> None:
    update_readme(module)
    variables = module / "variables.tf"
    variables.write_text(variables.read_text() + '\nvariable "added" {\n  description = "New"\n  type = string\n}\n')
    result = check_readme(module)
    assert result.status is DocsStatus.STALE
    assert "stale" in result.describe() and str(module) in result.describe()


def test_missing_markers_and_missing_readme(module: Path) -> None:
    readme = module / "README.md"
    readme.write_text("# bucket\n")
    assert check_readme(module).status is DocsStatus.NO_MARKERS
    assert update_readme(module).status is DocsStatus.UPDATED
    assert readme.read_text().startswith("# bucket\n\n" + BEGIN_MARKER)
    readme.unlink()
    assert check_readme(module).status is DocsStatus.NO_README
    assert update_readme(module).status is DocsStatus.CREATED
    assert check_readme(module).status is DocsStatus.CURRENT


def test_module_without_anything(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text("locals {}\n")
    text = render_docs(load_module(tmp_path))
    assert "No requirements." in text and "No inputs." in text and "No outputs." in text


def test_discover_modules(module: Path, tmp_path: Path) -> None:
    parent = module.parent
    (parent / "not-a-module").mkdir()
    assert discover_modules([parent]) == [module]
    assert discover_modules([module, parent]) == [module]
    with pytest.raises(LayerNotFoundError):
        discover_modules([parent / "not-a-module"])
    with pytest.raises(LayerNotFoundError):
        discover_modules([tmp_path / "missing"])
    assert default_module_roots(tmp_path) == [parent]
    (tmp_path / "bootstrap").mkdir()
    (tmp_path / "bootstrap" / "main.tf").write_text("locals {}\n")
    assert default_module_roots(tmp_path) == [parent, tmp_path / "bootstrap"]


def test_cli_check_fails_and_names_each_stale_readme(module: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _register()
    monkeypatch.chdir(module.parent.parent)
    runner = CliRunner()
    result = runner.invoke(cli, ["docs", "--check"])
    assert result.exit_code == 1
    assert "modules/bucket/README.md: stale" in result.output

    result = runner.invoke(cli, ["docs"])
    assert result.exit_code == 0, result.output
    assert "1 README(s) written" in result.output

    result = runner.invoke(cli, ["docs", "--check", "modules/bucket"])
    assert result.exit_code == 0, result.output
    assert "1 current, 0 not current" in result.output


def test_layer_docs_check_exit_code_through_main(module: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from layer.cli.main import main

    monkeypatch.chdir(module.parent.parent)
    monkeypatch.setattr("sys.argv", ["layer", "docs", "--check", "modules"])
    with pytest.raises(SystemExit) as info:
        main()
    assert info.value.code == 1
