"""The run-all apply journal and what --resume may skip (layer.plan.journal)."""

from __future__ import annotations

from pathlib import Path

import pytest

from layer.errors import LayerError
from layer.plan.executor import LayerResult
from layer.plan.journal import (
    ResumeRefused,
    check_same_layers,
    journal_file,
    read_journal,
    record_run,
    skippable,
)

RESULTS = {
    "env/a": LayerResult("env/a", "applied"),
    "env/b": LayerResult("env/b", "done before"),
    "env/c": LayerResult("env/c", "failed"),
    "env/d": LayerResult("env/d", "skipped"),
}


def test_a_run_that_did_not_finish_is_kept_and_one_that_did_is_dropped(tmp_path: Path) -> None:
    target = journal_file(tmp_path, "live/env")
    assert target != journal_file(tmp_path, "live/env/x")
    kept = record_run(target, "live/env", RESULTS, 1, "T0", "T1", "abc")
    assert kept is not None and kept.applied == ["env/a", "env/b"]
    assert read_journal(target, "live/env") == kept
    assert record_run(target, "live/env", RESULTS, 0, "T2", "T3", None) is None
    assert not target.exists()
    with pytest.raises(ResumeRefused, match="nothing to resume"):
        read_journal(target, "live/env")


def test_an_unreadable_journal_is_named(tmp_path: Path) -> None:
    target = journal_file(tmp_path, "live")
    target.parent.mkdir(parents=True)
    target.write_text("{")
    with pytest.raises(LayerError) as caught:
        read_journal(target, "live")
    assert str(target) in caught.value.render()


def test_another_set_of_layers_refuses(tmp_path: Path) -> None:
    journal = record_run(journal_file(tmp_path, "x"), "x", RESULTS, 1, "T0", "T1", None)
    assert journal is not None
    check_same_layers(journal, ["env/d", "env/c", "env/b", "env/a"], "x")
    with pytest.raises(ResumeRefused, match=r"new: env/e; gone: env/d"):
        check_same_layers(journal, ["env/a", "env/b", "env/c", "env/e"], "x")


def test_only_layers_still_in_sync_are_skipped(tmp_path: Path) -> None:
    journal = record_run(journal_file(tmp_path, "x"), "x", RESULTS, 1, "T0", "T1", None)
    assert journal is not None
    calm = {"env/a": ("in sync", "ok"), "env/b": ("in sync", "ok")}
    assert sorted(skippable(journal, calm, "x")) == ["env/a", "env/b"]
    moved = {**calm, "env/b": ("changed outside layer", "state serial is 9")}
    with pytest.raises(ResumeRefused, match="env/b: state serial is 9"):
        skippable(journal, moved, "x")
