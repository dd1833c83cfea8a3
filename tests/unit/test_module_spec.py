"""load_module: a module's interface from its .tf files, with lines, caching and syntax errors."""

from __future__ import annotations

import os
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from layer.errors import ConfigSyntaxError
from layer.interface import spec as spec_module
from layer.interface.hcl import Expression, parse_file, scan_blocks
from layer.interface.spec import clear_cache, load_module
from layer.interface.types import ANY, STRING, ListType, MapType, ObjectType

VERSIONS = """\
terraform {
  required_version = ">= 1.9.0"

  required_providers {
    aws = {
      source                = "hashicorp/aws"
      version               = ">= 5.100.0, < 6.0.0"
      configuration_aliases = [aws.us_east_1]
    }
  }
}
"""

VARIABLES = """\
# leading comment with { braces
variable "name" {
  description = "Name of the thing | with a pipe"
  type        = string

  validation {
    condition     = can(regex("^[a-z]+$", var.name))
    error_message = "lowercase only"
  }
}

variable "subnets" {
  description = <<-EOT
    Subnets by name.
    Braces } in a heredoc do not confuse the scanner.
  EOT
  type = map(object({
    cidr = string
    az   = optional(string)
  }))
  default = {}
}

variable "password" {
  type      = string
  sensitive = true
  nullable  = false
  default   = null
}

variable "untyped" {
  default = ["a", "b"]
}

variable "computed_default" {
  type    = number
  default = 1 + 2
}

variable "escaped" {
  description = "A \\"quoted\\" word and a literal $${x}"
  type        = string
  default     = "${"}"}"
}
"""

MAIN = """\
locals {
  a = "${var.name}-{"
  b = { for k, v in var.subnets : k => v if v.az != null }
}

/* a block comment with } and " */
resource "aws_s3_bucket" "this" {
  bucket = "${local.a}}"
  tags   = { Name = "x" } # trailing } comment
}

module "child" {
  source = "./modules/child"
}

module "registry" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}
"""

OUTPUTS = """\
output "id" {
  description = "The id."
  value       = aws_s3_bucket.this.id
}

output "secret" {
  value     = var.password
  sensitive = true
}
"""


@pytest.fixture(autouse=True)
def _no_disk_cache(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("LAYER_CACHE_DIR", "off")
    clear_cache()
    yield
    clear_cache()


def write_module(directory: Path, files: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text)
    return directory


@pytest.fixture
def module(tmp_path: Path) -> Path:
    return write_module(
        tmp_path / "mod",
        {"versions.tf": VERSIONS, "variables.tf": VARIABLES, "main.tf": MAIN, "outputs.tf": OUTPUTS},
    )


def test_variables(module: Path) -> None:
    spec = load_module(module)
    assert list(spec.variables) == ["name", "subnets", "password", "untyped", "computed_default", "escaped"]

    name = spec.variables["name"]
    assert name.type == STRING and name.type_expr == "string"
    assert name.description == "Name of the thing | with a pipe"
    assert name.required and name.default is None
    assert name.has_validation and name.nullable and not name.sensitive
    assert name.file == module / "variables.tf" and name.line == 2
    assert name.type_declared

    subnets = spec.variables["subnets"]
    assert isinstance(subnets.type, MapType) and isinstance(subnets.type.element, ObjectType)
    assert subnets.description == "Subnets by name.\nBraces } in a heredoc do not confuse the scanner."
    assert not subnets.required and subnets.default == {}
    assert subnets.line == 12

    password = spec.variables["password"]
    assert password.sensitive and not password.nullable
    assert not password.required and password.default is None

    untyped = spec.variables["untyped"]
    assert untyped.type == ANY and untyped.type_expr == "any" and not untyped.type_declared
    assert untyped.default == ["a", "b"] and untyped.description is None

    assert spec.variables["computed_default"].default == Expression("1 + 2")

    escaped = spec.variables["escaped"]
    assert escaped.description == 'A "quoted" word and a literal ${x}'
    assert spec.required_variables == (name,)


def test_outputs_providers_and_module_sources(module: Path) -> None:
    spec = load_module(module)
    assert spec.outputs["id"].description == "The id." and not spec.outputs["id"].sensitive
    assert spec.outputs["id"].file == module / "outputs.tf" and spec.outputs["id"].line == 1
    assert spec.outputs["secret"].sensitive and spec.outputs["secret"].description is None
    assert spec.configuration_aliases == ("aws.us_east_1",)
    assert spec.module_sources == ("./modules/child", "terraform-aws-modules/vpc/aws")
    assert spec.required_version == ">= 1.9.0"
    (aws,) = spec.providers
    assert (aws.name, aws.source, aws.version) == ("aws", "hashicorp/aws", ">= 5.100.0, < 6.0.0")
    assert spec.path == module
    assert [f.name for f in spec.files] == ["main.tf", "outputs.tf", "variables.tf", "versions.tf"]


def test_only_the_directory_itself_is_read(module: Path) -> None:
    write_module(module / "examples" / "complete", {"main.tf": 'variable "other" {}\n'})
    assert "other" not in load_module(module).variables


def test_empty_directory_is_an_empty_module(tmp_path: Path) -> None:
    spec = load_module(tmp_path)
    assert spec.variables == {} and spec.outputs == {} and spec.module_sources == ()


def test_missing_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigSyntaxError, match="does not exist"):
        load_module(tmp_path / "nope")


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    write_module(tmp_path, {"variables.tf": 'variable "a" {\n  type = string\n  default =\n}\n'})
    with pytest.raises(ConfigSyntaxError) as info:
        load_module(tmp_path)
    assert info.value.location is not None
    assert info.value.location.path == tmp_path / "variables.tf"
    assert info.value.location.line in (3, 4)
    assert info.value.hint


def test_unbalanced_file_falls_back_to_the_full_parser_and_fails(tmp_path: Path) -> None:
    write_module(tmp_path, {"main.tf": 'resource "a" "b" {\n  x = 1\n'})
    with pytest.raises(ConfigSyntaxError):
        load_module(tmp_path)


def test_invalid_type_expression(tmp_path: Path) -> None:
    write_module(tmp_path, {"variables.tf": 'variable "a" {\n  type = lst(string)\n}\n'})
    with pytest.raises(ConfigSyntaxError) as info:
        load_module(tmp_path)
    assert 'variable "a"' in info.value.message
    assert info.value.location is not None and info.value.location.line == 1


def test_duplicate_variable_across_files(tmp_path: Path) -> None:
    write_module(tmp_path, {"a.tf": 'variable "x" {}\n', "b.tf": '\n\nvariable "x" {}\n'})
    with pytest.raises(ConfigSyntaxError) as info:
        load_module(tmp_path)
    assert info.value.location is not None
    assert info.value.location.path == tmp_path / "b.tf" and info.value.location.line == 3
    assert "a.tf:1" in (info.value.hint or "")


def test_cached_until_a_file_changes(module: Path) -> None:
    first = load_module(module)
    assert load_module(module) is first
    path = module / "variables.tf"
    path.write_text(path.read_text() + 'variable "added" {\n  type = list(string)\n}\n')
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    second = load_module(module)
    assert second is not first
    assert second.variables["added"].type == ListType(STRING)


def test_cached_call_is_fast(module: Path) -> None:
    load_module(module)
    start = time.perf_counter()
    for _ in range(100):
        load_module(module)
    assert (time.perf_counter() - start) / 100 < 0.005


def test_disk_cache_is_used_across_processes(module: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAYER_CACHE_DIR", str(tmp_path / "cache"))
    first = load_module(module)
    assert list((tmp_path / "cache" / "hcl").glob("*.json"))
    clear_cache()  # as a new process would start

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("parsed again despite the disk cache")

    monkeypatch.setattr(spec_module, "parse_file", refuse)
    assert load_module(module) == first


def test_scanner_finds_top_level_blocks_with_lines() -> None:
    spans = scan_blocks(MAIN)
    assert spans is not None
    assert [(s.kind, s.line) for s in spans] == [
        ("locals", 1),
        ("resource", 7),
        ("module", 12),
        ("module", 16),
    ]
    assert MAIN[spans[1].start : spans[1].end].endswith("}")


@pytest.mark.parametrize(
    "text",
    [
        'locals {\n  a = "${"}"}"\n}\n',
        'locals {\n  a = "$${x}"\n}\n',
        'locals {\n  a = "%{ if true }}%{ endif }"\n}\n',
        "locals {\n  a = <<EOT\n}\n  EOT\n}\n",
        "locals {\n  a = 1 // }\n  # }\n}\n",
        'locals {\n  a = "\\"}"\n}\n',
    ],
)
def test_scanner_agrees_with_the_parser(tmp_path: Path, text: str) -> None:
    spans = scan_blocks(text)
    assert spans is not None and len(spans) == 1
    assert spans[0].end == len(text.rstrip("\n"))
    path = tmp_path / "x.tf"
    assert parse_file(path, text) == parse_file(path, text, kinds=frozenset({"locals"}))


def test_scanner_gives_up_on_what_it_does_not_expect() -> None:
    assert scan_blocks("a = 1\n") is None
    assert scan_blocks('resource "x" "y" {\n') is None
    assert scan_blocks("/* open\n") is None


def test_skipped_blocks_keep_line_numbers(tmp_path: Path) -> None:
    text = textwrap.dedent(
        """\
        resource "a" "b" {
          x = "${1}"
        }

        variable "v" {
          type = string
        }
        """
    )
    blocks = parse_file(tmp_path / "x.tf", text, kinds=frozenset({"variable"}))
    assert [(b.kind, b.labels, b.line) for b in blocks] == [("variable", ("v",), 5)]


def test_load_module_on_a_real_module() -> None:
    root = Path(__file__).resolve().parents[2] / "modules" / "common-tags"
    if not root.is_dir():
        pytest.skip("modules/common-tags not present")
    spec = load_module(root)
    assert {"environment", "owner", "cost_center", "extra_tags"} <= set(spec.variables)
    assert all(v.description and v.type_declared for v in spec.variables.values())
