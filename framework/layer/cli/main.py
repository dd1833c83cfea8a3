"""Entry point of the `layer` CLI. Errors are rendered here, once.

Commands load lazily: `layer validate` imports only what validation needs (not boto3, not the HCL
parser's docs generator), which keeps start-up short on every call.
"""

from __future__ import annotations

import importlib
import signal
import sys

import click

from layer import __version__
from layer.errors import LayerError

# command name -> module that defines it (the module's decorator attaches it to `cli` on import)
COMMANDS = {
    "affected": "layer.cli.affected",
    "apply": "layer.cli.run",
    "architecture": "layer.cli.architecture",
    "atlantis": "layer.cli.atlantis_cmd",
    "bootstrap": "layer.cli.bootstrap",
    "demo": "layer.cli.demo",
    "destroy": "layer.cli.run",
    "docs": "layer.cli.docs_cmd",
    "emulator": "layer.cli.emulator",
    "graph": "layer.cli.graph",
    "init": "layer.cli.run",
    "modules": "layer.cli.modules_cmd",
    "output": "layer.cli.run",
    "plan": "layer.cli.run",
    "promote": "layer.cli.promote",
    "render": "layer.cli.render",
    "run-all": "layer.cli.run",
    "status": "layer.cli.status",
    "validate": "layer.cli.validate",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(COMMANDS[cmd_name])
        return self.commands.get(cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="layer")
def cli() -> None:
    """Layered configuration for Terraform: YAML trees in, ordered Terraform runs out."""


def _register() -> None:
    """Load every command (for tools that walk the whole CLI, such as the docs test)."""
    for module in sorted(set(COMMANDS.values())):
        importlib.import_module(module)


def main() -> None:
    # Ctrl-C (or a CI runner's SIGINT) must reach layer even when it was started with SIGINT ignored (a
    # background job of a non-interactive shell inherits SIG_IGN): layer forwards it to Terraform once, so
    # Terraform stops cleanly and releases its state lock.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        code = cli.main(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except LayerError as err:
        click.echo(err.render(), err=True)
        sys.exit(err.exit_code)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as err:
        err.show()
        sys.exit(err.exit_code)
    except click.exceptions.Exit as err:
        sys.exit(err.exit_code)
