"""One pull-request comment from many jobs' reports: `layer report merge`.

When the plan is spread across CI jobs (one per affected layer, `layer affected --format github-matrix`),
each job writes the JSON report of `layer plan --json` (layer.plan.report). This module reads them all and
writes one Markdown summary like `run-all --markdown`, in run order. With the matrix, a layer whose job
left no report (it failed early, or was skipped or cancelled) and every removed layer get a row of their
own: nothing the change touches is left out of the comment.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from layer.errors import LayerError, Location
from layer.plan.planjson import ResourceChange
from layer.plan.report import resource_details

ICONS = {"no changes": "✅", "changes": "📝", "applied": "✅", "destroyed": "🗑️", "ok": "✅", "interrupted": "⏹️"}
COUNTED = ("no changes", "changes", "applied", "destroyed", "ok")  # statuses whose add/change/destroy are real
NO_REPORT = "no report: the job failed before writing it, or was skipped or cancelled (see the workflow run)"
REMOVED = "layer.yaml deleted: its resources stay in its state until destroyed"
BOOTSTRAP = "the state backend: run by `layer bootstrap ENV`"
NOTE_LIMIT = 160


@dataclass
class Row:
    layer: str
    status: str
    counts: tuple[str, str, str] = ("-", "-", "-")
    seconds: str = "-"
    note: str = ""
    resources: tuple[ResourceChange, ...] = ()  # what the layer's plan changes (its report's resource_changes)


@dataclass
class Merged:
    command: str = "plan"
    rows: list[Row] = field(default_factory=list)
    codes: list[int] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """1 when any job failed or left no report, else 2 when any layer has changes, else 0."""
        if any(code not in (0, 2) for code in self.codes):
            return 1
        return 2 if 2 in self.codes else 0


def read_report(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise LayerError(
            f"cannot read the report: {err}", Location(path), "pass the files `layer plan --json FILE` wrote"
        ) from err
    if not isinstance(data, dict) or not isinstance(data.get("layers"), list):
        raise LayerError(
            "not a layer JSON report (no 'layers' list)",
            Location(path),
            "pass the files `layer plan --json FILE` wrote",
        )
    return data


def read_matrix(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise LayerError(f"cannot read the matrix: {err}", Location(path), _MATRIX_HINT) from err
    if not isinstance(data, dict) or not isinstance(data.get("waves"), list):
        raise LayerError("not a github-matrix document (no 'waves' list)", Location(path), _MATRIX_HINT)
    return data


_MATRIX_HINT = "pass what `layer affected --format github-matrix` printed"


def _row(entry: dict[str, Any]) -> Row:
    status = str(entry.get("status", "unknown"))
    counts: tuple[str, str, str] = ("-", "-", "-")
    if status in COUNTED:
        counts = (str(entry.get("add", 0)), str(entry.get("change", 0)), str(entry.get("destroy", 0)))
    seconds = entry.get("seconds")
    message = str(entry.get("message") or "").strip()
    note = message.splitlines()[0] if message else ""
    if len(note) > NOTE_LIMIT:
        note = note[: NOTE_LIMIT - 1] + "…"
    return Row(
        str(entry.get("id")),
        status,
        counts,
        f"{seconds:.0f}s" if isinstance(seconds, int | float) else "-",
        note,
        _resources(entry.get("resource_changes")),
    )


def _resources(listed: Any) -> tuple[ResourceChange, ...]:
    """A report's resource_changes (reports written before they existed have none)."""
    if not isinstance(listed, list):
        return ()
    return tuple(
        ResourceChange(str(item.get("address")), str(item.get("action")))
        for item in listed
        if isinstance(item, dict) and item.get("address") and item.get("action")
    )


def merge(reports: list[dict[str, Any]], matrix: dict[str, Any] | None = None) -> Merged:
    merged = Merged()
    by_layer: dict[str, Row] = {}
    for report in reports:
        merged.command = str(report.get("command", merged.command))
        code = report.get("exit_code")
        merged.codes.append(code if isinstance(code, int) else 1)
        for entry in report["layers"]:
            if isinstance(entry, dict):
                row = _row(entry)
                by_layer[row.layer] = row
        for ident in report.get("bootstrap", []):
            by_layer.setdefault(str(ident), Row(str(ident), "bootstrap", note=BOOTSTRAP))
        for item in report.get("disabled", []):
            if isinstance(item, dict):
                ident = str(item.get("id"))
                by_layer.setdefault(ident, Row(ident, "disabled", note=str(item.get("reason", ""))))
    order = [str(i["layer"]) for wave in (matrix or {}).get("waves", []) for i in wave.get("include", [])]
    for ident in order:
        if ident not in by_layer:
            by_layer[ident] = Row(ident, "no report", note=NO_REPORT)
            merged.codes.append(1)
    rank = {ident: n for n, ident in enumerate(order)}
    merged.rows = sorted(by_layer.values(), key=lambda r: (rank.get(r.layer, len(rank)), r.layer))
    for item in (matrix or {}).get("removed", []):
        merged.rows.append(Row(str(item.get("layer")), "removed", note=f"{REMOVED} ({item.get('file')})"))
    return merged


def markdown(merged: Merged) -> str:
    lines = [
        f"### layer {merged.command}: {len(merged.rows)} layer(s), exit code {merged.exit_code}",
        "",
        "| layer | result | add | change | destroy | time | note |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for row in merged.rows:
        icon = {"removed": "🗑️", "bootstrap": "🧱", "disabled": "⏸️", "no report": "❔"}.get(row.status)
        mark = icon or ICONS.get(row.status, "❌")
        add, change, destroy = row.counts
        note = row.note.replace("|", "/")
        lines.append(f"| `{row.layer}` | {mark} {row.status} | {add} | {change} | {destroy} | {row.seconds} | {note} |")
    if not merged.rows:
        lines.append("| - | nothing affected | - | - | - | - | |")
    lines += [line for row in merged.rows for line in resource_details(row.layer, row.resources)]
    return "\n".join(lines) + "\n"
