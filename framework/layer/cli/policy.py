"""`layer policy check PLAN_JSON...`: the Rego policies of atlantis/policies/ against saved plans."""

from __future__ import annotations

from pathlib import Path

import click

from layer.cli.main import cli
from layer.cli.options import json_file_option, to_stdout, write_json_document
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
@json_file_option("Write the results as JSON here")
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
    for_people = to_stdout(json_path)  # `--json -`: standard output is the JSON, the rest goes to standard error
    for result in results:
        print_result(result, for_people)
    failed = [r for r in results if not r.passed]
    click.echo(f"{len(results) - len(failed)} plan(s) passed, {len(failed)} violate the policy", err=for_people)
    if json_path is not None:
        write_json_document(json_path, {"passed": not failed, "plans": [r.as_dict() for r in results]})
    return 1 if failed else 0


def print_result(result: PolicyResult, to_stderr: bool = False) -> None:
    if not result.violations:
        click.echo(f"PASS {result.source}", err=to_stderr)
        return
    for violation in result.violations:
        status = "FAIL" if violation.fails else "WARN"
        click.echo(f"{status} {result.source}: {violation.line()}", err=to_stderr)
