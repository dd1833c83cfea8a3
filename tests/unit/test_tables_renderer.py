"""layer.tables: plain text off a terminal (stable for tests and scripts), rich on one."""

from __future__ import annotations

import io

import pytest

from layer.tables import Column, on_terminal, plain_table, render_table

COLUMNS = (Column("LAYER"), Column("RESULT"), Column("ADD", align="right"), Column("NOTE", free=True))
ROWS = (("env/network", "changes", "3", "plan used mocks"), ("env/kms", "no changes", "12", ""))


def test_plain_table_pads_aligns_and_leaves_empty_free_text_out() -> None:
    assert plain_table(COLUMNS, ROWS).splitlines() == [
        "LAYER        RESULT      ADD  NOTE",
        "env/network  changes       3  plan used mocks",
        "env/kms      no changes   12",
    ]


def test_render_table_off_a_terminal_is_plain() -> None:
    assert render_table(COLUMNS, ROWS, terminal=False) == plain_table(COLUMNS, ROWS)


def test_rich_table_keeps_every_cell_and_draws_a_header_rule() -> None:
    drawn = render_table(COLUMNS, ROWS, terminal=True, width=100)
    assert drawn != plain_table(COLUMNS, ROWS)
    assert "─" in drawn
    for row in ROWS:
        assert all(cell in drawn for cell in row)


def test_rich_table_prints_brackets_as_text() -> None:
    drawn = render_table((Column("LAYER"),), (("[red]env/x[/red]",),), terminal=True, width=60)
    assert "[red]env/x[/red]" in drawn


def test_a_row_of_the_wrong_shape_is_refused() -> None:
    with pytest.raises(ValueError, match="2 cells for 4 columns"):
        render_table(COLUMNS, (("a", "b"),), terminal=False)


def test_only_the_last_column_may_be_free_text() -> None:
    with pytest.raises(ValueError, match="last column"):
        render_table((Column("A", free=True), Column("B")), (), terminal=False)


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_terminal_is_false_in_ci_and_for_pipes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert on_terminal(_Tty())
    assert not on_terminal(io.StringIO())
    monkeypatch.setenv("CI", "true")
    assert not on_terminal(_Tty())
