from __future__ import annotations

import random
import threading
import time

import networkx as nx
import pytest

from layer.config.graph import LayerGraph
from layer.plan.executor import LayerResult, execute
from layer.plan.report import EXIT_CHANGES, EXIT_ERROR, EXIT_OK, exit_code
from layer.terraform.adapter import Changes
from tests.unit.test_graph import random_dag


def diamond() -> LayerGraph:
    g = nx.DiGraph([("net", "kms"), ("net", "sg"), ("kms", "app"), ("sg", "app")])
    g.add_node("lonely")
    return LayerGraph(g)


class Recorder:
    def __init__(self, fail: set[str] = frozenset(), delay: float = 0.0) -> None:  # type: ignore[assignment]
        self.fail = fail
        self.delay = delay
        self.started: list[str] = []
        self.finished: list[str] = []
        self.active = 0
        self.max_active = 0
        self.lock = threading.Lock()

    def __call__(self, node: str) -> LayerResult:
        with self.lock:
            self.started.append(node)
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        time.sleep(self.delay)
        with self.lock:
            self.active -= 1
            self.finished.append(node)
        return LayerResult(node, "failed" if node in self.fail else "no changes")


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("reverse", [False, True])
def test_every_layer_starts_after_its_prerequisites_finished(seed: int, reverse: bool) -> None:
    graph = random_dag(seed, 20)
    events: list[tuple[str, str]] = []
    lock = threading.Lock()

    def run(node: str) -> LayerResult:
        with lock:
            events.append(("start", node))
        time.sleep(0.001)
        with lock:
            events.append(("end", node))
        return LayerResult(node, "no changes")

    results = execute(graph, run, parallelism=4, reverse=reverse)
    assert all(r.ok for r in results.values())
    assert len(events) == 2 * len(graph.nodes)
    for a, b in graph.graph.edges:
        first, second = (b, a) if reverse else (a, b)
        assert events.index(("end", first)) < events.index(("start", second))


def test_parallelism_is_used_and_capped() -> None:
    g = nx.DiGraph()
    g.add_nodes_from(f"n{i}" for i in range(8))
    rec = Recorder(delay=0.05)
    execute(LayerGraph(g), rec, parallelism=3)
    assert rec.max_active == 3


def test_fail_fast_skips_dependents_and_stops_new_work() -> None:
    rec = Recorder(fail={"net"})
    results = execute(diamond(), rec, parallelism=1)
    assert results["net"].status == "failed"
    assert {results[n].status for n in ("kms", "sg", "app")} == {"skipped"}
    assert "net did not succeed" in results["app"].message
    assert exit_code(results) == EXIT_ERROR


def test_keep_going_runs_independent_layers() -> None:
    rec = Recorder(fail={"kms"})
    results = execute(diamond(), rec, parallelism=1, keep_going=True)
    assert results["sg"].status == "no changes"
    assert results["lonely"].status == "no changes"
    assert results["app"].status == "skipped"
    assert "app" not in rec.started


def test_destroy_order_is_reverse() -> None:
    rec = Recorder()
    execute(diamond(), rec, parallelism=1, reverse=True)
    assert rec.started.index("app") < rec.started.index("kms") < rec.started.index("net")


def test_unexpected_exception_becomes_a_failed_layer() -> None:
    def boom(node: str) -> LayerResult:
        raise RuntimeError("bug")

    results = execute(diamond(), boom, parallelism=2, keep_going=True)
    assert results["net"].status == "failed"
    assert "internal error" in results["net"].message


@pytest.mark.parametrize(
    ("statuses", "code"),
    [
        (["no changes", "no changes"], EXIT_OK),
        (["no changes", "changes"], EXIT_CHANGES),
        (["changes", "failed"], EXIT_ERROR),
        (["applied", "skipped"], EXIT_ERROR),
        (["applied", "destroyed", "ok"], EXIT_OK),
        (["interrupted"], EXIT_ERROR),
    ],
)
def test_exit_code_contract(statuses: list[str], code: int) -> None:
    results = {str(i): LayerResult(str(i), s, Changes(1 if s == "changes" else 0)) for i, s in enumerate(statuses)}
    assert exit_code(results) == code


def test_random_order_is_stable_for_same_graph() -> None:
    seed = random.randint(0, 10_000)
    assert random_dag(seed).order() == random_dag(seed).order()


def test_parse_changes_with_imports_and_apply_and_destroy() -> None:
    from layer.terraform.adapter import parse_changes

    assert parse_changes("Plan: 1 to import, 16 to add, 1 to change, 0 to destroy.") == Changes(16, 1, 0)
    assert parse_changes("Plan: 2 to add, 0 to change, 1 to destroy.") == Changes(2, 0, 1)
    assert parse_changes("Apply complete! Resources: 3 added, 1 changed, 0 destroyed.") == Changes(3, 1, 0)
    assert parse_changes("Destroy complete! Resources: 4 destroyed.") == Changes(0, 0, 4)
    assert parse_changes("No changes. Your infrastructure matches the configuration.") == Changes()
