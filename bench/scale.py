"""Section 1: tree scale. validate, graph, render, affected and atlantis generate on 100 to 5,000 realistic
layers (bench/realistic.py), each cold (no cache under .layer/, as in a fresh CI clone) and warm."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.measure import BIN, LAYER, REPO, Stat, failed, repeat_cli, run
from bench.realistic import RealisticTree, generate

GIT_ID = ("-c", "user.name=layer-bench", "-c", "user.email=bench@example.invalid")
BASE_TAG = "bench-base"


@dataclass
class SizeResult:
    layers: int
    edges: int
    waves: int = 0
    changed_layers: int = 0  # layers `affected` reported for the 3-file change
    cli: dict[str, Stat] = field(default_factory=dict)
    phases: dict[str, float] = field(default_factory=dict)  # cold (no load cache)
    inproc_work: float = 0.0  # wall seconds, median
    inproc_work_cpu: float = 0.0  # CPU seconds, median
    warm_phases: dict[str, float] = field(default_factory=dict)  # warm (the load cache of an earlier run)
    warm_work: float = 0.0
    warm_work_cpu: float = 0.0
    warm_reused: list[int] = field(default_factory=list)  # layers each warm in-process run took from the store
    render_inproc: dict[str, Any] = field(default_factory=dict)
    render_imports: list[tuple[str, float]] = field(default_factory=list)


def commands_available() -> dict[str, bool]:
    """Which of the commands being written now exist in this build of the CLI."""
    top = run([LAYER, "--help"]).stdout
    atlantis = "atlantis" in top and "generate" in run([LAYER, "atlantis", "--help"]).stdout
    return {"affected": " affected " in top, "atlantis": atlantis}


def git(base: Path, *args: str) -> None:
    subprocess.run(["git", *GIT_ID, *args], cwd=base, check=True, capture_output=True)


def make_git_change(tree: RealisticTree) -> list[str]:
    """Commit the tree, then commit a 3-file change: a region's _defaults.yaml and two layer.yaml files."""
    base = tree.base
    git(base, "init", "-q")
    git(base, "add", "-A")
    git(base, "commit", "-q", "-m", "bench tree")
    git(base, "tag", BASE_TAG)
    region = tree.defaults_files[1]
    changed = [region]
    for layer_dir in (tree.layer_dirs[len(tree.layer_dirs) // 3], tree.layer_dirs[-1]):
        changed.append(layer_dir / "layer.yaml")
    for path in changed:
        path.write_text(path.read_text() + "# a change\n")
    git(base, "commit", "-q", "-a", "-m", "a 3-file change")
    return [str(p.relative_to(base)) for p in changed]


def inproc(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    result = run([str(BIN / "python"), "-m", "bench.inproc", *args], env, REPO)
    if result.returncode != 0:
        raise RuntimeError(f"bench.inproc {' '.join(args)} failed: {result.stderr[-2000:]}")
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _median_phases(samples: list[dict[str, Any]]) -> dict[str, float]:
    names = samples[0]["phases"].keys()
    return {n: sorted(s["phases"][n] for s in samples)[len(samples) // 2] for n in names}


def drop_cache(work: Path) -> None:
    """Remove the persistent load cache (docs/adr/0021): the next run is cold."""
    shutil.rmtree(work / "cache", ignore_errors=True)


def measure_size(
    workspace: Path, size: int, repeats: int, available: dict[str, bool], env: dict[str, str]
) -> SizeResult:
    base = workspace / f"tree-{size}"
    tree = generate(base, size)
    work = workspace / f"work-{size}"
    env = {**env, "LAYER_WORK_DIR": str(work)}
    result = SizeResult(layers=tree.layers, edges=tree.edges)
    live = str(tree.live)
    for label, argv in (("validate", [LAYER, "validate", live]), ("graph --format json", _graph(live))):
        result.cli[f"{label}, cold"] = repeat_cli(argv, repeats, env, before=lambda: drop_cache(work))
        run(argv, env)  # the store of this run makes the next ones warm
        result.cli[f"{label}, warm"] = repeat_cli(argv, repeats, env)
    graph = run(_graph(live), env)
    result.waves = len(json.loads(graph.stdout)["waves"]) if graph.returncode == 0 else 0
    target = tree.layer_dirs[-1]
    result.cli["render (one layer)"] = repeat_cli([LAYER, "render", str(target)], repeats, env)
    result.render_imports = import_times(["render", str(target)], env)
    result.phases, result.inproc_work, result.inproc_work_cpu = _inproc_validate(live, work, repeats, env, cold=True)
    warm = _inproc_validate(live, work, repeats, env, cold=False, reused=result.warm_reused)
    result.warm_phases, result.warm_work, result.warm_work_cpu = warm
    renders = [inproc(["render", str(target)], env) for _ in range(repeats)]
    result.render_inproc = sorted(renders, key=lambda r: float(r["work"]))[len(renders) // 2]
    changed = make_git_change(tree)
    result.cli.update(_index_commands(tree, work, env, repeats, available, result))
    result.render_inproc["changed_files"] = changed
    return result


def _graph(live: str) -> list[str]:
    return [LAYER, "graph", live, "--format", "json"]


def _inproc_validate(
    live: str, work: Path, repeats: int, env: dict[str, str], cold: bool, reused: list[int] | None = None
) -> tuple[dict[str, float], float, float]:
    samples = []
    for _ in range(repeats):
        if cold:
            drop_cache(work)
        samples.append(inproc(["validate", live], env))
        if reused is not None:
            reused.append(int(samples[-1]["reused"]))
    work_wall = sorted(s["work"] for s in samples)[len(samples) // 2]
    work_cpu = sorted(s["work_cpu"] for s in samples)[len(samples) // 2]
    return _median_phases(samples), work_wall, work_cpu


def _index_commands(
    tree: RealisticTree,
    work: Path,
    env: dict[str, str],
    repeats: int,
    available: dict[str, bool],
    result: SizeResult,
) -> dict[str, Stat]:
    """affected and atlantis generate: cold (no index cache, as in a fresh CI clone) and warm."""
    stats: dict[str, Stat] = {}
    live, cwd = str(tree.live), tree.base

    def drop_index() -> None:
        for cache in work.glob("index-*.json"):
            cache.unlink()

    commands: dict[str, tuple[str, list[str]]] = {
        "affected --since (3 files)": ("affected", [LAYER, "affected", live, "--since", BASE_TAG]),
        "atlantis generate": ("atlantis", [LAYER, "atlantis", "generate", live, "-o", str(work / "atlantis.yaml")]),
    }
    for label, (name, argv) in commands.items():
        if not available[name]:
            stats[f"{label}, cold"] = failed("not available yet")
            stats[f"{label}, warm"] = failed("not available yet")
            continue
        stats[f"{label}, cold"] = repeat_cli(argv, repeats, env, cwd, before=drop_index)
        stats[f"{label}, warm"] = repeat_cli(argv, repeats, env, cwd)
    if available["affected"] and stats["affected --since (3 files), warm"].ok:
        listing = run(commands["affected --since (3 files)"][1], env, cwd)
        result.changed_layers = len([ln for ln in listing.stdout.splitlines() if ln.strip()])
    return stats


def run_scale(
    workspace: Path, sizes: list[int], repeats: int, env: dict[str, str], log: Callable[[str], None]
) -> tuple[list[SizeResult], dict[str, bool]]:
    available = commands_available()
    results = []
    for size in sizes:
        log(f"tree scale: {size} layers")
        results.append(measure_size(workspace, size, repeats, available, env))
        shutil.rmtree(workspace / f"tree-{size}", ignore_errors=True)
    return results, available


def profile(workspace: Path, size: int, out: Path, env: dict[str, str]) -> dict[str, Any]:
    """A cProfile of validate on a fresh tree of `size` layers; the text goes to `out`."""
    tree = generate(workspace / f"profile-{size}", size)
    env = {**env, "LAYER_WORK_DIR": str(workspace / f"profile-work-{size}")}  # cold: an empty work dir
    data = inproc(["validate", str(tree.live), "--profile", str(out)], env)["profile"]
    shutil.rmtree(tree.base, ignore_errors=True)
    return dict(data)


def import_times(args: list[str], env: dict[str, str]) -> list[tuple[str, float]]:
    """`python -X importtime` of one CLI command: the top-level packages it imports by cumulative import
    time (a package imported by another is counted under both)."""
    result = run([str(BIN / "python"), "-X", "importtime", LAYER, *args], env)
    found: dict[str, float] = {}
    for line in result.stderr.splitlines():
        parts = [p.strip() for p in line.removeprefix("import time:").split("|")]
        if len(parts) != 3 or not parts[1].isdigit():
            continue
        top = parts[2].split(".")[0]
        found[top] = max(found.get(top, 0.0), int(parts[1]) / 1e6)
    return sorted(found.items(), key=lambda kv: -kv[1])[:7]


def startup(repeats: int, env: dict[str, str]) -> Stat:
    """`layer --version`: the interpreter plus every command module imported, no work."""
    return repeat_cli([LAYER, "--version"], repeats, env)
