"""`layer modules test [PATHS...]`: the module quality gate. `layer modules show PATH`: an interface."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from layer.cli.main import cli
from layer.errors import LayerNotFoundError, Location
from layer.gate import DEFAULT_TIMEOUT, run_gate
from layer.interface.docs import discover_modules
from layer.interface.spec import load_module


@cli.group("modules")
def modules_group() -> None:
    """Terraform modules: the quality gate and interface inspection."""


@modules_group.command("test")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Modules tested at the same time (default: the number of CPU cores).",
)
@click.option("--no-checkov", is_flag=True, help="Skip the checkov scan (the summary says so).")
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds before one terraform or checkov command is killed.",
)
def modules_test(paths: tuple[Path, ...], jobs: int | None, no_checkov: bool, timeout: float) -> None:
    """Run the module gate over PATHS (module directories, or directories of modules; default:
    every module under modules/): terraform fmt, static checks, README docs, init, validate,
    examples, terraform test, then checkov once over all of them. No AWS, no network.

    Exits 1 when any module or checkov fails."""
    root = Path.cwd()
    if not paths:
        default = Path("modules")
        if not default.is_dir():
            raise LayerNotFoundError("no modules/ directory here", Location(default), "run from the repo root")
        paths = (default,)
    modules = discover_modules(paths)
    report = run_gate(
        modules,
        root=root,
        jobs=jobs or os.cpu_count() or 1,
        checkov=not no_checkov,
        timeout=timeout,
        echo=click.echo,
    )
    if not report.ok:
        sys.exit(1)  # main() runs click with standalone_mode=False


@modules_group.command("show")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
def modules_show(path: Path) -> None:
    """Print the interface of the module in PATH (variables, outputs, providers) as JSON."""
    spec = load_module(path)
    data = {
        "path": str(spec.path),
        "required_version": spec.required_version,
        "providers": [
            {
                "name": p.name,
                "source": p.source,
                "version": p.version,
                "aliases": list(p.configuration_aliases),
            }
            for p in spec.providers
        ],
        "variables": {
            name: {
                "type": str(v.type),
                "required": v.required,
                "default": None if v.required else v.default,
                "nullable": v.nullable,
                "sensitive": v.sensitive,
                "validation": v.has_validation,
                "description": v.description,
                "at": f"{v.file.name}:{v.line}",
            }
            for name, v in sorted(spec.variables.items())
        },
        "outputs": {
            name: {"sensitive": o.sensitive, "description": o.description, "at": f"{o.file.name}:{o.line}"}
            for name, o in sorted(spec.outputs.items())
        },
        "module_sources": list(spec.module_sources),
    }
    click.echo(json.dumps(data, indent=2, default=str))


@modules_group.command("release")
@click.argument("module", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--bump", type=click.Choice(["patch", "minor", "major"]), default="patch", show_default=True)
@click.option("--no-checkov", is_flag=True, help="Skip the checkov scan of the gate (not for a real release).")
def modules_release(module: Path, bump: str, no_checkov: bool) -> None:
    """Release MODULE (a directory under modules/): check the gate, prepend its CHANGELOG.md entry from
    the module's commits since its last tag, commit it and tag NAME/vX.Y.Z (the first release is v0.1.0).
    Push the tag afterwards: git push origin NAME/vX.Y.Z."""
    import datetime

    from layer.git import toplevel
    from layer.release import release

    root = toplevel(module)

    def gate(path: Path) -> bool:
        report = run_gate(
            discover_modules((path,)),
            root=Path.cwd(),
            jobs=1,
            checkov=not no_checkov,
            timeout=DEFAULT_TIMEOUT,
            echo=click.echo,
        )
        return report.ok

    made = release(root, module, bump, gate, datetime.date.today())
    since = f" since {made.previous}" if made.previous else ""
    click.echo(f"released {made.tag} ({len(made.changes)} change(s){since}); push it: git push origin {made.tag}")
