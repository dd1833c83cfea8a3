"""In-process measurements, each run in a fresh interpreter (`python -m bench.inproc MODE ...`) so that
no cache of an earlier run helps; prints one JSON object.

  validate TREE [--profile FILE]   phases of `layer validate` + `graph --format json` (cold or warm)
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


PHASES = (
    "import",
    "load_tree (read, merge, resolve, schemas)",
    "shared state check",
    "build_graph (edges, cycle check)",
    "check_inputs (module variables)",
    "check_outputs (references)",
    "graph JSON (waves)",
    "store written",
)


def validate(tree: Path) -> dict[str, Any]:
    """`layer validate` + `graph --format json`, step by step as layer.pipeline.load runs them, with the
    persistent load cache of the tree's work directory (cold or warm: the caller decides by removing it).
    Each phase's CPU time (process_time: what other work on the machine does not inflate much) and the
    wall time of the whole."""
    marks = [(_clock(), time.process_time())]
    from layer.config.backends import check_shared_state
    from layer.config.graph import build_graph, to_json
    from layer.config.loadcache import LoadCache
    from layer.config.loader import load_tree
    from layer.pipeline import check_inputs_cached, check_outputs_cached
    from layer.terraform.generate import work_root

    def mark() -> None:
        marks.append((_clock(), time.process_time()))

    mark()
    cache = LoadCache(store_dir=work_root)
    loaded = load_tree(tree, cache=cache)
    mark()
    check_shared_state(loaded, whole_tree_loaded=True)
    mark()
    graph = build_graph(loaded)
    mark()
    check_inputs_cached((loaded.layers[i] for i in loaded.selected), cache)
    mark()
    check_outputs_cached(loaded, cache)
    mark()
    to_json(graph)
    mark()
    cache.save()
    mark()
    cpu = {name: marks[i + 1][1] - marks[i][1] for i, name in enumerate(PHASES)}
    return {
        "layers": len(loaded.layers),
        "reused": len(cache.reused),
        "parsed": cache.parsed,
        "phases": cpu,
        "work": marks[-1][0] - marks[1][0],
        "work_cpu": marks[-1][1] - marks[1][1],
    }


def profile_validate(tree: Path, out: Path) -> dict[str, Any]:
    """cProfile of the validate pipeline. Returns layer's own functions by cumulative time and every
    function by own time; the full listing goes to `out`."""
    from layer.pipeline import load

    profiler = cProfile.Profile()
    profiler.enable()
    load(tree)
    profiler.disable()
    stats = pstats.Stats(profiler)
    rows = [_profile_row(key, value) for key, value in stats.stats.items()]  # type: ignore[attr-defined]
    text = io.StringIO()
    listing = pstats.Stats(profiler, stream=text).strip_dirs()
    listing.sort_stats("cumulative").print_stats(PROFILE_ROWS)
    listing.sort_stats("tottime").print_stats(PROFILE_ROWS)
    out.write_text(text.getvalue())
    ours = sorted((r for r in rows if r["ours"]), key=lambda r: -float(r["cumulative"]))
    return {
        "top_cumulative_layer": ours[1:13],  # [0] is load() itself
        "top_own": sorted(rows, key=lambda r: -float(r["own"]))[:10],
        "total": sum(float(r["own"]) for r in rows),
    }


def _profile_row(key: tuple[str, int, str], value: tuple[Any, ...]) -> dict[str, Any]:
    file, line, func = key
    marker = "/framework/layer/"
    ours = marker in file
    short = "layer/" + file.split(marker, 1)[1] if ours else Path(file).name
    return {
        "function": f"{short}:{line}({func})",
        "calls": value[1],
        "own": value[2],
        "cumulative": value[3],
        "ours": ours,
    }


def render(layer_dir: Path) -> dict[str, Any]:
    t0 = _clock()
    from layer.config.loadcache import LoadCache
    from layer.config.loader import load_layer
    from layer.config.tree import find_root

    t1 = _clock()
    cache = LoadCache()  # as `layer render` loads: one layer, no store
    layer = load_layer(find_root(layer_dir, cache.read_yaml), layer_dir, cache)
    t2 = _clock()
    return {"import": t1 - t0, "work": t2 - t1, "files_parsed": cache.parsed, "layer": layer.id}


def outputs(tree: Path, repeats: int) -> dict[str, Any]:
    import boto3

    from layer.config.loader import load_tree
    from layer.plan.actions import LayerRunner
    from layer.state.outputs import StateReader
    from layer.terraform.generate import backend_config

    loaded = load_tree(tree)
    runner = LayerRunner(loaded, "plan")
    targets = [(backend_config(layer), runner.env_for(layer)) for layer in loaded.layers.values()]
    made = _count_clients(boto3.session.Session)
    rounds = []
    for _ in range(repeats):
        reader = StateReader()  # a new run: nothing cached
        started = _clock()
        found = [reader.read(backend, env) for backend, env in targets]
        rounds.append(_clock() - started)
        if any(state.outputs is None for state in found):
            return {"error": "a layer has no state: apply first"}
    return {
        "dependencies": len(targets),
        "rounds": rounds,
        "clients_per_round": made[0] / repeats,
        "client_setup": [_timed_client(backend, env)[1] for backend, env in targets],
        "reused_client": _reused_client(targets, repeats),
    }


def _count_clients(session_class: Any) -> list[int]:
    """Count the boto3 clients made from now on (StateReader's own choice, whatever its internals)."""
    made = [0]
    original = session_class.client

    def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
        made[0] += 1
        return original(self, *args, **kwargs)

    session_class.client = counting
    return made


def _timed_client(backend: dict[str, Any], env: dict[str, str]) -> tuple[Any, float]:
    """A new boto3 session and S3 client for this backend, as a reader without a shared client makes."""
    import boto3
    from botocore.config import Config

    started = _clock()
    session = boto3.session.Session(
        aws_access_key_id=env.get("AWS_ACCESS_KEY_ID"),
        aws_secret_access_key=env.get("AWS_SECRET_ACCESS_KEY"),
        region_name=backend["region"],
    )
    config = Config(s3={"addressing_style": "path" if backend.get("use_path_style") else "auto"})
    endpoint: str | None = backend.get("endpoints", {}).get("s3")
    client = session.client("s3", endpoint_url=endpoint, config=config)
    return client, _clock() - started


def _reused_client(targets: list[tuple[dict[str, Any], dict[str, str]]], repeats: int) -> list[float]:
    """The same GETs and JSON parsing through one client made once: the reads without the set-up."""
    client, _ = _timed_client(*targets[0])
    rounds = []
    for _ in range(repeats):
        started = _clock()
        for backend, _env in targets:
            body = client.get_object(Bucket=backend["bucket"], Key=backend["key"])["Body"].read()
            json.loads(body)["outputs"]
        rounds.append(_clock() - started)
    return rounds


def main(argv: list[str]) -> None:
    mode, path = argv[0], Path(argv[1])
    if mode == "validate" and len(argv) > 3 and argv[2] == "--profile":
        result = {"profile": profile_validate(path, Path(argv[3]))}  # first: the load is cold
    elif mode == "validate":
        result = validate(path)
    elif mode == "render":
        result = render(path)
    elif mode == "outputs":
        result = outputs(path, int(argv[2]))
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
