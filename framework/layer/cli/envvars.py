"""Every option can be set from the environment: LAYER_<COMMAND>_<OPTION>, named after the option's long flag.

`layer run-all --parallelism 4` is `LAYER_RUN_ALL_PARALLELISM=4 layer run-all`; a subcommand adds its
name (`LAYER_ATLANTIS_GENERATE_CHECK=1`). A flag on the command line wins over the environment; a bad
value from the environment is a usage error like a bad flag. `--help` shows each option's variable, and
docs/cli.md lists them all (a unit test keeps the list complete).
"""

from __future__ import annotations

import click

PREFIX = "LAYER"


def variable_name(*words: str) -> str:
    return "_".join(words).upper().replace("-", "_")


def long_flag(option: click.Option) -> str | None:
    return next((flag[2:] for flag in option.opts if flag.startswith("--")), None)


def name_environment_variables(command: click.Command, path: tuple[str, ...]) -> None:
    """Give every option of `command` (and of its subcommands) that has no variable of its own one named
    PREFIX_<path...>_<long flag>; idempotent."""
    for param in command.params:
        if not isinstance(param, click.Option) or param.envvar or not param.expose_value:
            continue
        flag = long_flag(param)
        if flag is not None and param.allow_from_autoenv:
            param.envvar = variable_name(PREFIX, *path, flag)
            param.show_envvar = True
    if isinstance(command, click.Group):
        for name, subcommand in command.commands.items():
            name_environment_variables(subcommand, (*path, name))


def option_variables(command: click.Command, path: tuple[str, ...] = ()) -> list[tuple[str, str, str]]:
    """(command path, flags, variable) for every option that reads the environment, in command order."""
    found = []
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            subcommand = command.get_command(ctx, name)
            if subcommand is not None:
                found += option_variables(subcommand, (*path, name))
        return found
    for param in command.params:
        if isinstance(param, click.Option) and isinstance(param.envvar, str):
            found.append((" ".join(path), " / ".join(param.opts + param.secondary_opts), param.envvar))
    return found
