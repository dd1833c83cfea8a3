"""Colour on a terminal, none elsewhere: one place for every style the CLI uses.

Text is styled with click.style and written with click.echo, which strips the escape codes when the stream
is not a terminal (a pipe, a file, CI logs). `NO_COLOR` (any non-empty value, https://no-color.org) and the
global `--no-color` switch colour off even on a terminal. Terraform itself always runs with -no-color.
"""

from __future__ import annotations

import os
import re
import threading

import click

# Layer prefixes take these in turn, in the order the layers first print (eight apart before one repeats).
PREFIX_COLOURS = ("cyan", "magenta", "blue", "yellow", "green", "bright_cyan", "bright_magenta", "bright_blue")
STATUS_COLOURS = {
    "error": "red",
    "failed": "red",
    "skipped": "red",
    "interrupted": "red",
    "changes": "yellow",
    "no changes": "green",
    "applied": "green",
    "destroyed": "green",
    "ok": "green",
    "warning": "yellow",
    "note": "cyan",
}
LAYER_PREFIX = re.compile(r"^\[([^\]\s]+)\] ")
STATUS_WORD = re.compile(r"\b(" + "|".join(sorted(map(re.escape, STATUS_COLOURS), key=len, reverse=True)) + r")\b")
LEADING_WORD = re.compile(r"^([ \t]*)(error|warning|note|hint):", re.MULTILINE)

_switched_off = False
_assigned: dict[str, str] = {}
_assigned_lock = threading.Lock()


def switch_off(off: bool) -> None:
    """`--no-color` (or NO_COLOR) for the rest of this process, worker threads included."""
    global _switched_off  # one switch per process, read from streaming threads too
    _switched_off = off


def enabled() -> bool:
    return not _switched_off and not os.environ.get("NO_COLOR")


def paint(text: str, colour: str, bold: bool = False) -> str:
    return click.style(text, fg=colour, bold=bold or None) if enabled() else text


def prefix_colour(layer_id: str) -> str:
    """The next unused colour for a layer seen for the first time: layers running together differ."""
    with _assigned_lock:
        if layer_id not in _assigned:
            _assigned[layer_id] = PREFIX_COLOURS[len(_assigned) % len(PREFIX_COLOURS)]
        return _assigned[layer_id]


def layer_line(line: str) -> str:
    """A streamed `[layer/id] text` line with its prefix in the layer's colour."""
    found = LAYER_PREFIX.match(line)
    if found is None or not enabled():
        return line
    return paint(found.group(0), prefix_colour(found.group(1))) + line[found.end() :]


def message(text: str) -> str:
    """`error:`, `warning:`, `note:` and `hint:` at the start of a line in their colour."""
    if not enabled():
        return text
    return LEADING_WORD.sub(
        lambda m: m.group(1) + paint(m.group(2), STATUS_COLOURS.get(m.group(2), "cyan"), bold=True) + ":", text
    )


def summary(text: str) -> str:
    """A summary table with its status words (changes, failed, no changes...) coloured."""
    if not enabled():
        return text
    return STATUS_WORD.sub(lambda m: paint(m.group(1), STATUS_COLOURS[m.group(1)]), text)
