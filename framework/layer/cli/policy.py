"""`layer policy check PLAN_JSON...`: the Rego policies of atlantis/policies/ against saved plans."""

from __future__ import annotations

import json
from pathlib import Path

import click

from layer.cli.main import cli
from layer.policy import (
    OVERRIDE_ENV,
    PolicyEngine,
    PolicyResult,
    PolicySettings,
    check_plans,
    find_policy_dir,
    load_policies,
    override_from_environment,
)


@cli.group(name="policy")
def policy() -> None:
    """Plan policy: the guardrails Atlantis runs through conftest, run here through regopy."""


@policy.command(name="check")
@click.argument("plans", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--policy-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The .rego files (default: $LAYER_POLICY_DIR, else atlantis/policies/ of the repository).",
)
@click.option(
    "--allow-destroy",
    is_flag=True,
    help=f"The override: a prod plan may destroy more than the limit (also {OVERRIDE_ENV}=1).",
)
@click.option("--environment", help="The plans' environment (default: the provider's Environment tag).")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), help="Write results here.")
def check(
    plans: tuple[Path, ...],
    policy_dir: Path | None,
    allow_destroy: bool,
    environment: str | None,
    json_path: Path | None,
) -> int:
    """Evaluate every PLAN_JSON (`terraform show -json` of a saved plan) against the policies.

    Exit code: 0 no violation (warnings allowed), 1 any violation or error. Never 2."""
    settings = PolicySettings(override=allow_destroy or override_from_environment(), environment=environment)
    engine = PolicyEngine(load_policies(find_policy_dir(policy_dir)), settings)
    results = check_plans(plans, engine)
    for result in results:
        print_result(result)
    failed = [r for r in results if not r.passed]
    click.echo(f"{len(results) - len(failed)} plan(s) passed, {len(failed)} violate the policy")
    if json_path is not None:
        json_path.write_text(json.dumps([r.as_dict() for r in results], indent=2) + "\n", encoding="utf-8")
    return 1 if failed else 0


def print_result(result: PolicyResult) -> None:
    if not result.violations:
        click.echo(f"PASS {result.source}")
        return
    for violation in result.violations:
        status = "FAIL" if violation.fails else "WARN"
        click.echo(f"{status} {result.source}: {violation.line()}")
