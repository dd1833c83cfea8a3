"""One table renderer for every table the CLI prints (run summaries, status, the module gate's summary).

On a terminal a table is drawn by rich (aligned columns, a rule under the header, long cells wrapped to the
terminal's width). Anywhere else (a pipe, a file, CI logs, click's test runner) it is plain text with a
stable shape that tests and scripts can read: each column padded to its widest cell, two spaces between
columns, numbers right-aligned, and a last free-text column (a note, a detail) neither padded nor
followed by spaces when empty. `CI=true` means plain text even on a terminal (CI logs are read later).

    from layer.tables import Column, render_table
    text = render_table([Column("LAYER"), Column("ADD", align="right"), Column("NOTE", free=True)], rows)
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, TextIO

GAP = "  "  # between plain-text columns


@dataclass(frozen=True)
class Column:
    header: str
    align: Literal["left", "right"] = "left"
    free: bool = False  # free text, last column only: not padded, left out of a row where it is empty


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def on_terminal(stream: TextIO | None = None) -> bool:
    """Draw for people: the stream (standard output by default) is a terminal and this is not CI."""
    target = stream if stream is not None else sys.stdout
    try:
        return bool(target.isatty()) and not in_ci()
    except (AttributeError, ValueError):  # a closed or stand-in stream
        return False


def render_table(
    columns: Sequence[Column], rows: Sequence[Sequence[str]], terminal: bool | None = None, width: int | None = None
) -> str:
    """The table as text, without a final newline: rich on a terminal, plain text otherwise (`terminal`
    None: decide by standard output). Every row has one cell per column."""
    _check_shape(columns, rows)
    drawn = on_terminal() if terminal is None else terminal
    return rich_table(columns, rows, width) if drawn else plain_table(columns, rows)


def _check_shape(columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> None:
    if any(c.free for c in columns[:-1]):
        raise ValueError("only the last column may be free text")
    for row in rows:
        if len(row) != len(columns):
            raise ValueError(f"a row has {len(row)} cells for {len(columns)} columns: {list(row)!r}")


def plain_table(columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> str:
    table = [[c.header for c in columns], *[list(row) for row in rows]]
    padded = columns[:-1] if columns and columns[-1].free else columns
    widths = [max(len(row[i]) for row in table) for i in range(len(padded))]
    lines = []
    for row in table:
        cells = [_pad(row[i], widths[i], padded[i].align) for i in range(len(padded))]
        if len(padded) < len(columns) and row[-1]:
            cells.append(row[-1])
        lines.append(GAP.join(cells).rstrip())
    return "\n".join(lines)


def _pad(text: str, width: int, align: str) -> str:
    return text.rjust(width) if align == "right" else text.ljust(width)


def rich_table(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int | None = None) -> str:
    """Drawn by rich, as text with escape codes for bold headers (click.echo strips them off a terminal)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for column in columns:
        table.add_column(column.header, justify=column.align, overflow="fold")
    for row in rows:
        table.add_row(*row)
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width or shutil.get_terminal_size((120, 24)).columns,
        force_terminal=True,
        no_color=bool(os.environ.get("NO_COLOR")),
        highlight=False,
        markup=False,
        emoji=False,
    )
    console.print(table)
    return "\n".join(line.rstrip() for line in buffer.getvalue().rstrip("\n").splitlines())
