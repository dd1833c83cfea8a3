"""The module-layout checks Terraform itself does not make."""

from __future__ import annotations

from pathlib import Path

from layer.errors import LayerError
from layer.interface.docs import has_tf_files
from layer.interface.hcl import scan_blocks
from layer.interface.spec import load_module


def static_problems(module: Path) -> list[str]:
    """The module-layout problems terraform itself does not report."""
    problems: list[str] = []
    try:
        spec = load_module(module)
    except LayerError as err:
        return [err.render()]
    for var in sorted(spec.variables.values(), key=lambda v: (v.file.name, v.line)):
        where = f"{var.file.name}:{var.line}"
        if not var.description:
            problems.append(f'{where}: variable "{var.name}" has no description')
        if not var.type_declared:
            problems.append(f'{where}: variable "{var.name}" has no type')
    for out in sorted(spec.outputs.values(), key=lambda o: (o.file.name, o.line)):
        if not out.description:
            problems.append(f'{out.file.name}:{out.line}: output "{out.name}" has no description')
    for file in spec.files:
        spans = scan_blocks(file.read_text(encoding="utf-8")) or []
        for span in spans:
            if span.kind == "provider":
                problems.append(
                    f"{file.name}:{span.line}: provider block in a module "
                    "(configure providers in examples/tests; declare aliases with configuration_aliases)"
                )
    if not sorted((module / "tests").glob("*.tftest.hcl")):
        problems.append("tests/*.tftest.hcl: no terraform tests")
    if not has_tf_files(module / "examples" / "complete"):
        problems.append("examples/complete: missing (every module has at least this example)")
    return problems
