"""The README generator (`layer docs`): rendering, splicing, and --check on a stale README."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from layer.cli.main import _register, cli
from layer.errors import ConfigSyntaxError, LayerNotFoundError
from layer.interface.docs import (
    BEGIN_MARKER,
    END_MARKER,
    DocsStatus,
    check_readme,
    check_readmes,
    default_module_roots,
    discover_modules,
    example_dirs,
    is_example,
    render_docs,
    render_example_docs,
    update_readme,
    update_readmes,
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


# --------------------------------------------------------------------------------------------------
# examples: MODULE/examples/NAME/README.md

EXAMPLE_MAIN = """\
# The bucket with its defaults,
# and a second one in us-east-1.

provider "aws" {
  region = "ap-northeast-2"
}

provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
}

variable "prefix" {
  description = "Name prefix"
  type        = string
  default     = "ex"
}

module "bucket" {
  source = "../.."
  name   = "${var.prefix}-one"
}

module "registry" {
  source    = "terraform-aws-modules/s3-bucket/aws"
  version   = "4.1.0"
  providers = { aws = aws.us_east_1 }
}
"""

EXAMPLE_OUTPUTS = """\
output "bucket_arn" {
  description = "ARN of the bucket."
  value       = module.bucket.arn
}
"""


@pytest.fixture
def example(module: Path) -> Path:
    directory = module / "examples" / "complete"
    directory.mkdir(parents=True)
    (directory / "main.tf").write_text(EXAMPLE_MAIN)
    (directory / "outputs.tf").write_text(EXAMPLE_OUTPUTS)
    (directory / "versions.tf").write_text(VERSIONS)
    return directory


def test_examples_are_found_under_their_module(module: Path, example: Path) -> None:
    (module / "examples" / "notes").mkdir()  # no .tf files: not an example
    assert example_dirs(module) == [example]
    assert is_example(example) and not is_example(module)
    assert example_dirs(example) == []
    assert [r.readme for r in check_readmes(module)] == [module / "README.md", example / "README.md"]


def test_example_readme_is_generated_from_the_example(module: Path, example: Path) -> None:
    results = update_readmes(module)
    assert [r.status for r in results] == [DocsStatus.UPDATED, DocsStatus.CREATED]
    text = (example / "README.md").read_text()
    before, section = text.split(BEGIN_MARKER)
    assert before == "# bucket example: complete\n\nThe bucket with its defaults,\nand a second one in us-east-1.\n\n"
    assert section.endswith(END_MARKER + "\n")
    assert "```sh\nterraform init && terraform plan\n```" in section
    lines = section.splitlines()
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == ["## Usage", "## Requirements", "## Providers", "## Modules", "## Inputs", "## Outputs"]
    assert "| `aws` | `>= 5.100.0, < 6.0.0` |" in lines
    assert "| `aws.us_east_1` | `>= 5.100.0, < 6.0.0` |" in lines
    assert "| `bucket` | `../..` | n/a |" in lines
    assert "| `registry` | `terraform-aws-modules/s3-bucket/aws` | `4.1.0` |" in lines
    assert '| `prefix` | Name prefix | `string` | `"ex"` | no |' in lines
    assert "| `bucket_arn` | ARN of the bucket. | no |" in lines
    assert render_example_docs(load_module(example)) == BEGIN_MARKER + section
    assert [r.status for r in check_readmes(module)] == [DocsStatus.CURRENT, DocsStatus.CURRENT]


def test_stale_example_readme_fails_the_check(module: Path, example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    update_readmes(module)
    readme = example / "README.md"
    readme.write_text(readme.read_text() + "\nHand-written notes stay.\n")
    (example / "outputs.tf").write_text(EXAMPLE_OUTPUTS.replace("bucket_arn", "bucket_id"))
    assert [r.status for r in check_readmes(module)] == [DocsStatus.CURRENT, DocsStatus.STALE]

    _register()
    monkeypatch.chdir(module.parent.parent)
    runner = CliRunner()
    result = runner.invoke(cli, ["docs", "--check"])
    assert result.exit_code == 1
    assert "modules/bucket/examples/complete/README.md: stale (run `layer docs modules/bucket/examples/complete`)" in (
        result.output
    )
    assert "1 current, 1 not current" in result.output

    result = runner.invoke(cli, ["docs", "modules/bucket/examples/complete"])  # an example given directly
    assert result.exit_code == 0, result.output
    assert "| `bucket_id` |" in readme.read_text() and "| `bucket_arn` |" not in readme.read_text()
    assert readme.read_text().endswith(END_MARKER + "\n\nHand-written notes stay.\n")
    assert runner.invoke(cli, ["docs", "--check", "modules"]).exit_code == 0


def test_example_readme_needs_a_description(module: Path, example: Path) -> None:
    (example / "main.tf").write_text(EXAMPLE_MAIN.split("\n\n", 1)[1])  # no header comment
    update_readme(module)
    result = update_readme(example)
    assert result.status is DocsStatus.NO_DESCRIPTION and not result.status.ok
    assert (example / "README.md").read_text().startswith("# bucket example: complete\n\n" + BEGIN_MARKER)
    assert "no description of what the example shows" in result.describe()
    assert check_readme(example).status is DocsStatus.NO_DESCRIPTION
    readme = example / "README.md"
    readme.write_text(readme.read_text().replace("\n\n", "\n\nWhat it shows.\n\n", 1))
    assert check_readme(example).status is DocsStatus.CURRENT


def test_bad_example_files_are_config_errors_naming_the_file(
    module: Path, example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    update_readmes(module)
    _register()
    monkeypatch.chdir(module.parent.parent)
    main = example / "main.tf"
    main.write_text(EXAMPLE_MAIN.replace('module "bucket" {', 'module "bucket" {\n  source ='))
    result = CliRunner().invoke(cli, ["docs", "--check"])
    assert result.exit_code == 1 and result.exception is not None
    with pytest.raises(ConfigSyntaxError) as info:
        check_readmes(module)
    assert "examples/complete/main.tf" in info.value.render()

    main.write_text(EXAMPLE_MAIN)
    (example / "README.md").write_bytes(b"# bucket example\n\xff\xfe not UTF-8\n")
    with pytest.raises(ConfigSyntaxError) as info:
        check_readmes(module)
    assert "examples/complete/README.md" in info.value.render() and "not UTF-8" in info.value.render()
