"""The journal of a `run-all apply` that did not finish, and what `run-all apply --resume` may skip.

A run-all apply that fails or is stopped writes `journal/run-all-apply-<path>.json` under the work root
(`.layer/` beside the tree, or LAYER_WORK_DIR): when, from which commit, and each layer's result. One that
succeeds removes it. `--resume` runs only the layers the journal does not list as applied, and refuses
when the tree changed since in a way that matters:

- the layers under PATH are not the same set (one added, removed, enabled or disabled): the run order the
  journal describes is not this tree's;
- a layer the journal lists as applied is no longer what was applied. `layer status` decides, from the run
  record beside the layer's state: "in sync" (the configuration now, inputs resolved with the
  dependencies' current outputs, module and settings, has the digests that were applied, and no one wrote
  the state since) may be skipped; anything else (pending, changed outside layer, state missing...) means
  that layer must be applied again, and so must what depends on it: resume refuses, a full run is needed.

A layer that did not finish may have changed freely: it runs with the configuration it has now.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from layer.errors import LayerError, Location, SafetyError
from layer.plan.executor import DONE_BEFORE, LayerResult

JOURNAL_DIR = "journal"
APPLIED = ("applied", DONE_BEFORE)  # a layer the journal counts as finished
IN_SYNC = "in sync"  # layer.status's verdict for a layer that is as it was applied


class ResumeRefused(SafetyError):
    """--resume would skip a layer that must run again, or resume a run of another set of layers."""


@dataclass(frozen=True)
class Journal:
    path: str  # PATH of `run-all apply PATH`, relative to the tree's root
    started_at: str
    finished_at: str
    exit_code: int
    commit: str | None
    layers: dict[str, str] = field(default_factory=dict)  # layer id -> its status in that run

    @property
    def applied(self) -> list[str]:
        return [ident for ident, status in self.layers.items() if status in APPLIED]

    def to_json(self) -> str:
        document = {"schema_version": 1, "command": "apply", **self.__dict__}
        return json.dumps(document, indent=2) + "\n"


def journal_file(work_root: Path, relative_path: str) -> Path:
    """One journal per PATH: `run-all apply live/prod` and `run-all apply live/prod/x` resume separately."""
    readable = "".join(c if c.isalnum() else "-" for c in relative_path).strip("-")[:60] or "root"
    digest = hashlib.sha256(relative_path.encode()).hexdigest()[:10]
    return work_root / JOURNAL_DIR / f"run-all-apply-{readable}-{digest}.json"


def record_run(
    target: Path,
    relative_path: str,
    results: Mapping[str, LayerResult],
    exit_code: int,
    started_at: str,
    finished_at: str,
    commit: str | None,
) -> Journal | None:
    """After a run-all apply: keep the journal when it did not finish (exit code other than 0), else remove it."""
    if exit_code == 0:
        target.unlink(missing_ok=True)
        return None
    journal = Journal(
        relative_path,
        started_at,
        finished_at,
        exit_code,
        commit,
        {ident: result.status for ident, result in results.items()},
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(journal.to_json())
    return journal


def read_journal(target: Path, shown_path: str) -> Journal:
    if not target.is_file():
        raise ResumeRefused(
            f"nothing to resume: no run-all apply of {shown_path} failed or stopped here since the last one finished",
            hint=f"run it in full: layer run-all apply {shown_path}",
        )
    try:
        data: Any = json.loads(target.read_text())
        return Journal(
            str(data["path"]),
            str(data["started_at"]),
            str(data["finished_at"]),
            int(data["exit_code"]),
            data.get("commit"),
            {str(k): str(v) for k, v in dict(data["layers"]).items()},
        )
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise LayerError(
            f"the journal of the last run-all apply is unreadable ({err})",
            Location(target),
            f"delete it and run in full: layer run-all apply {shown_path}",
        ) from None


def check_same_layers(journal: Journal, order: Sequence[str], shown_path: str) -> None:
    added = sorted(set(order) - set(journal.layers))
    removed = sorted(set(journal.layers) - set(order))
    if not added and not removed:
        return
    what = "; ".join(
        part
        for part in (f"new: {', '.join(added)}" if added else "", f"gone: {', '.join(removed)}" if removed else "")
        if part
    )
    raise ResumeRefused(
        f"cannot resume: the layers under {shown_path} are not those of the run of {journal.started_at} ({what})",
        hint=f"run it in full: layer run-all apply {shown_path}",
    )


def skippable(journal: Journal, verdicts: Mapping[str, tuple[str, str]], shown_path: str) -> dict[str, str]:
    """The layers to skip (id -> why), given `layer status`'s (verdict, detail) of each layer the journal says
    was applied; a layer no longer in sync refuses the resume."""
    changed = {ident: detail for ident, (verdict, detail) in verdicts.items() if verdict != IN_SYNC}
    if changed:
        listed = "; ".join(f"{ident}: {detail}" for ident, detail in sorted(changed.items()))
        raise ResumeRefused(
            f"cannot resume the run of {journal.started_at}: what it applied changed since ({listed})",
            hint=f"apply again in full, so that these layers and what depends on them run: "
            f"layer run-all apply {shown_path}",
        )
    return {ident: f"applied by the run of {journal.started_at}, unchanged since" for ident in journal.applied}
