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
    for a, b in graph.edges():
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


# -- destroy is the exact mirror of apply ----------------------------------------------------------------------
@pytest.mark.parametrize("seed", range(5))
def test_destroy_starts_layers_in_the_exact_mirror_of_apply(seed: int) -> None:
    graph = random_dag(seed, 15)
    applied, destroyed = Recorder(), Recorder()
    execute(graph, applied, parallelism=1)
    execute(graph, destroyed, parallelism=1, reverse=True)
    assert destroyed.started == list(reversed(applied.started))


def test_run_plan_destroy_order_and_waves_mirror_apply() -> None:
    from pathlib import Path

    from layer.config.model import Tree
    from layer.plan.plan import RunPlan

    tree = Tree(root=Path("/tree"), layers={}, selected=())
    apply, destroy = RunPlan("apply", tree, diamond(), {}), RunPlan("destroy", tree, diamond(), {})
    assert apply.order == ["lonely", "net", "kms", "sg", "app"]
    assert destroy.order == list(reversed(apply.order))
    assert destroy.waves == [["app"], ["sg", "kms"], ["net", "lonely"]]


# -- a stopped run: its code in the summary and reports ---------------------------------------------------
def _plan_of(results: dict[str, LayerResult]) -> object:
    from pathlib import Path

    from layer.config.model import Tree
    from layer.plan.plan import RunPlan

    g = nx.DiGraph()
    g.add_nodes_from(results)
    return RunPlan("apply", Tree(root=Path("/tree"), layers={}, selected=()), LayerGraph(g), {})


def test_a_stopped_run_reports_the_code_it_exits_with() -> None:
    from layer.plan.report import json_report, markdown_summary, summary_table

    results = {"a": LayerResult("a", "applied"), "b": LayerResult("b", "interrupted", message="interrupted")}
    plan = _plan_of(results)
    for code in (130, 143):
        assert summary_table(plan, results, code).endswith(f"exit code {code}")  # type: ignore[arg-type]
        assert json_report(plan, results, code)["exit_code"] == code  # type: ignore[arg-type]
        assert markdown_summary(plan, results, code).startswith(f"### layer apply: exit code {code}")  # type: ignore[arg-type]
    assert summary_table(plan, results).endswith("exit code 1")  # type: ignore[arg-type]


AWS_FAILURE = (
    "terraform apply: creating KMS Key: operation error KMS: CreateKey, https response error StatusCode: 400, "
    "RequestID: 6f1c9a7e-0b5a-4b8e-9d6e-2f5d9d7d1a11, api error AccessDeniedException: User: "
    "arn:aws:sts::111122223333:assumed-role/ci/session is not authorized to perform: kms:CreateKey"
)


def test_markdown_keeps_the_aws_error_code_of_a_long_error() -> None:
    from layer.plan.report import markdown_summary

    long_prefix = "terraform apply: " + "while doing something quite long, " * 6 + AWS_FAILURE.split(": ", 1)[1]
    for message in (AWS_FAILURE, long_prefix):
        results = {"kms": LayerResult("kms", "failed", message=message)}
        row = markdown_summary(_plan_of(results), results).splitlines()[-1]  # type: ignore[arg-type]
        assert "StatusCode: 400" in row and "api error AccessDeniedException" in row, row
    results = {"kms": LayerResult("kms", "failed", message="x" * 400)}
    assert len(markdown_summary(_plan_of(results), results).splitlines()[-1]) < 220  # type: ignore[arg-type]


def test_errored_state_is_in_the_json_report_and_the_failure_details() -> None:
    from pathlib import Path

    from layer.plan.report import json_report, summary_table

    errored = Path("/work/kms/errored.tfstate")
    results = {
        "kms": LayerResult(
            "kms", "state not saved", message="terraform apply: Failed to save state", errored_state=errored
        )
    }
    plan = _plan_of(results)
    assert json_report(plan, results)["layers"][0]["errored_state"] == str(errored)  # type: ignore[arg-type]
    assert "kms state not saved:\n  terraform apply: Failed to save state" in summary_table(plan, results)  # type: ignore[arg-type]
    assert exit_code(results) == EXIT_ERROR


# -- SIGTERM: the run stops like Ctrl-C and says 143 ------------------------------------------------------
def test_sigterm_during_a_run_stops_it_with_exit_code_143() -> None:
    import os
    import signal

    from layer.plan.executor import Interrupted
    from layer.plan.stop import EXIT_TERMINATED, install_handlers
    from layer.terraform import adapter

    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    install_handlers()
    finished = threading.Event()

    def run(node: str) -> LayerResult:
        if node == "net":
            os.kill(os.getpid(), signal.SIGTERM)  # delivered to the main thread, waiting in the executor
            adapter.interrupt_requested.wait(10)
        finished.set()
        return LayerResult(node, "failed" if adapter.interrupt_requested.is_set() else "applied")

    try:
        with pytest.raises(Interrupted) as stopped:
            execute(diamond(), run, parallelism=1)
    finally:
        adapter.interrupt_requested.clear()
        for sig, handler in saved.items():
            signal.signal(sig, handler)
    assert stopped.value.exit_code == EXIT_TERMINATED
    assert stopped.value.results["net"].status == "interrupted"
    assert {stopped.value.results[n].status for n in ("kms", "sg", "app")} == {"skipped"}
    assert finished.is_set(), "the running layer was waited for"


def test_no_terraform_starts_once_a_run_is_stopped(tmp_path: object) -> None:
    from pathlib import Path

    from layer.terraform import adapter

    adapter.interrupt_requested.set()
    try:
        result = adapter.Terraform(workdir=Path(str(tmp_path)), env={}, binary="/bin/true").run(["version"])
    finally:
        adapter.interrupt_requested.clear()
    assert (result.returncode, result.interrupted) == (130, True)


# -- Terraform's errors: the AWS answer kept, in a box or not ------------------------------------------------
BOXED = """\
╷
│ Error: Failed to get existing workspaces: S3 bucket "nope" does not exist.
│
│ The referenced S3 bucket must have been previously created.
│
│ Error: operation error S3: ListObjectsV2, https response error StatusCode:
│ 404, RequestID: abc, HostID: , api error NoSuchBucket: The specified bucket
│ does not exist
│
╵
"""


def test_first_error_keeps_the_aws_answer_from_the_detail() -> None:
    from layer.terraform.adapter import first_error

    expected = (
        'Failed to get existing workspaces: S3 bucket "nope" does not exist: Error: operation error S3: '
        "ListObjectsV2, https response error StatusCode: 404, RequestID: abc, HostID: , api error NoSuchBucket: "
        "The specified bucket does not exist"
    )
    assert first_error(BOXED) == expected
    unboxed = BOXED.replace("│ ", "").replace("│", "").replace("╷", "").replace("╵", "")
    assert first_error(unboxed) == expected
    coloured = "\x1b[31m│\x1b[0m \x1b[1m\x1b[31mError: \x1b[0m\x1b[0m\x1b[1mError acquiring the state lock\x1b[0m\n"
    assert first_error(coloured) == "Error acquiring the state lock"
    assert first_error("Error: Invalid value\n\nno aws here\n\nError: second") == "Invalid value"
