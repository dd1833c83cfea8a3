"""`layer status`: per layer, its last applied run, its lock, and whether the tree moved on since.

Everything comes from the state backend; nothing runs Terraform. Per layer: the state object (serial,
resources, when it was written), the run record `layer` wrote beside it after its last apply or destroy
(`layer.state.records`), the lock (S3 lock file or DynamoDB item), and the digests of the configuration as
it is now (inputs resolved with the dependencies' current outputs, the module's files, backend and
provider) compared with the digests that were applied. `assess` turns those plain facts into a verdict;
`collect` gathers them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from layer.config.model import Layer, Tree
from layer.errors import DamagedStateError, LayerError
from layer.state.locks import LockInfo, read_locks
from layer.state.outputs import StateObject, lost_state_error, shown_directory
from layer.state.records import Digests, RunRecord, read_record
from layer.tables import Column, render_table
from layer.terraform.generate import backend_config

IN_SYNC, PENDING, OUT_OF_BAND, NOT_APPLIED, DESTROYED, UNKNOWN, BOOTSTRAP, DISABLED = (
    "in sync",
    "pending",
    "changed outside layer",
    "not applied",
    "destroyed",
    "unknown",
    "bootstrap",
    "disabled",
)
STATE_MISSING, STATE_DAMAGED = "state missing", "state damaged"
CALM = (IN_SYNC, DESTROYED, BOOTSTRAP, DISABLED)
BROKEN = (STATE_MISSING, STATE_DAMAGED)  # the state must be restored before anything else runs: exit code 1


@dataclass(frozen=True)
class LayerStatus:
    layer: str
    verdict: str  # one of the constants above
    detail: str  # why, in words
    last_run: str  # "apply 2026-12-02T10:00:00Z by alice via atlantis (PR 42, abc1234)" or "-"
    state: str  # "serial 7, 12 resources, written 2026-12-02T10:00:00Z" or "none"
    lock: str  # "unlocked" or "locked by ... since ..."
    locked: bool

    @property
    def needs_attention(self) -> bool:
        return self.locked or self.verdict not in CALM

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "needs_attention": self.needs_attention}


def describe_run(record: RunRecord | None) -> str:
    if record is None:
        return "-"
    where = [p for p in (f"PR {record.pull_request}" if record.pull_request else "", (record.commit or "")[:12]) if p]
    text = f"{record.command} {record.finished_at} by {record.by}"
    return text + (f" ({', '.join(where)})" if where else "")


def describe_locks(locks: Sequence[LockInfo]) -> str:
    return "; ".join(f"{lock.kind}: {lock.describe()}" for lock in locks) or "unlocked"


def describe_state(state: StateObject) -> str:
    if state.serial is None:
        return "none"
    written = f", written {state.last_modified}" if state.last_modified else ""
    return f"serial {state.serial}, {state.resources} resource(s){written}"


def assess(
    state: StateObject,
    record: RunRecord | None,
    current: Digests | None,
    current_problem: str = "",
) -> tuple[str, str]:
    """(verdict, detail) from the facts. `current` is None when the configuration could not be resolved now
    (`current_problem` says why, e.g. a dependency without state)."""
    if state.serial is None:
        if record is not None and record.command == "destroy":
            return DESTROYED, "destroyed; no state object left"
        if record is not None:
            return STATE_MISSING, f"state missing (was applied at {record.finished_at} by {record.by})"
        return NOT_APPLIED, "no state yet"
    if record is None:
        return UNKNOWN, "state exists but layer has no run record for it (applied outside layer, or before records)"
    if record.state_serial != state.serial:
        return (
            OUT_OF_BAND,
            f"state serial is {state.serial}, layer's last {record.command} left {record.state_serial}: "
            "something else wrote the state since (terraform by hand, an interrupted run)",
        )
    if record.command == "destroy":
        return DESTROYED, f"destroyed; the state holds {state.resources} resource(s)"
    if current is None:
        return UNKNOWN, current_problem or "the configuration cannot be resolved now"
    changed = current.differences(record.digests)
    if changed:
        return PENDING, f"{', '.join(changed)} changed since the last apply: plan to see what it means"
    return IN_SYNC, "the tree matches what was applied"


def status_of(
    layer: Layer,
    state: StateObject,
    record: RunRecord | None,
    locks: Sequence[LockInfo],
    current: Digests | None,
    current_problem: str = "",
) -> LayerStatus:
    verdict, detail = assess(state, record, current, current_problem)
    return LayerStatus(
        layer=layer.id,
        verdict=verdict,
        detail=detail,
        last_run=describe_run(record),
        state=describe_state(state),
        lock=describe_locks(locks),
        locked=bool(locks),
    )


# -- gathering the facts -------------------------------------------------------------------------------------

Render = Callable[[Layer], Digests]  # digests of the layer's configuration now; raises LayerError if it can't


@dataclass
class StatusSource:
    """The reads `collect` needs: state, env and the digests of the current configuration."""

    read_state: Callable[[Layer], StateObject]
    env_for: Callable[[Layer], dict[str, str]]
    current_digests: Render


def damaged(layer: Layer, error: LayerError, record: RunRecord | None, locks: Sequence[LockInfo]) -> LayerStatus:
    detail = error.message + (f"; {error.hint}" if error.hint else "")
    return LayerStatus(
        layer.id, STATE_DAMAGED, detail, describe_run(record), "unreadable", describe_locks(locks), bool(locks)
    )


def layer_status(layer: Layer, source: StatusSource) -> LayerStatus:
    backend = backend_config(layer)
    env = source.env_for(layer)
    record = read_record(backend, env)
    locks = read_locks(backend, env)
    try:
        state = source.read_state(layer)
    except DamagedStateError as err:
        return damaged(layer, err, record, locks)
    if layer.is_bootstrap:
        return LayerStatus(
            layer.id,
            BOOTSTRAP,
            "the state backend itself: its drift is `layer bootstrap ENV --check`",
            describe_run(record),
            describe_state(state),
            describe_locks(locks),
            bool(locks),
        )
    current: Digests | None = None
    problem = ""
    try:
        current = source.current_digests(layer)
    except LayerError as err:
        problem = err.message
    status = status_of(layer, state, record, locks, current, problem)
    if status.verdict == STATE_MISSING:
        lost = lost_state_error(backend, env, layer.id, shown_directory(layer.dir))
        status = replace(status, detail=status.detail + (f"; {lost.hint}" if lost and lost.hint else ""))
    return status


def collect(tree: Tree, order: Sequence[str], source: StatusSource, parallelism: int = 8) -> list[LayerStatus]:
    """Status of each layer in `order` (reads in parallel: they are network round trips)."""
    with ThreadPoolExecutor(max_workers=max(1, parallelism)) as pool:
        return list(pool.map(lambda ident: layer_status(tree.layers[ident], source), order))


def status_source(tree: Tree) -> StatusSource:
    """Reads through one LayerRunner: its state cache, CLI config and dependency-output resolution."""
    from layer.plan.actions import LayerRunner

    runner = LayerRunner(tree, "status")

    def current_digests(layer: Layer) -> Digests:
        workdir, _ = runner.render(layer, allow_mocks=False)
        return runner.digests(layer, workdir)

    return StatusSource(
        read_state=lambda layer: runner.states.read(
            backend_config(layer), runner.env_for(layer), layer.id, lost_is_error=False
        ),
        env_for=runner.env_for,
        current_digests=current_digests,
    )


def gather(
    path: Path, include: Sequence[str] = (), exclude: Sequence[str] = ()
) -> tuple[list[LayerStatus], dict[str, str]]:
    """Load the tree under `path` and read the status of each enabled layer, in dependency order."""
    from layer.pipeline import load, preflight
    from layer.plan.plan import make_plan

    loaded = load(path, include, exclude)
    plan = make_plan("plan", loaded.tree, loaded.graph)
    preflight(plan)
    order = [*plan.bootstrap, *plan.order]
    return collect(loaded.tree, order, status_source(loaded.tree)), plan.disabled


STATUS_COLUMNS = (
    Column("LAYER"),
    Column("STATUS"),
    Column("LAST RUN"),
    Column("LOCK"),
    Column("STATE"),
    Column("DETAIL", free=True),
)


def table(statuses: Sequence[LayerStatus], disabled: dict[str, str], terminal: bool = False) -> str:
    rows = [(s.layer, s.verdict, s.last_run, s.lock, s.state, s.detail) for s in statuses]
    rows += [(ident, DISABLED, "-", "-", "-", reason) for ident, reason in sorted(disabled.items())]
    lines = render_table(STATUS_COLUMNS, rows, terminal=terminal).splitlines()
    attention = [s.layer for s in statuses if s.needs_attention]
    lines.append(
        f"{len(statuses)} layer(s): "
        + (f"{len(attention)} need attention ({', '.join(attention)})" if attention else "all in sync and unlocked")
    )
    return "\n".join(lines)
