"""bench/loops.py and its part of docs/performance.md: a loop over its target says why from its own
measurement (computing or waiting), a failed loop is never a figure, and `make test` is listed even when
the run did not time it."""

from __future__ import annotations

from bench.loops import LoopResult, why_slow
from bench.report import Machine, Results, loop_targets, loops_section


def loop(name: str, seconds: float, cpu: float, target: float | None, returncode: int = 0) -> LoopResult:
    failure = "" if returncode == 0 else "exit 1: boom"
    return LoopResult(name, name, target, seconds, cpu, returncode, (0.5, 0.5, 0.5), failure)


def results(*loops: LoopResult) -> Results:
    machine = Machine("2026-12-03 17:00", 2, 23.5, "3.11", "1.11.4", "0.1.0", "abc1234", "Linux x86_64")
    return Results(quick=False, machine=machine, repeats=3, loops=list(loops))


def test_waiting_and_computing_loops_are_told_apart() -> None:
    assert why_slow(loop("make demo (up)", 600, 300, 300), 2).startswith("mostly waiting")
    computing = why_slow(loop("make unit", 60, 110, 20), 2)
    assert computing.startswith("computing") and "at least 55 s" in computing


def test_targets_met_missed_failed_and_make_test_not_run() -> None:
    found = {
        t.text: t
        for t in loop_targets(
            results(
                loop("make unit", 60, 110, 20),
                loop("one module's gate (kms)", 20, 25, None),
                loop("make demo (up)", 250, 100, 300),
                loop("make demo-down", 200, 50, 120, returncode=1),
            )
        )
    }
    assert set(found) == {"make unit ≤ 20 s", "make demo (up) ≤ 5 min", "make demo-down ≤ 2 min", "make test ≤ 15 min"}
    assert not found["make unit ≤ 20 s"].met and "computing" in found["make unit ≤ 20 s"].why
    assert found["make demo (up) ≤ 5 min"].met
    assert found["make demo-down ≤ 2 min"].figure is None and "boom" in found["make demo-down ≤ 2 min"].verdict()
    assert "BENCH_MAKE_TEST=1" in found["make test ≤ 15 min"].verdict()


def test_the_section_lists_every_loop_and_each_failure() -> None:
    text = "\n".join(loops_section(results(loop("make unit", 60, 110, 20), loop("make demo-down", 9, 1, 120, 1))))
    assert "| make unit | `make unit` |" in text and "make demo-down failed: exit 1: boom" in text
    assert "Not run" in "\n".join(loops_section(results()))


def test_stored_results_render_the_same_report() -> None:
    """`bench/run.py --render` re-renders from results.json: the figures read back are the ones written
    (int keys of dict[int, ...] included), so the report is the same text."""
    import dataclasses
    import json

    from bench.peer import PeerResult
    from bench.report import render_markdown, results_from_json

    stored = results(loop("make unit", 60, 110, 20), loop("make demo (up)", 250, 100, 300))
    stored.peer = PeerResult(sceptre_version="4.7.0", sizes=[100], edges={100: 99})
    stored.loads = {"loops": (1.0, 1.5, 2.0)}
    again = results_from_json(json.dumps(dataclasses.asdict(stored), default=str))
    assert again == stored
    assert render_markdown(again) == render_markdown(stored)
