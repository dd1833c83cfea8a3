"""docs/performance.md from the measurements: machine, targets (met or missed, by how much, why), tables."""

from __future__ import annotations

import dataclasses
import json
import math
import types
import typing
from dataclasses import dataclass, field
from typing import Any

from bench.deps import OutputsResult
from bench.loader_limits import LimitResult, limits_section
from bench.loops import LoopResult, make_test_missing, why_slow
from bench.measure import Stat, fmt_s, fmt_stat
from bench.peer import LAYER_LABEL, SCEPTRE_LABEL, PeerResult
from bench.providers import ProvidersResult
from bench.runall import LOOP_NAME, P1, P2, RunAllResult
from bench.scale import SizeResult


@dataclass
class Machine:
    date: str
    cores: int
    memory_gb: float
    python: str
    terraform: str
    layer: str
    commit: str
    platform: str


@dataclass
class Results:
    quick: bool
    machine: Machine
    repeats: int
    sizes: list[SizeResult] = field(default_factory=list)
    available: dict[str, bool] = field(default_factory=dict)
    startup: Stat | None = None
    profile: dict[str, Any] | None = None
    profile_size: int = 0
    outputs: OutputsResult | None = None
    runall: RunAllResult | None = None
    providers: ProvidersResult | None = None
    loads: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    limits: list[LimitResult] = field(default_factory=list)  # bench/loader_limits.py
    other_cpu_share: float | None = None  # CPU share of other work while the tree-scale part ran (/proc/stat)
    peer: PeerResult | None = None  # bench/peer.py: Sceptre side by side
    loops: list[LoopResult] = field(default_factory=list)  # bench/loops.py: make unit, a gate, make demo

    def size(self, layers: int) -> SizeResult | None:
        return next((s for s in self.sizes if s.layers == layers), None)

    def cli(self, layers: int, command: str) -> Stat | None:
        found = self.size(layers)
        return found.cli.get(command) if found else None


@dataclass(frozen=True)
class Target:
    text: str
    figure: float | None  # None: not measured (see `missing`)
    limit: float
    kind: str  # "s" (at most), "x" (at least), "%" (at most), "KB" (at most)
    shown: str = ""
    why: str = ""
    missing: str = ""

    @property
    def met(self) -> bool:
        if self.figure is None:
            return False
        return self.figure >= self.limit if self.kind == "x" else self.figure < self.limit

    def verdict(self) -> str:
        if self.figure is None:
            return f"not measured: {self.missing}"
        if self.met:
            return "met"
        f, lim = self.figure, self.limit
        if self.kind == "s":
            return f"**missed** by {fmt_s(f - lim)} ({f / lim:.1f}x the target)"
        if self.kind == "x":
            return f"**missed**: {f:.1f}x instead of ≥ {lim:g}x ({lim - f:.1f}x short)"
        if self.kind == "%":
            return f"**missed** by {f - lim:.1f} percentage points"
        return f"**missed** by {f - lim:.0f} KB"


# ---------------------------------------------------------------------------------------------- targets
def _stat_target(text: str, stat: Stat | None, limit: float, why: str, extra: str = "") -> Target:
    if stat is None:
        return Target(text, None, limit, "s", missing="size not run (quick mode)")
    if not stat.ok:
        return Target(text, None, limit, "s", missing=stat.error)
    cpu = f", CPU {fmt_s(stat.cpu_median)}" if stat.cpu else ""
    return Target(text, stat.median, limit, "s", fmt_stat(stat) + cpu + extra, why)


def _cold_warm(r: Results, layers: int, label: str) -> tuple[Stat | None, str]:
    cold, warm = r.cli(layers, f"{label}, cold"), r.cli(layers, f"{label}, warm")
    extra = f"; warm index: {fmt_stat(warm)}" if warm is not None and warm.ok else ""
    return cold, extra


def targets(r: Results) -> list[Target]:
    cold_aff, aff_extra = _cold_warm(r, 5000, "affected --since (3 files)")
    cold_atl, atl_extra = _cold_warm(r, 5000, "atlantis generate")
    return [
        _stat_target("1,000 layers validated cold < 0.5 s", r.cli(1000, "validate, cold"), 0.5, why_cli(r, 1000)),
        _stat_target("5,000 layers validated cold < 2 s", r.cli(5000, "validate, cold"), 2.0, why_cli(r, 5000)),
        _stat_target(
            "5,000 layers graph --format json cold < 2 s",
            r.cli(5000, "graph --format json, cold"),
            2.0,
            why_cli(r, 5000, graph=True),
        ),
        _stat_target("5,000 layers validated warm < 0.5 s", r.cli(5000, "validate, warm"), 0.5, why_warm(r, 5000)),
        _stat_target(
            "5,000 layers graph --format json warm < 0.5 s",
            r.cli(5000, "graph --format json, warm"),
            0.5,
            why_warm(r, 5000),
        ),
        _stat_target("render one layer of 5,000 < 0.2 s", r.cli(5000, "render (one layer)"), 0.2, why_render(r)),
        _stat_target("affected on 5,000 < 0.5 s (cold: no index cache)", cold_aff, 0.5, why_index(r), aff_extra),
        _stat_target(
            "atlantis generate for 5,000 < 2 s (cold)", cold_atl, 2.0, why_index(r, "atlantis generate"), atl_extra
        ),
        outputs_target(r),
        overhead_target(r),
        speedup_target(r),
        disk_target(r),
        *loop_targets(r),
    ]


def loop_targets(r: Results) -> list[Target]:
    """The loops with a target (issue 20); `make test` is listed even when this run did not time it."""
    found: list[Target] = []
    for loop in r.loops:
        if loop.target_seconds is None:
            continue
        limit = loop.target_seconds
        text = f"{loop.name} ≤ " + (f"{limit / 60:g} min" if limit >= 60 and limit % 60 == 0 else f"{limit:g} s")
        if not loop.ok:
            found.append(Target(text, None, loop.target_seconds, "s", missing=loop.failure))
            continue
        shown = f"{fmt_s(loop.seconds)}, CPU {fmt_s(loop.cpu_seconds)}"
        why = why_slow(loop, r.machine.cores)
        found.append(Target(text, loop.seconds, loop.target_seconds, "s", shown, why))
    if r.loops and not any(loop.name == "make test" for loop in r.loops):
        found.append(Target("make test ≤ 15 min", None, 900.0, "s", missing=make_test_missing()))
    return found


def outputs_target(r: Results) -> Target:
    text = "dependency outputs from state ≥ 10x faster than terraform output"
    o = r.outputs
    if o is None or not o.ratio:
        missing = r.errors.get("outputs") or (o.state_reader.error or o.terraform_output.error if o else "not run")
        return Target(text, None, 10, "x", missing=missing)
    per_read = o.state_reader.median / o.dependencies
    why = (
        f"one StateReader read costs {fmt_s(per_read)}; StateReader made {o.clients_per_round:g} boto3 clients "
        f"for {o.dependencies} reads, and making one (session + S3 client) takes {fmt_s(o.client_setup)}"
    )
    if o.reused_client.ok and o.reused_client.median > 0:
        reused = o.terraform_output.median / o.reused_client.median
        why += (
            f"; the same GETs through one client made once take {_per(o.reused_client, o.dependencies)} per "
            f"dependency ({reused:.0f}x faster than terraform output)"
        )
    return Target(text, o.ratio, 10, "x", f"{o.ratio:.1f}x", why)


def overhead_target(r: Results) -> Target:
    text = "run-all overhead < 5 % over the plain loop"
    ra = r.runall
    wall = ra.overhead() if ra else None
    if ra is None or wall is None:
        missing = r.errors.get("runall") or _first_error(ra.variants if ra else {}) or "not run"
        return Target(text, None, 5, "%", missing=missing)
    loop, layer = ra.median(LOOP_NAME) or 0.0, ra.median(P1) or 0.0
    cpu = ra.overhead(cpu=True)
    cpu_text = f"{cpu * 100:+.1f} %" if cpu is not None else "not measured"
    why = (
        f"{fmt_s(layer - loop)} more over {ra.layers} layers ({fmt_s((layer - loop) / ra.layers)} per layer); "
        f"in CPU time the overhead is {cpu_text}. Every layer here has changes, and run-all reads each saved plan "
        "back with `terraform show -json` (a second Terraform and provider start per layer: the resource-level "
        "results, plan/actions.py) that the loop does not run; a layer with no changes skips it. Fixed costs: the "
        f"CLI start-up ({fmt_s(_startup(r))}), loading the tree and checking the backend endpoint"
    )
    return Target(text, wall * 100, 5, "%", f"{wall * 100:+.1f} % (CPU: {cpu_text})", why)


def speedup_target(r: Results) -> Target:
    text = "parallel speedup ≥ 1.7x on 2 cores (-p 2 over -p 1)"
    ra = r.runall
    if ra is None or ra.speedup is None:
        return Target(text, None, 1.7, "x", missing=r.errors.get("runall") or "not run")
    load = r.loads.get("run-all", (0.0, 0.0, 0.0))[0]
    cpu1, cpu2 = ra.median(P1, cpu=True) or 0.0, ra.median(P2, cpu=True) or 0.0
    wall1 = ra.median(P1) or 0.0
    busy_cores = cpu1 / wall1 if wall1 else 0.0
    ceiling = wall1 / (cpu2 / r.machine.cores) if cpu2 else 0.0
    why = (
        f"at -p 1 the run already keeps {busy_cores:.2f} cores busy (Terraform, the provider and the emulator "
        f"work alongside each other), so {r.machine.cores} cores allow at most {ceiling:.2f}x: the CPU time at "
        f"-p 2 ({fmt_s(cpu2)}; {fmt_s(cpu1)} at -p 1, so parallel runs add no work) spread over every core "
        f"against {fmt_s(wall1)} at -p 1. Load average at the start: {load:.1f}, the bench included"
    )
    return Target(text, ra.speedup, 1.7, "x", f"{ra.speedup:.2f}x", why)


def disk_target(r: Results) -> Target:
    text = "< 1 MB disk per layer after init"
    p = r.providers
    first = p.variants[0] if p and p.variants else None
    if first is None or not first.ok:
        return Target(
            text, None, 1024, "KB", missing=r.errors.get("providers") or (first.error if first else "not run")
        )
    why = "the work dir holds more than links and generated JSON"
    return Target(text, first.disk_median_kb, 1024, "KB", f"{first.disk_median_kb:.0f} KB", why)


def _first_error(stats: dict[str, Stat]) -> str:
    return next((s.error for s in stats.values() if s.error), "")


# ------------------------------------------------------------------------------------------- why texts
def _startup(r: Results) -> float:
    return r.startup.median if r.startup and r.startup.ok else 0.0


GRAPH_SKIPS = ("import", "check_inputs (module variables)", "check_outputs (references)")  # graph checks no inputs


def why_cli(r: Results, layers: int, graph: bool = False) -> str:
    size = r.size(layers)
    if size is None:
        return ""
    skipped = GRAPH_SKIPS if graph else ("import",)
    shown = [(k, v) for k, v in size.phases.items() if k not in skipped]
    top = sorted(shown, key=lambda kv: -kv[1])[:2]
    phases = ", ".join(f"{name} {fmt_s(sec)}" for name, sec in top)
    work = sum(v for _, v in shown)
    return (
        f"start-up (`layer --version`) {fmt_s(_startup(r))}; in-process work {fmt_s(work)} CPU, most of it "
        f"{phases}: a cold load parses, merges, resolves and validates every layer (about "
        f"{work / max(size.layers, 1) * 1000:.2f} ms per layer); see the profile below."
    )


def why_warm(r: Results, layers: int) -> str:
    size = r.size(layers)
    if size is None or not size.warm_phases:
        return ""
    top = sorted(((k, v) for k, v in size.warm_phases.items() if k != "import"), key=lambda kv: -kv[1])[:3]
    phases = ", ".join(f"{name} {fmt_s(sec)}" for name, sec in top)
    return (
        f"start-up (`layer --version`) {fmt_s(_startup(r))} and the imports of the command; in-process work with "
        f"every layer taken from the load cache {fmt_s(size.warm_work_cpu)} CPU ({fmt_s(size.warm_work)} wall), "
        f"most of it {phases}: every file is still read and hashed (the cache is keyed by content, never by "
        "mtime), the directory walk, and the store of every layer's merged config read back."
    )


def why_render(r: Results) -> str:
    size = r.size(5000)
    if size is None:
        return ""
    ri = size.render_inproc
    work = float(ri.get("work", 0))
    cli = size.cli.get("render (one layer)")
    rest = fmt_s(cli.median - work) if cli is not None and cli.ok else "?"
    return (
        f"the work itself takes {fmt_s(work)} ({ri.get('files_parsed')} YAML files parsed); the other {rest} is "
        f"start-up: Python and the modules the command imports ({_imports_text(r)})"
    )


def why_index(r: Results, command: str = "affected --since (3 files)") -> str:
    cold, warm = r.cli(5000, f"{command}, cold"), r.cli(5000, f"{command}, warm")
    if cold is None or warm is None or not (cold.ok and warm.ok):
        return "not measured"
    return (
        f"with no index cache every layer.yaml is read and scanned for its `module` and `dependencies` and the "
        f"index is written (docs/adr/0010): {fmt_s(cold.median - warm.median)} more than with the cache; the "
        f"other {fmt_s(warm.median)} (the warm run) is start-up ({fmt_s(_startup(r))}), the fingerprint of every "
        "file, `git diff` and the answer"
    )


# ----------------------------------------------------------------------------------------------- tables
def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def machine_section(r: Results) -> list[str]:
    m = r.machine
    loads = "; ".join(f"{name} {a:.1f}/{b:.1f}/{c:.1f}" for name, (a, b, c) in r.loads.items())
    share = r.other_cpu_share
    # The load average counts the bench itself (about 1), so it only stands in when the share is unknown.
    noisy = share > 0.1 if share is not None else max((v[0] for v in r.loads.values()), default=0.0) > 1 + m.cores / 4
    lines = [
        "## Machine",
        "",
        _row(["date (UTC)", "cores", "memory", "Python", "Terraform", "layer", "commit", "platform"]),
        _row(["---"] * 8),
        _row([m.date, str(m.cores), f"{m.memory_gb:.1f} GB", m.python, m.terraform, m.layer, m.commit, m.platform]),
        "",
        f"Load average (1/5/15 min) when each part started: {loads} (the bench's own work counts in it)."
        + (
            f" Other work used {share:.0%} of the machine's CPU time while the tree-scale part ran (/proc/stat, "
            "less the bench's own CPU time)."
            if share is not None
            else ""
        ),
    ]
    if noisy:
        lines += [
            "",
            "**The machine was busy**: other work ran at the same time, "
            "so these figures are noisier and slower than on a quiet machine. Re-run `make bench` there.",
        ]
    return lines


def targets_section(r: Results) -> list[str]:
    lines = [
        "## Targets",
        "",
        "Printed, never asserted.",
        "",
        _row(["target", "measured", "result"]),
        _row(["---"] * 3),
    ]
    found = targets(r)
    for t in found:
        lines.append(_row([t.text, t.shown or "—", t.verdict()]))
    missed = [t for t in found if t.figure is not None and not t.met]
    if missed:
        lines += ["", "Why each missed target was missed (from the measurements below):", ""]
        lines += [f"- **{t.text}**: {t.why}" for t in missed]
    return lines


def _exponent(a: tuple[int, float], b: tuple[int, float]) -> str:
    (n1, t1), (n2, t2) = a, b
    if t1 <= 0 or t2 <= 0 or n1 == n2:
        return "—"
    return f"n^{math.log(t2 / t1) / math.log(n2 / n1):.2f}"


def scale_section(r: Results) -> list[str]:
    sizes = r.sizes
    if not sizes:
        return ["## 1. Tree scale", "", f"Not run: {r.errors.get('scale', 'skipped')}"]
    commands = list(sizes[0].cli)
    head = ["command", *[f"{s.layers:,} layers" for s in sizes], "growth (time)"]
    lines = [
        "## 1. Tree scale",
        "",
        f"The CLI as a user runs it (a new process each time), median of {r.repeats} runs (min..max); "
        "peak RSS of the process below. Trees (`bench/realistic.py`): copies of the real `live/prod` region, "
        "its layer files as they are (input counts, nesting, dependencies with mock outputs, `${dependency...}` "
        "references; each copy's names differ, so no two files have the same content) over copies of the real "
        "modules they use; `_defaults.yaml` at the root, the environment (the real prod one, a bucket per copy) "
        "and the region, as deep as the real tree. *cold*: no load cache (`.layer/cache/`, docs/adr/0021) and "
        "no index (`.layer/index-*.json`), as in a fresh CI clone; *warm*: those of an earlier run, files "
        "unchanged. The synthetic tree of earlier runs (one small module, 15-line layers) is gone: every layer "
        "of the realistic one costs more, and its deeper random graph is covered by the unit tests of the graph.",
        "",
        _row(["tree", *[f"{s.layers:,} layers" for s in sizes]]),
        _row(["---"] * (len(sizes) + 1)),
        _row(["dependencies / waves", *[f"{s.edges:,} / {s.waves}" for s in sizes]]),
        "",
        _row(head),
        _row(["---"] * len(head)),
    ]
    for command in commands:
        cells = [fmt_stat(s.cli[command]) for s in sizes]
        points = [(s.layers, s.cli[command].median) for s in sizes if s.cli[command].ok]
        growth = _exponent(points[0], points[-1]) if len(points) >= 2 else "—"
        lines.append(_row([command, *cells, growth]))
    lines += ["", _row(["peak RSS / CPU", *[f"{s.layers:,}" for s in sizes]]), _row(["---"] * (len(sizes) + 1))]
    for command in commands:
        lines.append(_row([command, *[f"{_rss(s.cli[command])} / {_cpu(s.cli[command])}" for s in sizes]]))
    lines += _scale_notes(r)
    return lines


def _rss(stat: Stat) -> str:
    return f"{stat.rss_mb:.0f} MB" if stat.ok and stat.max_rss_kb else "—"


def _cpu(stat: Stat) -> str:
    return fmt_s(stat.cpu_median) if stat.ok and stat.cpu else "—"


def _scale_notes(r: Results) -> list[str]:
    sizes = r.sizes
    lines = [
        "",
        "Growth is the exponent k in time ∝ n^k between the smallest and largest tree (1 = linear; start-up "
        "makes small trees look flatter).",
        "",
        f"Start-up alone (`layer --version`, no command work): {_startup_text(r)}. Biggest imports of "
        f"`layer render` (`python -X importtime`, one run): {_imports_text(r)}.",
        "",
        "### Where the time goes (in-process, fresh interpreter, CPU time, median; cold | warm)",
        "",
        _row(["phase", *[f"{s.layers:,}" for s in sizes]]),
        _row(["---"] * (len(sizes) + 1)),
    ]
    for phase in sizes[0].phases:
        lines.append(
            _row(
                [
                    phase,
                    *[f"{fmt_s(s.phases.get(phase, 0.0))} \\| {fmt_s(s.warm_phases.get(phase, 0.0))}" for s in sizes],
                ]
            )
        )
    lines.append(
        _row(
            [
                "**work (all but import), CPU**",
                *[f"{fmt_s(s.inproc_work_cpu)} \\| {fmt_s(s.warm_work_cpu)}" for s in sizes],
            ]
        )
    )
    lines.append(_row(["work, wall", *[f"{fmt_s(s.inproc_work)} \\| {fmt_s(s.warm_work)}" for s in sizes]]))
    lines.append(
        _row(
            [
                "warm: layers taken from the store",
                *[f"{min(s.warm_reused, default=0):,} of {s.layers:,}" for s in sizes],
            ]
        )
    )
    lines += [
        "",
        "`render` of one layer, in-process: "
        + "; ".join(
            f"{s.layers:,} layers: {fmt_s(float(s.render_inproc.get('work', 0)))}, "
            f"{s.render_inproc.get('files_parsed')} YAML files parsed"
            for s in sizes
        )
        + " (only the layer's own file chain is read, whatever the tree size).",
    ]
    big = sizes[-1]
    if big.changed_layers:
        changed = ", ".join(f"`{c}`" for c in big.render_inproc.get("changed_files", []))
        lines += [
            "",
            f"`affected` at {big.layers:,} layers: the 3-file change ({changed}) affects {big.changed_layers} layers.",
        ]
    lines += _availability(r)
    lines += _profile(r)
    return lines


def _startup_text(r: Results) -> str:
    return fmt_stat(r.startup) if r.startup else "not measured"


def _imports_text(r: Results) -> str:
    imports = r.sizes[-1].render_imports if r.sizes else []
    total = dict(imports).get("layer")
    top = ", ".join(f"{name} {fmt_s(sec)}" for name, sec in imports if name != "layer")
    if not top:
        return "not measured"
    return (f"layer and all it imports {fmt_s(total)}; " if total else "") + top


def _availability(r: Results) -> list[str]:
    missing = [name for name, ok in r.available.items() if not ok]
    if not missing:
        return []
    return ["", f"Not available yet in this build of the CLI: {', '.join(missing)} (no figure is given for them)."]


def _profile(r: Results) -> list[str]:
    if not r.profile:
        return []
    total = float(r.profile.get("total", 0.0))
    lines = [
        "",
        f"### Profile: `layer validate` on {r.profile_size:,} layers (cProfile)",
        "",
        f"Total under the profiler: {fmt_s(total)} (cProfile slows Python code down; compare shares, not times). "
        "Full listing: `bench/results/profile-validate.txt`.",
        "",
        "layer's own functions by cumulative time:",
        "",
        *_profile_table(r.profile.get("top_cumulative_layer", [])),
        "",
        "All functions by own time:",
        "",
        *_profile_table(r.profile.get("top_own", [])),
    ]
    return lines


def _profile_table(rows: list[dict[str, Any]]) -> list[str]:
    lines = [_row(["function", "calls", "own", "cumulative"]), _row(["---"] * 4)]
    for row in rows:
        lines.append(_row([f"`{row['function']}`", str(row["calls"]), fmt_s(row["own"]), fmt_s(row["cumulative"])]))
    return lines


def peer_section(r: Results) -> list[str]:
    p = r.peer
    lines = ["## 2. Side by side: Sceptre", ""]
    if p is None:
        return [*lines, f"Not run: {r.errors.get('peer', 'skipped')}"]
    if p.error:
        return [*lines, f"Not measured: {p.error}"]
    lines += [
        f"Sceptre {p.sceptre_version} (the Python config-tree peer), installed by the bench in a virtualenv of its "
        "own (`bench/.venv-sceptre`), on the same generated DAG: every layer a stack config "
        "`config/GROUP/REGION/NAME.yaml` with the same edges as `dependencies:`, its inputs as "
        "`sceptre_user_data`, each whole-value `${dependency.D.outputs.O}` as a `!stack_output` resolver, and the "
        "`_defaults.yaml` chain as `config.yaml` at the same levels (`bench/sceptre_tree.py`). Timed: what each "
        f"does before touching AWS, as a user runs it (dummy credentials, no network). layer: `{LAYER_LABEL}` "
        f"(read, validate, order into waves). Sceptre: `{SCEPTRE_LABEL} .` (render every config through Jinja2 "
        "and YAML, build its StackGraph with a cycle check after every edge; `sceptre launch` does the same "
        "before its first CloudFormation call). Sceptre's sizes are capped: it grows quadratically. Median "
        "(min..max); CPU time beside it.",
        "",
        _row(["layers / stacks", "edges", "layer", "layer CPU", "Sceptre", "Sceptre CPU", "Sceptre / layer"]),
        _row(["---"] * 7),
    ]
    for size in p.sizes:
        ours, theirs = p.layer.get(size), p.sceptre.get(size)
        ratio = p.ratio(size)
        lines.append(
            _row(
                [
                    f"{size:,}",
                    f"{p.edges.get(size, 0):,}",
                    fmt_stat(ours) if ours else "—",
                    _cpu(ours) if ours else "—",
                    fmt_stat(theirs) if theirs else "—",
                    _cpu(theirs) if theirs else "—",
                    f"{ratio:.1f}x" if ratio else "—",
                ]
            )
        )
    growth = []
    for which, name in (("layer", "layer"), ("sceptre", "Sceptre")):
        wall, cpu = p.exponent(which), p.exponent(which, cpu=True)
        if wall is not None and cpu is not None:
            growth.append(f"{name} n^{wall:.2f} (CPU n^{cpu:.2f})")
    if growth:
        lines += ["", "Growth (time ∝ n^k, smallest to largest size): " + "; ".join(growth) + "."]
    return lines


def outputs_section(r: Results) -> list[str]:
    o = r.outputs
    lines = ["## 3. Dependency outputs", ""]
    if o is None:
        return [*lines, f"Not run: {r.errors.get('outputs', 'skipped')}"]
    lines += [
        f"{o.dependencies} applied layers (terraform_data only) with their state in S3 on the local emulator (moto). "
        f"Reading all {o.dependencies} dependencies' outputs, median of {r.repeats} rounds:",
        "",
        _row(["how", f"{o.dependencies} dependencies", "per dependency"]),
        _row(["---"] * 3),
        _row(
            [
                "`StateReader` (one GET per state, in-process)",
                fmt_stat(o.state_reader),
                _per(o.state_reader, o.dependencies),
            ]
        ),
        _row(
            [
                "`terraform output -json` in each work dir",
                fmt_stat(o.terraform_output),
                _per(o.terraform_output, o.dependencies),
            ]
        ),
        _row(
            [
                "for comparison: the same GETs through one boto3 client made once",
                fmt_stat(o.reused_client),
                _per(o.reused_client, o.dependencies),
            ]
        ),
        "",
        f"Ratio: {o.ratio:.1f}x faster from state." if o.ratio else "Ratio: not measured.",
    ]
    if o.client_setup:
        lines.append(
            f"StateReader made {o.clients_per_round:g} boto3 client(s) to read {o.dependencies} states; making one "
            f"(a new session and S3 client) takes {fmt_s(o.client_setup)}."
        )
    return lines


def _per(stat: Stat, n: int) -> str:
    return fmt_s(stat.median / n) if stat.ok else "—"


def runall_section(r: Results) -> list[str]:
    ra = r.runall
    lines = ["## 4. run-all overhead", ""]
    if ra is None:
        return [*lines, f"Not run: {r.errors.get('runall', 'skipped')}"]
    lines += [
        f"{ra.layers} independent layers (terraform_data only, S3 backend on the emulator). Each run starts from "
        "work dirs without `.terraform`, so every variant does `terraform init` and `terraform plan` in every "
        f"layer. The loop runs the same commands in the same generated work dirs. Median of {r.repeats}, "
        "variants interleaved. CPU is user + system time of the process and all its children (Terraform, "
        "providers): less sensitive to other work on the machine than wall time.",
        "",
        _row(["variant", f"wall, {ra.layers} layers", "wall per layer", "CPU", "peak RSS"]),
        _row(["---"] * 5),
    ]
    for name, stat in ra.variants.items():
        cpu = fmt_s(stat.cpu_median) if stat.ok and stat.cpu else "—"
        lines.append(_row([name, fmt_stat(stat), _per(stat, ra.layers), cpu, _rss(stat)]))
    wall, cpu_overhead = ra.overhead(), ra.overhead(cpu=True)
    if wall is not None and cpu_overhead is not None:
        lines += [
            "",
            f"Framework overhead (-p 1 over the loop): {wall * 100:+.1f} % wall, {cpu_overhead * 100:+.1f} % CPU.",
        ]
    if ra.speedup is not None:
        lines.append(f"Speedup of --parallelism 2 over 1: {ra.speedup:.2f}x on {r.machine.cores} cores.")
    return lines


def providers_section(r: Results) -> list[str]:
    p = r.providers
    lines = ["## 5. Provider disk and init", ""]
    if p is None:
        return [*lines, f"Not run: {r.errors.get('providers', 'skipped')}"]
    lines += [
        f"`terraform init` in each of {p.layers} fresh work dirs (hashicorp/aws from mirror `{p.mirror}`), then "
        "`du -s -k -P` (symlinks not followed) of each work dir. The shared store is counted once, not per layer.",
        "",
        _row(["provider installation", "init per layer (median)", "disk per layer (median)", "shared store"]),
        _row(["---"] * 4),
    ]
    for v in p.variants:
        if v.ok:
            shared = f"{v.shared_kb / 1024:.0f} MB" if v.shared_kb >= 1024 else f"{v.shared_kb} KB"
            lines.append(_row([v.name, fmt_s(v.init_median), f"{v.disk_median_kb:.0f} KB", shared]))
        else:
            lines.append(_row([v.name, f"not measurable offline: {v.error}", "—", "—"]))
    cached = next((v for v in p.variants if v.ok and "cache" in v.name), None)
    if cached is not None and p.provider_package_kb and cached.shared_kb < p.provider_package_kb / 10:
        lines += [
            "",
            f"The plugin cache filled from the mirror holds {cached.shared_kb} KB: Terraform links an unpacked "
            "mirror's package into the cache instead of copying it, so both variants share the mirror's one copy.",
        ]
    if p.provider_package_kb:
        lines += [
            "",
            f"For comparison, one unpacked copy of the provider is {p.provider_package_kb / 1024:.0f} MB "
            "(du of the mirror's package): what every layer would hold if each had its own copy, as without "
            "a mirror or cache.",
        ]
    return lines


def render_markdown(r: Results) -> str:
    title = "# Performance" + (" (quick run: smaller sizes, not the reference figures)" if r.quick else "")
    parts: list[list[str]] = [
        [
            title,
            "",
            "Generated by `make bench` (`bench/run.py`); every figure here is measured by that run and "
            f"reproducible with it. This run took {fmt_s(r.seconds)}. Raw results: `bench/results/` (not committed).",
        ],
        machine_section(r),
        targets_section(r),
        scale_section(r),
        peer_section(r),
        limits_section(r.limits),
        outputs_section(r),
        runall_section(r),
        providers_section(r),
        loops_section(r),
        _errors(r),
    ]
    return "\n\n".join("\n".join(p) for p in parts if p).rstrip() + "\n"


def loops_section(r: Results) -> list[str]:
    if not r.loops:
        return ["## 6. The loops people wait on", "", f"Not run: {r.errors.get('loops', 'skipped')}"]
    lines = [
        "## 6. The loops people wait on",
        "",
        "Each run once, as a user runs it, from the repository root (bench/loops.py); CPU is the process's and "
        "everything it waited for (pytest workers, Terraform, the providers). The demo runs on an emulator of "
        "its own.",
        "",
        _row(["loop", "command", "wall", "CPU", "exit", "load when it started"]),
        _row(["---"] * 6),
    ]
    for loop in r.loops:
        started = "/".join(f"{v:.1f}" for v in loop.load)
        lines.append(
            _row(
                [
                    loop.name,
                    f"`{loop.command}`",
                    fmt_s(loop.seconds),
                    fmt_s(loop.cpu_seconds),
                    str(loop.returncode),
                    started,
                ]
            )
        )
    failed = [loop for loop in r.loops if not loop.ok]
    lines += ["", *[f"- {loop.name} failed: {loop.failure}" for loop in failed]] if failed else []
    return lines


def _errors(r: Results) -> list[str]:
    if not r.errors:
        return []
    return ["## Errors during this run", "", *[f"- {k}: {v}" for k, v in r.errors.items()]]


# ------------------------------------------------------------------------------- results.json read back
def _typed(hint: Any, value: Any) -> Any:
    """value (from json.loads of asdict) as the type hint says: dataclasses, lists, dicts, tuples, unions."""
    if value is None:
        return None
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return _typed(next(a for a in args if a is not type(None)), value)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        hints = typing.get_type_hints(hint)
        known = {f.name for f in dataclasses.fields(hint)}
        return hint(**{k: _typed(hints[k], v) for k, v in value.items() if k in known})
    if origin is list:
        return [_typed(args[0], v) for v in value]
    if origin is tuple:
        return (
            tuple(value)
            if not args or args[-1] is Ellipsis
            else tuple(_typed(a, v) for a, v in zip(args, value, strict=False))
        )
    if origin is dict:  # JSON keys are strings: dict[int, ...] gets its int keys back
        return {(args[0](k) if args[0] in (int, float) else k): _typed(args[1], v) for k, v in value.items()}
    return value


def results_from_json(text: str) -> Results:
    """The Results a run wrote to bench/results/results.json, to render the report again without re-measuring."""
    loaded = _typed(Results, json.loads(text))
    assert isinstance(loaded, Results)
    return loaded
