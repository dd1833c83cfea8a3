"""Section: layer and Sceptre 4.7.0 side by side, on the same generated DAG (docs/adr/0021).

For each size: the realistic tree (bench/realistic.py) and the same layers and edges as a Sceptre project
(bench/sceptre_tree.py). Timed as a user runs each, a new process each time, dummy AWS credentials and no
network:

- layer: `layer graph --format json` with no load cache (cold): reads and validates every layer, orders
  the graph into waves;
- Sceptre: `sceptre --output json list stacks .`: renders every config (Jinja2, YAML), builds its StackGraph
  (networkx, a cycle check after every edge) and lists every stack. It stops before anything that calls
  AWS; `sceptre launch` does the same work, then orders the graph into batches and calls CloudFormation.

Sceptre grows quadratically here (its cycle check runs over the whole graph for each edge), so its sizes
are capped to keep the bench within minutes.
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.measure import LAYER, Stat, failed, repeat_cli
from bench.realistic import generate
from bench.sceptre_tree import DUMMY_AWS, SCEPTRE, ensure_venv, write_project

SIZES = (100, 300, 1000)
QUICK_SIZES = (100, 300)
LAYER_LABEL = "layer graph --format json (cold)"
SCEPTRE_LABEL = "sceptre --output json list stacks"


@dataclass
class PeerResult:
    sceptre_version: str = ""
    sizes: list[int] = field(default_factory=list)
    edges: dict[int, int] = field(default_factory=dict)
    layer: dict[int, Stat] = field(default_factory=dict)
    sceptre: dict[int, Stat] = field(default_factory=dict)
    error: str = ""

    def ratio(self, size: int) -> float | None:
        ours, theirs = self.layer.get(size), self.sceptre.get(size)
        if ours is None or theirs is None or not (ours.ok and theirs.ok) or ours.median <= 0:
            return None
        return theirs.median / ours.median

    def exponent(self, which: str, cpu: bool = False) -> float | None:
        """k in time ∝ n^k between the smallest and the largest size measured."""
        stats = self.layer if which == "layer" else self.sceptre
        points = [(n, s.cpu_median if cpu else s.median) for n, s in sorted(stats.items()) if s.ok]
        if len(points) < 2 or points[0][1] <= 0 or points[-1][1] <= 0:
            return None
        (n1, t1), (n2, t2) = points[0], points[-1]
        return math.log(t2 / t1) / math.log(n2 / n1)


def run_peer(
    workspace: Path, sizes: tuple[int, ...], repeats: int, env: dict[str, str], log: Callable[[str], None]
) -> PeerResult:
    result = PeerResult(sizes=list(sizes))
    try:
        result.sceptre_version = ensure_venv(log)
    except (OSError, RuntimeError, ValueError) as err:
        result.error = f"Sceptre could not be installed: {err}"
        return result
    except Exception as err:  # a pip or network failure: reported, never a figure
        result.error = f"Sceptre could not be installed: {type(err).__name__}: {err}"
        return result
    for size in sizes:
        log(f"peer: {size} layers / stacks")
        base = workspace / f"peer-{size}"
        tree = generate(base, size)
        project = write_project(tree, base / "sceptre")
        result.edges[size] = tree.edges
        work = base / "work"
        layer_env = {**env, "LAYER_WORK_DIR": str(work)}
        result.layer[size] = repeat_cli(
            [LAYER, "graph", str(tree.live), "--format", "json"], repeats, layer_env, before=_cold(work)
        )
        times = repeats if size <= 300 else 1  # Sceptre at 1,000 takes most of a minute
        result.sceptre[size] = _sceptre(project, times, env)
        shutil.rmtree(base, ignore_errors=True)
    return result


def _cold(work: Path) -> Callable[[], None]:
    """Remove the load cache of `work` (docs/adr/0021) before a run: it is cold."""
    return lambda: shutil.rmtree(work / "cache", ignore_errors=True)


def _sceptre(project: Path, repeats: int, env: dict[str, str]) -> Stat:
    sceptre_env = {**env, **DUMMY_AWS}
    stat = repeat_cli([str(SCEPTRE), "--output", "json", "list", "stacks", "."], repeats, sceptre_env, project)
    return stat if stat.ok else failed(f"sceptre failed: {stat.error}")
