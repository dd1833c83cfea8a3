"""Runs layers in dependency order, independent ones in parallel, and stops the right ones on failure."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from layer.config.graph import LayerGraph
from layer.plan.plan import run_order
from layer.plan.planjson import ResourceChange
from layer.plan.stop import exit_code_for, signals_ignored
from layer.policy import Violation
from layer.terraform.adapter import Changes, interrupt_all, wait_all

SIGNAL_CHECK_SECONDS = 0.5
DONE_BEFORE = "done before"  # run-all apply --resume: the failed run it resumes applied this layer
OK_STATUSES = ("ok", "no changes", "changes", "applied", "destroyed", DONE_BEFORE)


@dataclass
class LayerResult:
    layer_id: str
    status: str
    changes: Changes = field(default_factory=Changes)
    seconds: float = 0.0
    message: str = ""
    mocked: tuple[str, ...] = ()
    log: Path | None = None
    errored_state: Path | None = None  # Terraform could not save the state: it is in this file
    policy: tuple[Violation, ...] = ()  # plan --policy: what the policies said about this layer's plan
    resources: tuple[ResourceChange, ...] = ()  # plan: each resource it changes (terraform show -json)

    @property
    def ok(self) -> bool:
        return self.status in OK_STATUSES


def execute(
    graph: LayerGraph,
    run_layer: Callable[[str], LayerResult],
    parallelism: int,
    keep_going: bool = False,
    reverse: bool = False,
) -> dict[str, LayerResult]:
    """Run every node once its prerequisites succeeded (dependencies; dependents when reverse)."""

    def prerequisites(node: str) -> list[str]:
        return graph.dependents(node) if reverse else graph.dependencies(node)

    def downstream(node: str) -> set[str]:
        return graph.descendants(node, reverse)

    order = run_order(graph, reverse)
    results: dict[str, LayerResult] = {}
    running: dict[Future[LayerResult], str] = {}
    stop_reason = ""
    with ThreadPoolExecutor(max_workers=max(1, parallelism), thread_name_prefix="layer") as pool:
        try:
            while True:
                if not stop_reason:
                    for node in order:
                        if node in results or node in running.values():
                            continue
                        if len(running) >= parallelism:
                            break
                        if all(results.get(p) is not None and results[p].ok for p in prerequisites(node)):
                            running[pool.submit(run_layer, node)] = node
                if not running:
                    break
                # A timeout, so that the main thread runs Python's signal handlers (Ctrl-C, SIGTERM) within a
                # moment even when the kernel delivered the signal to a worker thread.
                done, _ = wait(list(running), timeout=SIGNAL_CHECK_SECONDS, return_when=FIRST_COMPLETED)
                for future in done:
                    node = running.pop(future)
                    try:
                        result = future.result()
                    except Exception as err:  # an unexpected bug must not hide the other layers' results
                        result = LayerResult(node, "failed", message=f"internal error: {err!r}")
                    results[node] = result
                    if not result.ok:
                        for other in sorted(downstream(node)):
                            results.setdefault(other, LayerResult(other, "skipped", message=f"{node} did not succeed"))
                        if not keep_going and not stop_reason:
                            stop_reason = f"not run: {node} failed (fail-fast; use --keep-going)"
        except KeyboardInterrupt as stop:  # Ctrl-C, or SIGTERM (layer.plan.stop.Terminated)
            code = exit_code_for(stop)
            with signals_ignored():
                _stop_running(running, results)
            for node in order:
                results.setdefault(node, LayerResult(node, "skipped", message="not run: interrupted"))
            raise _Interrupted(results, code) from None
    for node in order:
        results.setdefault(node, LayerResult(node, "skipped", message=stop_reason or "not run"))
    return results


def _stop_running(running: dict[Future[LayerResult], str], results: dict[str, LayerResult]) -> None:
    """Forward one SIGINT to every Terraform, wait for them to release their locks, collect what they did."""
    interrupt_all()
    wait_all(timeout=120)
    for future, node in list(running.items()):
        try:
            results[node] = future.result(timeout=30)
        except Exception:
            results[node] = LayerResult(node, "interrupted", message="interrupted")
        if not results[node].ok and results[node].errored_state is None:
            results[node].status = "interrupted"
    running.clear()


class _Interrupted(KeyboardInterrupt):
    def __init__(self, results: dict[str, LayerResult], exit_code: int) -> None:
        super().__init__("interrupted")
        self.results = results
        self.exit_code = exit_code  # 130 after Ctrl-C, 143 after SIGTERM


Interrupted = _Interrupted
