"""Synthetic layer trees for the benchmarks: environments x regions x stacks of layers.

Inheritance is realistic: `_defaults.yaml` at the root, environment and region levels (and at every
other stack), each layer uses a small real module (terraform_data only) whose variables its inputs
are checked against, and the layers of one region form a random DAG of dependencies.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from pathlib import Path

MODULE_NAME = "bench-app"
ENVIRONMENTS = ("dev", "stage", "prod", "qa")
REGIONS = ("ap-northeast-2", "us-east-1", "eu-west-1")
STACKS = ("network", "security", "data", "compute", "app", "edge")
ACCOUNTS = {"dev": "111111111111", "stage": "222222222222", "prod": "333333333333", "qa": "444444444444"}

MODULE_TF = """\
terraform {
  required_version = ">= 1.9.0"
}

variable "name" {
  description = "Name of the thing."
  type        = string
}

variable "size" {
  description = "How big."
  type        = number
  default     = 1
}

variable "tier" {
  description = "Service tier."
  type        = string
  default     = "standard"
}

variable "settings" {
  description = "Feature settings."
  type        = object({ enabled = bool, replicas = optional(number, 1) })
  default     = { enabled = true }
}

variable "labels" {
  description = "Free-form labels."
  type        = map(string)
  default     = {}
}

variable "upstream" {
  description = "Ids of the layers this one depends on."
  type        = map(string)
  default     = {}
}

resource "terraform_data" "this" {
  input = {
    name     = var.name
    size     = var.size
    tier     = var.tier
    settings = var.settings
    labels   = var.labels
    upstream = var.upstream
  }
}

output "id" {
  description = "Id of the terraform_data resource."
  value       = terraform_data.this.id
}

output "name" {
  description = "The name, as passed in."
  value       = var.name
}

output "summary" {
  description = "Everything the layer was given."
  value       = terraform_data.this.output
}
"""


@dataclass(frozen=True)
class Emulator:
    """Point backend and provider at a local emulator (moto) so that Terraform can run the tree."""

    url: str
    bucket: str


@dataclass(frozen=True)
class TreeSpec:
    layers: int
    environments: tuple[str, ...] = ENVIRONMENTS
    regions: tuple[str, ...] = REGIONS
    stacks: tuple[str, ...] = STACKS
    max_dependencies: int = 3
    window: int = 40  # a layer depends on layers among the `window` generated just before it
    seed: int = 9
    emulator: Emulator | None = None


@dataclass(frozen=True)
class GeneratedTree:
    base: Path  # holds live/ and modules/
    live: Path
    module: Path
    layer_dirs: tuple[Path, ...]
    edges: int

    @property
    def layers(self) -> int:
        return len(self.layer_dirs)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def root_defaults(spec: TreeSpec) -> str:
    text = (
        "root: true\n"
        "organisation: bench\n"
        "region: ap-northeast-2\n"
        "tags:\n  Owner: platform-team\n  CostCenter: cc-bench\n  Project: layer-bench\n"
    )
    if spec.emulator is None:
        return text + "backend:\n  bucket: bench-state\n  region: ap-northeast-2\n"
    url, bucket = spec.emulator.url, spec.emulator.bucket
    skips = "".join(
        f"  {flag}: true\n"
        for flag in (
            "skip_credentials_validation",
            "skip_requesting_account_id",
            "skip_metadata_api_check",
            "skip_region_validation",
        )
    )
    return (
        text
        + "env:\n  AWS_ACCESS_KEY_ID: test\n  AWS_SECRET_ACCESS_KEY: test\n"
        + f"backend:\n  bucket: {bucket}\n  region: ap-northeast-2\n  endpoint_url: {url}\n"
        + "  use_path_style: true\n  max_retries: 2\n"
        + skips
        + f"provider:\n  endpoint_url: {url}\n  s3_use_path_style: true\n  max_retries: 2\n"
        + skips
    )


def env_defaults(env: str) -> str:
    return (
        f"environment: {env}\n"
        f'account_id: "{ACCOUNTS.get(env, "999999999999")}"\n'
        f"inputs:\n  tier: {'critical' if env == 'prod' else 'standard'}\n"
    )


def region_defaults(region: str) -> str:
    return f"region: {region}\ntags:\n  Repository: platform\ninputs:\n  labels:\n    region: {region}\n"


def stack_defaults(stack: str) -> str:
    return f"inputs:\n  size: 2\n  labels:\n    stack: {stack}\n"


def layer_yaml(layer_dir: Path, module: Path, deps: list[Path], index: int) -> str:
    lines = [f"module: {os.path.relpath(module, layer_dir)}"]
    if deps:
        lines.append("dependencies:")
        for n, dep in enumerate(deps):
            lines += [
                f"  d{n}:",
                f"    path: {os.path.relpath(dep, layer_dir)}",
                "    mock_outputs:",
                f"      id: mock-{dep.name}",
            ]
    lines += [
        "inputs:",
        "  name: ${layer.name}",
        "  settings:",
        "    enabled: true",
        f"    replicas: {1 + index % 3}",
    ]
    if deps:
        lines.append("  upstream:")
        lines += [f"    d{n}: ${{dependency.d{n}.outputs.id}}" for n in range(len(deps))]
    return "\n".join(lines) + "\n"


def _groups(spec: TreeSpec) -> list[tuple[str, str]]:
    return [(env, region) for env in spec.environments for region in spec.regions]


def generate(base: Path, spec: TreeSpec) -> GeneratedTree:
    """Write `base/live` (the tree) and `base/modules/bench-app` (the module); return what was made."""
    rng = random.Random(spec.seed)
    live, module = base / "live", base / "modules" / MODULE_NAME
    write(module / "main.tf", MODULE_TF)
    write(live / "_defaults.yaml", root_defaults(spec))
    groups = _groups(spec)
    members: dict[tuple[str, str], list[Path]] = {g: [] for g in groups}
    for env in spec.environments:
        write(live / env / "_defaults.yaml", env_defaults(env))
        for region in spec.regions:
            write(live / env / region / "_defaults.yaml", region_defaults(region))
            for n, stack in enumerate(spec.stacks):
                if n % 2 == 0:
                    write(live / env / region / stack / "_defaults.yaml", stack_defaults(stack))
    edges = 0
    for index in range(spec.layers):
        env, region = groups[index % len(groups)]
        earlier = members[(env, region)]
        stack = spec.stacks[len(earlier) % len(spec.stacks)]
        layer_dir = live / env / region / stack / f"l{index:05d}"
        pool = earlier[-spec.window :]
        deps = rng.sample(pool, rng.randint(0, min(spec.max_dependencies, len(pool))))
        write(layer_dir / "layer.yaml", layer_yaml(layer_dir, module, deps, index))
        earlier.append(layer_dir)
        edges += len(deps)
    dirs = tuple(d for g in groups for d in members[g])
    return GeneratedTree(base, live, module, dirs, edges)
