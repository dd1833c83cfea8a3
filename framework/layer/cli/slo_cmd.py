"""`layer slo generate [PATH...] [--check]`: Prometheus rules, alerts and a dashboard from slos.yaml (ADR 0025)."""

from __future__ import annotations

import difflib
from pathlib import Path

import click

from layer.cli.main import cli
from layer.config.tree import find_root
from layer.errors import LayerError, Location, MultipleErrors
from layer.slo import SLO_FILE, GeneratedFile, SloError, find_slo_files, generated_files, load_slo_file


def _names_base(source: Path) -> Path:
    """What the generated files' headers name paths relative to: the directory holding the tree (live/'s
    parent), so that the files are the same wherever the repository is cloned and whatever the cwd."""
    return find_root(source.parent).parent


@cli.group()
def slo() -> None:
    """Service level objectives: rules, burn-rate alerts and dashboards from slos.yaml."""


@slo.command(name="generate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--check", is_flag=True, help="Write nothing; fail (exit 1) when a generated file is missing or stale.")
def generate_command(paths: tuple[Path, ...], check: bool) -> None:
    """Generate, beside every slos.yaml at or below PATHS (default: live), the Prometheus rules
    (slo-rules.yaml: SLI recordings, page and ticket burn-rate alerts), a Grafana dashboard
    (slo-dashboard.json) and the layer's prometheus_rule_groups input (_defaults.yaml)."""
    targets = list(paths) or [Path("live")]
    if not paths and not targets[0].is_dir():
        raise click.UsageError("no PATH given and no ./live directory: name the tree, e.g. layer slo generate live")
    sources = find_slo_files(targets)
    if not sources:
        raise SloError(
            f"no {SLO_FILE} at or below {', '.join(map(str, targets))}",
            Location(targets[0]),
            f"SLOs are declared in a {SLO_FILE} beside the monitoring layer's layer.yaml "
            "(docs/adr/0025-slo-generation.md)",
        )
    files = _all_generated(sources)
    if check:
        _check(files)
        return
    for generated in files:
        if generated.is_current():
            continue
        generated.path.write_text(generated.text)
        click.echo(f"wrote {generated.path}")
    click.echo(f"ok: {len(sources)} {SLO_FILE} file(s), {len(files)} generated file(s) current")


def _all_generated(sources: list[Path]) -> list[GeneratedFile]:
    """Every generated file of every source; all sources' errors are reported together."""
    files: list[GeneratedFile] = []
    errors: list[LayerError] = []
    for source in sources:
        try:
            files.extend(generated_files(load_slo_file(source), _names_base(source)))
        except MultipleErrors as many:
            errors.extend(many.errors)
        except LayerError as err:
            errors.append(err)
    if errors:
        raise errors[0] if len(errors) == 1 else MultipleErrors(errors)
    return files


def _check(files: list[GeneratedFile]) -> None:
    stale = [f for f in files if not f.is_current()]
    for generated in stale:
        current = generated.path.read_text() if generated.path.is_file() else ""
        diff = difflib.unified_diff(
            current.splitlines(), generated.text.splitlines(), str(generated.path), "generated", lineterm=""
        )
        click.echo("\n".join(list(diff)[:40]), err=True)
    if stale:
        names = ", ".join(str(f.path) for f in stale)
        raise SloError(
            f"{len(stale)} generated SLO file(s) missing or stale: {names}",
            Location(stale[0].path),
            "run `layer slo generate` and commit the files it writes",
        )
    click.echo(f"ok: {len(files)} generated SLO file(s) current")
