"""`layer docs [PATHS...] [--check]`: the generated inputs/outputs section of module READMEs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from layer.cli.main import cli
from layer.errors import LayerNotFoundError, Location
from layer.interface.docs import check_readmes, default_module_roots, discover_modules, update_readmes


@cli.command("docs")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--check", is_flag=True, help="Change nothing; exit 1 and name each README that is not current.")
def docs(paths: tuple[Path, ...], check: bool) -> None:
    """Write the Requirements, Inputs and Outputs tables between <!-- BEGIN_TF_DOCS --> and
    <!-- END_TF_DOCS --> in each module's README.md, and in each README.md of its examples/*/
    (how to run it, Requirements, Providers, Modules, Inputs, Outputs).

    PATHS are module directories or directories of modules (default: modules/ and bootstrap/)."""
    roots = list(paths) or default_module_roots(Path())
    if not roots:
        raise LayerNotFoundError("no modules/ or bootstrap/ here", Location(Path.cwd()), "give module paths")
    modules = discover_modules(roots)
    if check:
        results = [result for module in modules for result in check_readmes(module)]
        bad = [r for r in results if not r.status.ok]
        for result in bad:
            click.echo(result.describe(), err=True)
        click.echo(f"docs: {len(results) - len(bad)} current, {len(bad)} not current")
        if bad:
            sys.exit(1)  # main() runs click with standalone_mode=False
        return
    changed = 0
    for result in (result for module in modules for result in update_readmes(module)):
        if result.status.value != "current":
            changed += 1
            click.echo(result.describe())
    click.echo(f"docs: {len(modules)} module(s), {changed} README(s) written")
