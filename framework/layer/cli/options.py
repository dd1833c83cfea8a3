"""Options and output helpers shared by the commands."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import click

from layer.cli import colour
from layer.config.model import LAYER_FILE
from layer.config.tree import find_root
from layer.errors import LayerNotFoundError

F = TypeVar("F", bound=Callable[..., Any])
_echo_lock = threading.Lock()

SCHEMA_VERSION = 1  # of every JSON report: bump it when a field changes meaning or goes away
STDOUT = "-"  # `--json -`
LISTED_LAYERS = 5  # layers named in the hint of a directory that is not a layer
# single-layer commands that `run-all` also runs; the others point to one of the directory's layers
RUN_ALL_COMMANDS = ("init", "plan", "apply", "destroy")


def echo_line(line: str) -> None:
    with _echo_lock:
        click.echo(colour.layer_line(line))


def echo_line_to_stderr(line: str) -> None:
    with _echo_lock:
        click.echo(colour.layer_line(line), err=True)


def to_stdout(json_path: Path | None) -> bool:
    """`--json -`: the JSON report is standard output, so whatever is for people goes to standard error."""
    return json_path is not None and str(json_path) == STDOUT


def stream_echo(json_path: Path | None) -> Callable[[str], None]:
    return echo_line_to_stderr if to_stdout(json_path) else echo_line


def write_json_document(target: Path, document: Mapping[str, Any]) -> None:
    """A JSON report with its schema version, to the file `target` or, for `-`, to standard output."""
    text = json.dumps({"schema_version": SCHEMA_VERSION, **document}, indent=2)
    if to_stdout(target):
        click.echo(text)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text + "\n")


def json_file_option(help_text: str) -> Callable[[F], F]:
    return click.option(
        "--json", "json_path", type=click.Path(path_type=Path), help=f"{help_text} ('-': standard output)."
    )


def path_argument(default: str = ".") -> Callable[[F], F]:
    return click.argument(
        "path", type=click.Path(exists=True, file_okay=True, path_type=None), default=default, required=False
    )


def selection_options(func: F) -> F:
    func = click.option(
        "--exclude", multiple=True, metavar="GLOB", help="Skip layers whose id matches (not even parsed)."
    )(func)
    func = click.option(
        "--include", multiple=True, metavar="GLOB", help="Only layers whose id matches (and what they need)."
    )(func)
    return func


# --------------------------------------------------------------------------------------------------
# One layer: the rule every single-layer command shares


def is_layer_dir(directory: Path) -> bool:
    """A layer is a directory with a layer.yaml (a broken one is the loader's error to report, not this)."""
    return os.path.lexists(directory / LAYER_FILE)


def layers_under(directory: Path) -> list[Path]:
    found = []
    for parent, subdirs, files in os.walk(directory):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        if LAYER_FILE in files:
            found.append(Path(parent))
    return found


def not_a_layer(directory: Path, command: str) -> LayerNotFoundError:
    """The error for a single-layer command given a directory that is not a layer: it says what to run."""
    return LayerNotFoundError(
        f"{directory} is not a layer (no {LAYER_FILE} in it): `layer {command}` runs in one layer",
        hint=_what_to_run(directory, command, layers_under(directory)),
    )


def _what_to_run(directory: Path, command: str, below: list[Path]) -> str:
    if not below:
        return f"no layer under {directory} either: name a directory that holds a {LAYER_FILE}"
    if command == "output":
        return f"every layer's outputs under it ({len(below)} layer(s)): layer output {directory} --json"
    if command in RUN_ALL_COMMANDS:
        return f"to {command} every layer under it ({len(below)} layer(s)): layer run-all {command} {directory}"
    named = ", ".join(str(p) for p in below[:LISTED_LAYERS]) + (", ..." if len(below) > LISTED_LAYERS else "")
    return f"name one layer's directory: {named}"


def _one_layer(ctx: click.Context, _param: click.Parameter, value: Path | str | None) -> Path | None:
    """An existing directory that is not a layer is refused (a missing one is click's usage error, 64)."""
    if value is None:
        return None
    directory = Path(value)
    if not ctx.resilient_parsing and directory.is_dir() and not is_layer_dir(directory):
        find_root(directory)  # outside any tree that error says more
        raise not_a_layer(directory, ctx.info_name or "")
    return directory


def layer_argument(func: F) -> F:
    """LAYER_PATH of a single-layer command: an existing directory that is a layer, else an error (exit 1)."""
    return click.argument(
        "layer_path", type=click.Path(exists=True, file_okay=False, path_type=Path), callback=_one_layer
    )(func)
