"""The loops people wait on (issue 20): `make unit`, one module's gate, `make demo` up and down, timed.

Each loop runs as a user runs it (a new process from the repository root) and is measured with
bench.measure.run: wall time and the CPU of the process and everything it waited for (pytest workers,
Terraform, the providers). `make test` takes about half an hour, so it runs only with
BENCH_MAKE_TEST=1; otherwise its row says how to measure it. The demo runs on an emulator of its own
(a free port, its own work directory), so a demo the user has up is never touched.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from bench.measure import LAYER, REPO, load, run

MAKE_TEST_ENV = "BENCH_MAKE_TEST"
GATE_MODULE = "kms"
# Why a loop that mostly waits is slow: the provider's fixed polls (measured in docs/emulator.md).
WAITS = "the AWS provider's fixed polls on the emulator (docs/emulator.md, 'Provider waits')"


@dataclass(frozen=True)
class LoopResult:
    name: str
    command: str
    target_seconds: float | None
    seconds: float
    cpu_seconds: float
    returncode: int
    load: tuple[float, float, float]
    failure: str = ""

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def _timed(name: str, argv: list[str], target: float | None, env: Mapping[str, str], timeout: float) -> LoopResult:
    before = load()
    done = run(argv, env=env, cwd=REPO, timeout=timeout)
    return LoopResult(
        name=name,
        command=" ".join(Path(a).name if a == LAYER else a for a in argv),
        target_seconds=target,
        seconds=done.seconds,
        cpu_seconds=done.cpu_seconds,
        returncode=done.returncode,
        load=before,
        failure="" if done.returncode == 0 else done.failure(),
    )


def _demo(workspace: Path, env: Mapping[str, str], log: Callable[[str], None]) -> list[LoopResult]:
    from layer.emulator import free_port

    work = workspace / "demo"
    work.mkdir(parents=True, exist_ok=True)
    demo_env = {**env, "LAYER_EMULATOR_URL": f"http://127.0.0.1:{free_port()}", "LAYER_WORK_DIR": str(work)}
    results: list[LoopResult] = []
    try:
        log("loops: make demo (layer demo up live/local)")
        up = _timed("make demo (up)", [LAYER, "demo", "up", "live/local"], 300.0, demo_env, 3600)
        results.append(up)
        log("loops: make demo-down (layer demo down live/local)")
        results.append(_timed("make demo-down", [LAYER, "demo", "down", "live/local"], 120.0, demo_env, 3600))
    finally:
        run([LAYER, "emulator", "stop", "--state-dir", str(work)], env=demo_env, cwd=REPO, timeout=120)
    return results


def run_loops(workspace: Path, env: Mapping[str, str], log: Callable[[str], None]) -> list[LoopResult]:
    log("loops: make unit")
    user_env = dict(os.environ)  # the tests as a developer runs them, without the bench's cache settings
    results = [_timed("make unit", ["make", "--no-print-directory", "unit"], 20.0, user_env, 1800)]
    log(f"loops: the gate of modules/{GATE_MODULE}")
    gate = [LAYER, "modules", "test", f"modules/{GATE_MODULE}"]
    results.append(_timed(f"one module's gate ({GATE_MODULE})", gate, None, env, 1800))
    results += _demo(workspace, env, log)
    if os.environ.get(MAKE_TEST_ENV) == "1":
        log("loops: make test")
        results.append(_timed("make test", ["make", "--no-print-directory", "test"], 900.0, env, 7200))
    return results


def why_slow(loop: LoopResult, cores: int) -> str:
    """What the measurement says about a loop over its target: computing or waiting."""
    busy = loop.cpu_seconds / (loop.seconds * cores) if loop.seconds > 0 and cores > 0 else 0.0
    used = f"CPU {loop.cpu_seconds:.0f} s over {loop.seconds:.0f} s wall on {cores} cores ({busy:.0%} of the machine)"
    if busy >= 0.6:
        floor = loop.cpu_seconds / cores
        return f"computing: {used}; the CPU alone needs at least {floor:.0f} s of wall here"
    return f"mostly waiting: {used}; the wait is {WAITS}"


def make_test_missing() -> str:
    return f"not run by default (about 30 min): `{MAKE_TEST_ENV}=1 make bench` measures it"
