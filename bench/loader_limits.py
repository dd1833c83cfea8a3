"""Section "limits": inputs that were quadratic or unbounded in the loader (issue 22, ADR 0011).

Each is measured in a fresh interpreter (`python -m bench.loader_limits CASE` prints the seconds), so an
import or a cache of one case does not help another; the CLI cases run the real `layer`.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.measure import BIN, LAYER, REPO, run

KEYS = 30_000
UNCLOSED = 100_000
MODULE_TF = 'variable "name" {\n  type = string\n}\n'


@dataclass
class LimitResult:
    label: str
    seconds: float | None  # None: failed (see note)
    note: str = ""


def _resolve_unclosed() -> None:
    from layer.config.resolve import Context, resolve

    value = "${" * UNCLOSED + "${env:HOME"
    assert resolve({"a": value}, Context())["a"] == value


def _merge_keys() -> None:
    from layer.config.merge import merge
    from layer.errors import Location

    where = Path("a.yaml")
    base = {"tags": {f"k{i}": {"v": i} for i in range(KEYS)}}
    base_prov = {("tags", f"k{i}", "v"): Location(where, i) for i in range(KEYS)}
    overlay = {"tags": {f"k{i}": {"w": i} for i in range(KEYS)}}
    overlay_prov = {("tags", f"k{i}", "w"): Location(where, i) for i in range(KEYS)}
    merge(base, base_prov, overlay, overlay_prov)


def _billion_laughs(workspace: Path) -> None:
    from layer.config.reader import read_yaml
    from layer.errors import ConfigSyntaxError

    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = workspace / "laughs.yaml"
    path.write_text("\n".join(lines) + "\n")
    try:
        read_yaml(path)
    except ConfigSyntaxError:
        return
    raise AssertionError("billion laughs was accepted")


IN_PROCESS: dict[str, Callable[[Path], None]] = {
    f"resolve a value of {UNCLOSED:,} unclosed ${{": lambda _: _resolve_unclosed(),
    f"merge two maps of {KEYS:,} keys (with provenance)": lambda _: _merge_keys(),
    "refuse billion laughs (9 levels of 9 aliases)": _billion_laughs,
}


def big_tree(workspace: Path) -> Path:
    """A tree of one layer whose _defaults.yaml has a tags map of KEYS keys and an input of UNCLOSED `${`."""
    base = workspace / "limits-tree"
    shutil.rmtree(base, ignore_errors=True)
    (base / "modules/m").mkdir(parents=True)
    (base / "modules/m/main.tf").write_text(MODULE_TF)
    live = base / "live"
    (live / "app").mkdir(parents=True)
    tags = "".join(f"  Key{i}: value-{i}\n" for i in range(KEYS))
    root = f"root: true\norganisation: bench\nenvironment: bench\nregion: ap-northeast-2\ntags:\n{tags}"
    (live / "_defaults.yaml").write_text(root + "backend:\n  bucket: bench-state\n")
    name = "'" + "${" * UNCLOSED + "'"
    (live / "app/layer.yaml").write_text(f"module: ../../modules/m\ninputs:\n  name: {name}\n")
    return live


def run_limits(workspace: Path, env: dict[str, str]) -> list[LimitResult]:
    results = []
    for label in IN_PROCESS:
        found = run([str(BIN / "python"), "-m", "bench.loader_limits", label, str(workspace)], env, REPO)
        if found.returncode != 0:
            results.append(LimitResult(label, None, found.stderr.strip().splitlines()[-1:][0] if found.stderr else ""))
        else:
            results.append(LimitResult(label, float(found.stdout.strip())))
    live = big_tree(workspace)
    commands = {
        "validate": [LAYER, "validate", str(live)],
        "render --json": [LAYER, "render", str(live / "app"), "--json"],
        "graph --format json": [LAYER, "graph", str(live), "--format", "json"],
    }
    for name, argv in commands.items():
        started = time.perf_counter()
        found = run(argv, env)
        seconds = time.perf_counter() - started
        label = f"`layer {name}`: {KEYS:,} inherited tags, an input of {UNCLOSED:,} `${{` (CLI, start-up included)"
        note = "" if found.returncode == 0 else f"exit {found.returncode}: {found.stderr.strip()[-160:]}"
        results.append(LimitResult(label, seconds, note))
    return results


def limits_section(results: list[LimitResult]) -> list[str]:
    if not results:
        return []
    lines = [
        "## Loader limits",
        "",
        "Inputs that were quadratic or unbounded (issue 22; ADR 0011): each must take well under a second.",
        "",
        "| case (a refusal is noted; its time counts the same) | seconds |",
        "|---|---|",
    ]
    for result in results:
        shown = f"{result.seconds:.3f}" if result.seconds is not None else "failed"
        note = f" ({result.note})" if result.note else ""
        lines.append(f"| {result.label}{note} | {shown} |")
    return lines


def _main(argv: list[str]) -> int:
    label, workspace = argv[0], Path(argv[1])
    started = time.perf_counter()
    IN_PROCESS[label](workspace)
    print(json.dumps(time.perf_counter() - started))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("LAYER_BENCH", "1")
    sys.exit(_main(sys.argv[1:]))
