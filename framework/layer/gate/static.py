"""The module-layout checks Terraform itself does not make."""

from __future__ import annotations

from pathlib import Path

from layer.errors import LayerError
from layer.interface.docs import README, example_dirs, has_tf_files
from layer.interface.hcl import scan_blocks
from layer.interface.spec import ModuleSpec, load_module

# What each example carries, as terraform-aws-modules' examples do, and what to do when it is missing.
EXAMPLE_FILES = {
    README: "run `layer docs MODULE`: it writes the README from the example's .tf files and main.tf's header comment",
    "outputs.tf": "pass through the module outputs a caller wants to see, each output with a description",
    "versions.tf": "a terraform block: required_version and required_providers as in the module's versions.tf",
}


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
    for example in example_dirs(module):
        problems += example_problems(module, spec, example)
    return problems


def example_problems(module: Path, spec: ModuleSpec, example: Path) -> list[str]:
    """An example's README.md, outputs.tf and versions.tf, and its requirements equal to the module's."""
    where = f"examples/{example.name}"
    problems = [
        f"{where}/{name}: missing ({hint.replace('MODULE', str(module))})"
        for name, hint in EXAMPLE_FILES.items()
        if not (example / name).is_file()
    ]
    try:
        example_spec = load_module(example)  # first: it reports a file that is not HCL or not UTF-8
    except LayerError as err:
        return [*problems, err.render()]
    for name, kind in (("outputs.tf", "output"), ("versions.tf", "terraform")):
        file = example / name
        if file.is_file() and not _declares(file, kind):
            problems.append(f"{where}/{name}: declares no {kind} block ({EXAMPLE_FILES[name]})")
    for out in sorted(example_spec.outputs.values(), key=lambda o: (o.file.name, o.line)):
        if not out.description:
            problems.append(f'{where}/{out.file.name}:{out.line}: output "{out.name}" has no description')
    versions = example / "versions.tf"
    if versions.is_file() and _declares(versions, "terraform"):  # else the mismatches only repeat that
        problems += _requirement_mismatches(where, spec, example_spec)
    return problems


def _declares(file: Path, kind: str) -> bool:
    return any(span.kind == kind for span in scan_blocks(file.read_text(encoding="utf-8")) or [])


def _requirement_mismatches(where: str, spec: ModuleSpec, example_spec: ModuleSpec) -> list[str]:
    """The module's required_version and provider constraints that the example does not repeat exactly."""
    wanted = [("terraform required_version", spec.required_version, example_spec.required_version)]
    declared = {p.name: p for p in example_spec.providers}
    for provider in spec.providers:
        found = declared.get(provider.name)
        wanted.append((f'provider "{provider.name}" source', provider.source, found.source if found else None))
        wanted.append((f'provider "{provider.name}" version', provider.version, found.version if found else None))
    return [
        f'{where}/versions.tf: {what} is {_shown(have)}, the module\'s is "{want}" (use the same constraint)'
        for what, want, have in wanted
        if want is not None and have != want
    ]


def _shown(value: str | None) -> str:
    return "not set" if value is None else f'"{value}"'
