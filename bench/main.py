"""The benchmark run: tree scale, dependency outputs, run-all overhead, provider disk; then the report."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import layer
from bench.deps import run_outputs
from bench.emu import running_emulator
from bench.loader_limits import run_limits
from bench.loops import run_loops
from bench.measure import REPO, cpu_snapshot, load, other_cpu_share, run
from bench.peer import QUICK_SIZES, SIZES, run_peer
from bench.providers import run_providers
from bench.report import Machine, Results, render_markdown, results_from_json, targets
from bench.runall import run_runall
from bench.scale import profile, run_scale, startup

RESULTS = REPO / "bench" / "results"
SECTIONS = ("scale", "peer", "limits", "outputs", "runall", "providers", "loops")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def _memory_gb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return 0.0


def _terraform_version() -> str:
    result = run(["terraform", "version", "-json"])
    return str(json.loads(result.stdout).get("terraform_version")) if result.returncode == 0 else "not found"


def _commit() -> str:
    head = run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO).stdout.strip()
    dirty = run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO).stdout.strip()
    return f"{head}{' + uncommitted changes' if dirty else ''}"


def machine() -> Machine:
    return Machine(
        date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M"),
        cores=os.cpu_count() or 1,
        memory_gb=_memory_gb(),
        python=platform.python_version(),
        terraform=_terraform_version(),
        layer=layer.__version__,
        commit=_commit(),
        platform=f"{platform.system()} {platform.machine()}",
    )


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes and few repeats: a fast check")
    parser.add_argument("--only", choices=SECTIONS, action="append", help="run only these parts (repeatable)")
    parser.add_argument("--out", type=Path, help="the report (default: docs/performance.md; quick: bench/results/)")
    parser.add_argument(
        "--render", action="store_true", help="write the report again from the last run's results.json (no measuring)"
    )
    args = parser.parse_args(argv)
    args.sizes = [100, 1000] if args.quick else [100, 1000, 5000]
    args.peer_sizes = QUICK_SIZES if args.quick else SIZES
    args.repeats = 2 if args.quick else 3
    args.dependencies = 3 if args.quick else 5
    args.runall_layers = 3 if args.quick else 6
    args.only = args.only or list(SECTIONS)
    if args.out is None:
        args.out = RESULTS / "performance-quick.md" if args.quick else REPO / "docs" / "performance.md"
    return args


def guarded(results: Results, name: str, label: str, step: Callable[[], None]) -> None:
    """Run one part; a failure is reported in the document, never turned into a figure."""
    results.loads[label] = load()
    log(f"{label} (load {results.loads[label][0]:.1f})")
    try:
        step()
    except Exception as err:
        traceback.print_exc()
        results.errors[name] = f"{type(err).__name__}: {err}"


def run_all(args: argparse.Namespace, workspace: Path, results: Results) -> None:
    env = {**os.environ, "LAYER_CACHE_DIR": str(workspace / "module-cache"), "CHECKPOINT_DISABLE": "1"}

    def scale() -> None:
        before = cpu_snapshot()
        results.sizes, results.available = run_scale(workspace, args.sizes, args.repeats, env, log)
        results.startup = startup(args.repeats, env)
        results.profile_size = args.sizes[-1]
        results.profile = profile(workspace, args.sizes[-1], RESULTS / "profile-validate.txt", env)
        results.other_cpu_share = other_cpu_share(before, cpu_snapshot())

    if "scale" in args.only:
        guarded(results, "scale", "tree scale", scale)
    if "peer" in args.only:
        guarded(
            results,
            "peer",
            "Sceptre side by side",
            lambda: setattr(results, "peer", run_peer(workspace, args.peer_sizes, args.repeats, env, log)),
        )
    if "limits" in args.only:
        guarded(results, "limits", "loader limits", lambda: setattr(results, "limits", run_limits(workspace, env)))
    if {"outputs", "runall", "providers"} & set(args.only):
        with running_emulator(workspace) as url:
            log(f"emulator on {url}")
            _emulator_parts(args, workspace, results, url, env)
    if "loops" in args.only and not args.quick:  # last: the loops load the machine for minutes
        guarded(results, "loops", "loops", lambda: setattr(results, "loops", run_loops(workspace, env, log)))


def _emulator_parts(args: argparse.Namespace, workspace: Path, results: Results, url: str, env: dict[str, str]) -> None:
    def outputs() -> None:
        results.outputs = run_outputs(workspace, url, args.dependencies, args.repeats, env)

    def runall() -> None:
        results.runall, tree = run_runall(workspace, url, args.runall_layers, args.repeats, env)
        if "providers" in args.only:
            guarded(results, "providers", "providers", lambda: _providers(workspace, tree, results))

    if "outputs" in args.only:
        guarded(results, "outputs", "dependency outputs", outputs)
    if "runall" in args.only or "providers" in args.only:
        guarded(results, "runall", "run-all", runall)


def _providers(workspace: Path, tree: object, results: Results) -> None:
    from bench.emu import EmulatorTree

    assert isinstance(tree, EmulatorTree)
    results.providers = run_providers(workspace, tree)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    if args.render:
        return render_again(args)
    results = Results(quick=args.quick, machine=machine(), repeats=args.repeats)
    started = time.perf_counter()
    workspace = Path(tempfile.mkdtemp(prefix="layer-bench-"))
    try:
        run_all(args, workspace, results)
    finally:
        shutil.rmtree(workspace, ignore_errors=True)
    results.loads["end"] = load()
    results.seconds = time.perf_counter() - started
    name = "results-quick.json" if args.quick else "results.json"
    (RESULTS / name).write_text(json.dumps(asdict(results), indent=2, default=str))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render_markdown(results))
    log(f"wrote {args.out} in {results.seconds:.0f} s")
    for t in targets(results):
        print(f"  {t.text}: {t.shown or '—'} — {t.verdict()}")
    return 0


def render_again(args: argparse.Namespace) -> int:
    """The report from the figures the last run stored: a change to the report's wording or layout
    without half an hour of measuring. The figures, machine and date stay those of that run."""
    stored = RESULTS / ("results-quick.json" if args.quick else "results.json")
    if not stored.is_file():
        print(f"bench: no stored results at {stored}: run `make bench` first", file=sys.stderr)
        return 1
    args.out.write_text(render_markdown(results_from_json(stored.read_text())))
    log(f"wrote {args.out} from {stored}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
