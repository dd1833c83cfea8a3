"""Entry point of the `layer` CLI. Errors are rendered here, once."""

from __future__ import annotations

import sys

import click

from layer import __version__
from layer.errors import LayerError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="layer")
def cli() -> None:
    """Layered configuration for Terraform: YAML trees in, ordered Terraform runs out."""


def _register() -> None:
    # Each command lives in its own module; importing it attaches it to `cli`.
    from layer.cli import commands  # noqa: F401


def main() -> None:
    _register()
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
