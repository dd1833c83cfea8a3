"""Options and output helpers shared by the commands."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])
_echo_lock = threading.Lock()


def echo_line(line: str) -> None:
    with _echo_lock:
        click.echo(line)


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
