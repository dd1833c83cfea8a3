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
from layer.cli import colour
from layer.cli.envvars import name_environment_variables
from layer.errors import LayerError
from layer.plan.stop import exit_code_for, raise_terminated

# command name -> module that defines it (the module's decorator attaches it to `cli` on import)
COMMANDS = {
    "affected": "layer.cli.affected",
    "apply": "layer.cli.run",
    "architecture": "layer.cli.architecture",
    "atlantis": "layer.cli.atlantis_cmd",
    "bootstrap": "layer.cli.bootstrap",
    "completion": "layer.cli.completion",
    "demo": "layer.cli.demo",
    "destroy": "layer.cli.run",
    "docs": "layer.cli.docs_cmd",
    "emulator": "layer.cli.emulator",
    "force-unlock": "layer.cli.terraform_cmd",
    "graph": "layer.cli.graph",
    "init": "layer.cli.run",
    "modules": "layer.cli.modules_cmd",
    "output": "layer.cli.run",
    "plan": "layer.cli.run",
    "policy": "layer.cli.policy",
    "promote": "layer.cli.promote",
    "render": "layer.cli.render",
    "report": "layer.cli.report_cmd",
    "run-all": "layer.cli.run",
    "slo": "layer.cli.slo_cmd",
    "state": "layer.cli.state_cmd",
    "state-push": "layer.cli.terraform_cmd",
    "status": "layer.cli.status",
    "terraform": "layer.cli.terraform_cmd",
    "validate": "layer.cli.validate",
    "version": "layer.cli.version",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(COMMANDS[cmd_name])
        command = self.commands.get(cmd_name)
        if command is not None:
            name_environment_variables(command, (cmd_name,))  # LAYER_RUN_ALL_PARALLELISM (docs/cli.md)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="layer")
@click.option(
    "--no-color",
    is_flag=True,
    envvar="LAYER_NO_COLOR",
    show_envvar=True,
    help="No colour even on a terminal (NO_COLOR=1 does the same); output that is not a terminal has none.",
)
def cli(no_color: bool) -> None:
    """Layered configuration for Terraform: YAML trees in, ordered Terraform runs out."""
    colour.switch_off(no_color)


def _register() -> None:
    """Load every command (for tools that walk the whole CLI, such as the docs test)."""
    for module in sorted(set(COMMANDS.values())):
        importlib.import_module(module)


USAGE_ERROR = 64  # sysexits' EX_USAGE: never 2, which means "changes present"
INTERRUPTED = 130


def main() -> None:
    """Run the CLI with the exit-code contract: 0 no changes, 2 changes present, 1 failure, 64 usage error,
    130 Ctrl-C. Whatever goes wrong ends in one line on stderr, never a traceback."""
    # Ctrl-C (or a CI runner's SIGINT) must reach layer even when it was started with SIGINT ignored (a
    # background job of a non-interactive shell inherits SIG_IGN): layer forwards it to Terraform once, so
    # Terraform stops cleanly and releases its state lock.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, raise_terminated)  # a CI/Atlantis cancel stops like Ctrl-C, exit 143
    try:
        code = cli.main(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except LayerError as err:
        click.echo(colour.message(err.render()), err=True)
        sys.exit(_failure_code(err.exit_code))
    except (click.exceptions.Abort, KeyboardInterrupt) as err:
        click.echo("aborted", err=True)
        sys.exit(exit_code_for(err))  # 130 (Ctrl-C), 143 (SIGTERM)
    except click.UsageError as err:
        err.show()
        sys.exit(USAGE_ERROR)
    except click.ClickException as err:
        err.show()
        sys.exit(_failure_code(err.exit_code))
    except click.exceptions.Exit as err:
        sys.exit(err.exit_code)
    except SystemExit:
        raise
    except Exception as err:  # the one place an unexpected exception is reported
        _report_crash(err)
        sys.exit(1)


def _failure_code(code: int) -> int:
    """An error's own code, except the two that mean success (0 no changes, 2 changes present)."""
    return 1 if code in (0, 2) else code


def _report_crash(err: Exception) -> None:
    from layer.crash import internal_error_line, write_crash_log

    try:
        log = write_crash_log(err, sys.argv)
    except Exception:  # the report itself must not end in a traceback
        log = None
    click.echo(internal_error_line(err, log), err=True)
