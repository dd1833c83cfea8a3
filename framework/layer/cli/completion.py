"""`layer completion bash|zsh|fish`: the shell completion script click generates for this CLI."""

from __future__ import annotations

import click
from click.shell_completion import get_completion_class

from layer.cli.main import cli

SHELLS = ("bash", "zsh", "fish")
COMPLETE_VAR = "_LAYER_COMPLETE"


@cli.command(name="completion")
@click.argument("shell", type=click.Choice(SHELLS))
def completion_command(shell: str) -> None:
    """Print the completion script for SHELL.

    \b
    bash:  eval "$(layer completion bash)"   in ~/.bashrc
    zsh:   eval "$(layer completion zsh)"    in ~/.zshrc
    fish:  layer completion fish > ~/.config/fish/completions/layer.fish
    """
    completion_class = get_completion_class(shell)
    assert completion_class is not None, f"click supports {shell}"
    click.echo(completion_class(cli, {}, "layer", COMPLETE_VAR).source())
