"""Terraform's own verdict on module inputs: many cases in ONE root module, one `terraform init` and one
`terraform plan` (no provider, so it takes seconds). Used to prove that `layer`'s checks agree with it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

TERRAFORM = shutil.which("terraform")


@dataclass(frozen=True)
class Case:
    type_expr: str
    value: object
    validation: str = ""  # a condition on var.x; the error message is "invalid"
    nullable: bool = True
    default: object = "unset"


def module_text(case: Case) -> str:
    lines = [f"  type = {case.type_expr}"]
    if not case.nullable:
        lines.append("  nullable = false")
    if case.default != "unset":
        lines.append(f"  default = {json.dumps(case.default)}")
    if case.validation:
        lines.append(f'  validation {{\n    condition = {case.validation}\n    error_message = "invalid"\n  }}')
    body = "\n".join(lines)
    return f'variable "x" {{\n{body}\n}}\noutput "x" {{\n  value = var.x\n}}\n'


def terraform_accepts(cases: list[Case], workdir: Path) -> list[bool]:
    """For each case, whether Terraform accepts the value for the variable (plan succeeds for it)."""
    assert TERRAFORM is not None
    calls: list[str] = []
    for index, case in enumerate(cases):
        module = workdir / f"m{index}"
        module.mkdir(parents=True)
        (module / "main.tf").write_text(module_text(case))
        literal = json.dumps(json.dumps(case.value)).replace("${", "$${").replace("%{", "%%{")
        calls.append(f'module "c{index}" {{\n  source = "./m{index}"\n  x = jsondecode({literal})\n}}\n')
    (workdir / "main.tf").write_text("".join(calls))
    env = {**os.environ, "CHECKPOINT_DISABLE": "1", "TF_IN_AUTOMATION": "1", "TF_CLI_CONFIG_FILE": os.devnull}
    init = subprocess.run(
        [TERRAFORM, "init", "-backend=false", "-input=false", "-no-color"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert init.returncode == 0, init.stdout + init.stderr
    plan = subprocess.run(
        [TERRAFORM, "plan", "-input=false", "-no-color", "-refresh=false"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    output = plan.stdout + plan.stderr
    refused = {int(n) for n in re.findall(r'(?:in module "c|module\.c|on m)(\d+)', output)}
    if plan.returncode != 0:
        assert refused, output
    return [index not in refused for index in range(len(cases))]
