"""Section 3: `layer run-all plan` against a plain shell loop of the same Terraform commands."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.emu import EmulatorTree, emulator_tree, layer_run_all, run_failed
from bench.measure import Run, Stat, failed, run, stat_of

LOOP = r"""
for d in "$@"; do
  cd "$d" || exit 1
  mkdir -p logs
  terraform init -input=false -no-color >>logs/loop.log 2>&1 || exit 1
  rc=0
  terraform plan -input=false -no-color -detailed-exitcode -lock-timeout=0s -out=tfplan >>logs/loop.log 2>&1 || rc=$?
  [ "$rc" -eq 0 ] || [ "$rc" -eq 2 ] || exit 1
done
"""
LOOP_NAME = "shell loop (init && plan per layer)"
P1 = "layer run-all plan -p 1"
P2 = "layer run-all plan -p 2"


@dataclass
class RunAllResult:
    layers: int
    variants: dict[str, Stat] = field(default_factory=dict)

    def median(self, name: str, cpu: bool = False) -> float | None:
        stat = self.variants.get(name)
        if stat is None or not stat.ok:
            return None
        return stat.cpu_median if cpu else stat.median

    def overhead(self, cpu: bool = False) -> float | None:
        loop, layer = self.median(LOOP_NAME, cpu), self.median(P1, cpu)
        return layer / loop - 1 if loop and layer else None

    @property
    def speedup(self) -> float | None:
        one, two = self.median(P1), self.median(P2)
        return one / two if one and two else None


def _loop(tree: EmulatorTree) -> Run:
    return run(["bash", "-c", LOOP, "loop", *map(str, tree.work_dirs())], tree.terraform_env())


def run_runall(
    workspace: Path, url: str, layers: int, repeats: int, env: dict[str, str]
) -> tuple[RunAllResult, EmulatorTree]:
    tree = emulator_tree(workspace, "runall", layers, url, env)
    result = RunAllResult(layers)
    warmup = layer_run_all(tree, "init", 2)  # writes the work dirs; warms the page cache
    if warmup.returncode != 0:
        result.variants[P1] = failed(f"run-all init failed: {warmup.failure()}")
        return result, tree
    variants: dict[str, Callable[[], Run]] = {
        LOOP_NAME: lambda: _loop(tree),
        P1: lambda: layer_run_all(tree, "plan", 1),
        P2: lambda: layer_run_all(tree, "plan", 2),
    }
    runs: dict[str, list[Run]] = {name: [] for name in variants}
    names = list(variants)
    for rep in range(repeats):
        for name in names[rep % len(names) :] + names[: rep % len(names)]:  # rotate: spread the noise
            tree.reset()
            runs[name].append(variants[name]())
    for name in names:
        errors = [run_failed(r) for r in runs[name] if run_failed(r)]
        result.variants[name] = failed(errors[0]) if errors else stat_of(runs[name])
    return result, tree
