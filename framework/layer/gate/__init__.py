"""The module quality gate: every check a module must pass, with no AWS and no network.

Per module (modules run in parallel, steps in order):
  fmt       terraform fmt -check -recursive
  static    every variable and output described, every variable typed, tests/*.tftest.hcl and
            examples/complete present, no provider block in the module itself; each example has
            README.md, outputs.tf and versions.tf (the module's constraints)
  docs      README.md generated sections current, the module's and its examples' (`layer docs --check`)
  init      terraform init -backend=false
  validate  terraform validate
  examples  terraform init -backend=false && terraform validate in each examples/*/
  test      terraform test (after the examples' init: run blocks may use them)
And checkov once over all selected modules, beside them. Every terraform run gets its own TF_DATA_DIR under
.layer/gate/<module>/<run id>/, removed afterwards, so no `.terraform` lands in a module and two
gate runs never share one. (`terraform init` still writes the git-ignored .terraform.lock.hcl into
the directory: Terraform has no setting to put it elsewhere.)

Wall time: terraform test starts the AWS provider for every run block, so the gate is CPU-bound.
Modules start longest first (most run blocks), so no long module is left alone at the end, and
terraform runs with GOGC=400 unless GOGC is set: the provider builds its whole schema at each start
and spends a quarter of its CPU in the garbage collector at the default of 100 (measured: kms
`terraform test` 15.8 s CPU -> 11.4 s, `terraform validate` 8.4 s -> 6.7 s; ~0.8 GB peak per
provider instead of ~0.65 GB).

The package (docs/code-map.md): `results` holds what a run finds; `static` the layout checks Terraform
does not make; `checkov` the scan and its report's parsing; `runner` each module's steps and their
scheduling, every command started through the one adapter (layer.terraform.adapter.capture); `report`
the summary table (layer.tables).
"""

from layer.gate.checkov import CheckovFinding, CheckovResult, parse_checkov_output, run_checkov
from layer.gate.report import GateReport, render_summary
from layer.gate.results import DEFAULT_TIMEOUT, STEPS, ModuleResult, StepResult
from layer.gate.runner import run_gate
from layer.gate.static import static_problems

__all__ = [
    "DEFAULT_TIMEOUT",
    "STEPS",
    "CheckovFinding",
    "CheckovResult",
    "GateReport",
    "ModuleResult",
    "StepResult",
    "parse_checkov_output",
    "render_summary",
    "run_checkov",
    "run_gate",
    "static_problems",
]
