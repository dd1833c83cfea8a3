"""`layer apply LAYER` plans into a plan file, shows Terraform's plan, asks, then applies exactly that file.

On a terminal (a pseudo-terminal here) the plan text comes before the question and the apply after the
answer; one `terraform plan -out=tfplan` ran and the apply was `terraform apply ... tfplan`, never
`-auto-approve`. No changes: nothing is asked or applied, exit 0. A "no": nothing applied."""

from __future__ import annotations

import os
import pty
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.integration.conftest import LAYER_BIN, Moto, faults_env, layer_cli

pytestmark = pytest.mark.integration
LAYER = ROOT / "tests/fixtures/policy_tree/live/test/closed_ssh"
GROUP = "acme-policy-10-0-0-0-8"
QUESTION = "Apply this plan to test/closed_ssh?"


def on_terminal(args: list[str], env: dict[str, str], answer: str) -> subprocess.CompletedProcess[str]:
    """`layer ARGS...` with a terminal on stdin that already holds the answer to the question."""
    controller, terminal = pty.openpty()
    try:
        os.write(controller, answer.encode() + b"\n")
        return subprocess.run(
            [LAYER_BIN, *args],
            env={**os.environ, **env},
            stdin=terminal,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
    finally:
        os.close(terminal)
        os.close(controller)


def commands_in(logs: Path, subcommand: str) -> list[str]:
    """Every `terraform SUBCOMMAND` any log of the layer's work dir recorded."""
    return [
        line
        for log in sorted(logs.glob("*.log"))
        for line in log.read_text().splitlines()
        if line.startswith("$ ") and line.split()[2:3] == [subcommand]
    ]


def group_description(moto: Moto) -> str | None:
    ec2 = moto.client("ec2")
    groups = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": [GROUP]}])  # type: ignore[attr-defined]
    found = groups["SecurityGroups"]
    return str(found[0]["Description"]) if found else None


def test_apply_shows_the_plan_asks_then_applies_that_plan_file(moto: Moto, tmp_path: Path) -> None:
    env = faults_env(moto, tmp_path, "apply-shows")
    logs = tmp_path / "work" / "work" / "live" / "test" / "closed_ssh" / "logs"

    refused = layer_cli(["apply", str(LAYER)], env)  # no terminal, no --yes: refused before any Terraform
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "no terminal" in refused.stderr and not logs.exists()

    first = on_terminal(["apply", str(LAYER)], env, "y")
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr
    out = first.stdout
    shown, asked, applied = out.find("will be created"), out.find(QUESTION), out.find("Apply complete!")
    assert -1 < shown < asked < applied, out[-3000:]
    plans, applies = commands_in(logs, "plan"), commands_in(logs, "apply")
    assert len(plans) == 1 and "-out=tfplan" in plans[0], plans
    assert len(applies) == 1 and applies[0].endswith(" tfplan") and "-auto-approve" not in applies[0], applies
    assert group_description(moto) == "policy fixture"

    # Unattended (--yes): one `terraform apply` plans and applies under one state lock (no window between a
    # plan and its apply in which another run could take the lock); nothing to change here.
    again = layer_cli(["apply", str(LAYER), "--yes"], env)
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr
    applies = commands_in(logs, "apply")
    assert len(commands_in(logs, "plan")) == 1 and len(applies) == 2 and "-auto-approve" in applies[1], applies

    declined = on_terminal(["apply", str(LAYER)], {**env, "LAYER_TEST_SG_DESCRIPTION": "changed"}, "n")
    assert declined.returncode == 130, declined.stdout[-3000:] + declined.stderr
    assert declined.stdout.find("must be replaced") < declined.stdout.find(QUESTION), declined.stdout[-3000:]
    assert len(commands_in(logs, "apply")) == 2, "a declined plan is never applied"
    assert group_description(moto) == "policy fixture"


def test_run_all_apply_shows_each_layers_plan_before_asking(moto: Moto, tmp_path: Path) -> None:
    env = faults_env(moto, tmp_path, "apply-preview")
    declined = on_terminal(["run-all", "apply", str(LAYER.parent)], env, "n")
    assert declined.returncode == 130, declined.stdout[-3000:] + declined.stderr
    out = declined.stdout
    preview, asked = out.find("the plans of the 2 layer(s) to apply"), out.find("Proceed?")
    assert -1 < preview < asked, out
    rows = out[preview:asked]
    assert "test/closed_ssh  changes" in rows and "test/open_ssh    changes" in rows, rows
    assert not list((tmp_path / "work").rglob("apply.log")), "declined: nothing applied"
