"""Section 3: `layer run-all plan` against a plain shell loop of the same Terraform commands."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bench.emu import EmulatorTree, emulator_tree, layer_run_all
from bench.measure import Stat, failed, run

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


@dataclass
class RunAllResult:
    layers: int
    variants: dict[str, Stat] = field(default_factory=dict)

    def median(self, name: str) -> float | None:
        stat = self.variants.get(name)
        return stat.median if stat is not None and stat.ok else None

    @property
    def overhead(self) -> float | None:
        loop, layer = self.median("shell loop"), self.median("layer run-all plan -p 1")
        return layer / loop - 1 if loop and layer else None

    @property
    def speedup(self) -> float | None:
        one, two = self.median("layer run-all plan -p 1"), self.median("layer run-all plan -p 2")
        return one / two if one and two else None


def _loop(tree: EmulatorTree) -> tuple[float, int, str]:
    argv = ["bash", "-c", LOOP, "loop", *map(str, tree.work_dirs())]
    result = run(argv, tree.terraform_env())
    return result.seconds, result.returncode, "" if result.returncode == 0 else result.failure()


def run_runall(
    workspace: Path, url: str, layers: int, repeats: int, env: dict[str, str]
) -> tuple[RunAllResult, EmulatorTree]:
    tree = emulator_tree(workspace, "runall", layers, url, env)
    result = RunAllResult(layers)
    _, code, why = layer_run_all(tree, "init", 2)  # writes the work dirs; warms the page cache
    if code != 0:
        result.variants["layer run-all plan -p 1"] = failed(f"run-all init failed: {why}")
        return result, tree
    variants = {
        "shell loop": lambda: _loop(tree),
        "layer run-all plan -p 1": lambda: layer_run_all(tree, "plan", 1),
        "layer run-all plan -p 2": lambda: layer_run_all(tree, "plan", 2),
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    errors: dict[str, str] = {}
    names = list(variants)
    for rep in range(repeats):
        for name in names[rep % len(names) :] + names[: rep % len(names)]:  # rotate: spread the noise
            tree.reset()
            seconds, _, why = variants[name]()
            if why:
                errors[name] = why
            times[name].append(seconds)
    for name in names:
        result.variants[name] = failed(errors[name]) if name in errors else Stat(tuple(times[name]))
    return result, tree
