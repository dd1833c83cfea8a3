"""`layer emulator start|stop|status`: the moto server that live/local runs against."""

from __future__ import annotations

from pathlib import Path

import click

from layer import emulator as emu
from layer.cli.main import cli

state_option = click.option(
    "--state-dir",
    type=click.Path(path_type=Path),
    default=Path(".layer"),
    show_default=True,
    help="Where the PID record and the log are kept.",
)


@cli.group()
def emulator() -> None:
    """Run the local AWS emulator (moto) on 127.0.0.1."""


@emulator.command()
@click.option("--port", type=int, default=emu.DEFAULT_PORT, show_default=True)
@state_option
def start(port: int, state_dir: Path) -> None:
    """Start moto and wait until it answers."""
    info = emu.start(state_dir, port)
    click.echo(f"emulator running: {info.url} (pid {info.pid}, log {info.log})")
    if port != emu.DEFAULT_PORT:
        click.echo(f"live/local reads the endpoint from LAYER_EMULATOR_URL: export LAYER_EMULATOR_URL={info.url}")


@emulator.command()
@state_option
def stop(state_dir: Path) -> None:
    """Stop the emulator this project started (by its recorded PID). Its data is gone with it."""
    info = emu.stop(state_dir)
    click.echo(f"emulator stopped (pid {info.pid})" if info else "no emulator was running")


@emulator.command()
@state_option
def status(state_dir: Path) -> None:
    """Say whether the emulator runs and answers."""
    info = emu.status(state_dir)
    if info is None:
        click.echo("emulator: not running")
        raise SystemExit(1)
    state = "answering" if emu.answers(info.url) else "NOT answering"
    click.echo(f"emulator: running, {state}, {info.url} (pid {info.pid})")
