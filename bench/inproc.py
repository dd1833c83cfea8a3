"""In-process measurements, each run in a fresh interpreter (`python -m bench.inproc MODE ...`) so that
no cache of an earlier run helps; prints one JSON object.

  validate TREE [--profile FILE]   phases of `layer validate` + `graph --format json`
  render LAYER_DIR                 one layer's file chain, and how many YAML files were parsed
  outputs TREE REPEATS             dependency outputs of every layer under TREE via StateReader
"""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import sys
import time
from pathlib import Path
from typing import Any

PROFILE_ROWS = 25


def _clock() -> float:
    return time.perf_counter()


def validate(tree: Path) -> dict[str, Any]:
    t0 = _clock()
    from layer.config.graph import build_graph, to_json
    from layer.config.inputs import check_inputs
    from layer.config.loader import load_tree

    t1 = _clock()
    loaded = load_tree(tree)
    t2 = _clock()
    graph = build_graph(loaded)
    t3 = _clock()
    check_inputs(loaded.layers[i] for i in loaded.selected)
    t4 = _clock()
    to_json(graph)
    t5 = _clock()
    return {
        "layers": len(loaded.layers),
        "phases": {
            "import": t1 - t0,
            "load_tree (read, merge, resolve, schemas)": t2 - t1,
            "build_graph (edges, cycle check)": t3 - t2,
            "check_inputs (module variables)": t4 - t3,
            "graph JSON (waves)": t5 - t4,
        },
        "work": t5 - t1,
    }


def profile_validate(tree: Path, out: Path) -> dict[str, Any]:
    """cProfile of the validate pipeline; the top rows (by cumulative and own time) go to `out`."""
    from layer.pipeline import load

    profiler = cProfile.Profile()
    profiler.enable()
    load(tree)
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).strip_dirs()
    stats.sort_stats("cumulative").print_stats(PROFILE_ROWS)
    stats.sort_stats("tottime").print_stats(PROFILE_ROWS)
    out.write_text(text.getvalue())
    rows = []
    for (file, line, func), (_, calls, own, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append({"function": f"{file}:{line}({func})", "calls": calls, "own": own, "cumulative": cumulative})
    rows.sort(key=lambda r: -float(r["own"]))
    return {"top_own": rows[:12], "total": sum(float(r["own"]) for r in rows)}


def render(layer_dir: Path) -> dict[str, Any]:
    t0 = _clock()
    from layer.config import reader
    from layer.config.loader import load_layer
    from layer.config.tree import find_root

    t1 = _clock()
    layer = load_layer(find_root(layer_dir), layer_dir)
    t2 = _clock()
    return {"import": t1 - t0, "work": t2 - t1, "files_parsed": len(reader._cache), "layer": layer.id}


def outputs(tree: Path, repeats: int) -> dict[str, Any]:
    from layer.config.loader import load_tree
    from layer.plan.actions import LayerRunner
    from layer.state import outputs as state_outputs
    from layer.terraform.generate import backend_config

    loaded = load_tree(tree)
    runner = LayerRunner(loaded, "plan")
    targets = [(backend_config(layer), runner.env_for(layer)) for layer in loaded.layers.values()]
    rounds = []
    for _ in range(repeats):
        reader = state_outputs.StateReader()  # a new run: nothing cached
        started = _clock()
        found = [reader.read(backend, env) for backend, env in targets]
        rounds.append(_clock() - started)
        if any(state.outputs is None for state in found):
            return {"error": "a layer has no state: apply first"}
    client = []
    for backend, env in targets:  # what one read spends before its GET: a boto3 session and client
        started = _clock()
        state_outputs._client(backend, env)
        client.append(_clock() - started)
    return {
        "dependencies": len(targets),
        "rounds": rounds,
        "client_setup": client,
        "reused_client": _reused_client(targets, repeats),
    }


def _reused_client(targets: list[tuple[dict[str, Any], dict[str, str]]], repeats: int) -> list[float]:
    """The same GETs and parsing through one client made once: what the reads cost without the set-up."""
    from layer.state import outputs as state_outputs

    client = state_outputs._client(*targets[0])
    rounds = []
    for _ in range(repeats):
        started = _clock()
        for backend, _env in targets:
            body = client.get_object(Bucket=backend["bucket"], Key=backend["key"])["Body"].read()
            state_outputs.parse_state(backend["bucket"], backend["key"], body)
        rounds.append(_clock() - started)
    return rounds


def main(argv: list[str]) -> None:
    mode, path = argv[0], Path(argv[1])
    if mode == "validate":
        result = validate(path)
        if len(argv) > 3 and argv[2] == "--profile":
            result = {"profile": profile_validate(path, Path(argv[3]))}
    elif mode == "render":
        result = render(path)
    elif mode == "outputs":
        result = outputs(path, int(argv[2]))
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
