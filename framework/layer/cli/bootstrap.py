"""`layer bootstrap ENV [--check]`: create (or check) the state backend of an environment."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from layer import bootstrap as boot
from layer.cli.main import cli
from layer.cli.options import echo_line


@cli.command(name="bootstrap")
@click.argument("env_path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--check", is_flag=True, help="Only report drift of an existing backend; change nothing.")
@click.option("--quiet", "-q", is_flag=True, help="Do not stream Terraform's output.")
def bootstrap_command(env_path: Path, check: bool, quiet: bool) -> None:
    """Create the state bucket, key and lock table of ENV_PATH, then move their state into the bucket.

    Run again, it changes nothing. Exit code with --check: 0 no drift, 2 drift."""
    echo = None if quiet else echo_line
    result = boot.check(env_path, echo) if check else boot.bootstrap(env_path, echo)
    c = result.changes
    click.echo(
        f"bootstrap {result.layer_id}: {result.action} "
        f"({c.add} to add, {c.change} to change, {c.destroy} to destroy); state: s3://{result.bucket}/{result.key}"
    )
    if check and result.action == "drift":
        sys.exit(2)
