"""The end of a run: a summary table for people, a JSON report for CI, and the exit code contract.

Exit codes (the same for one layer and for run-all): 0 success and no changes, 2 success with changes
present (plan only), 1 any error (a failed or skipped-after-failure layer); a stopped run exits 130 (Ctrl-C)
or 143 (SIGTERM), and its summary and reports say that code (`stopped_code`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from layer.plan.executor import DONE_BEFORE, LayerResult
from layer.plan.plan import RunPlan
from layer.plan.planjson import ResourceChange
from layer.policy import POLICY_STATUS, Violation
from layer.tables import Column, render_table

EXIT_OK, EXIT_ERROR, EXIT_CHANGES = 0, 1, 2
BOOTSTRAP_NOTE = "the state backend: run by `layer bootstrap ENV` (drift: --check)"


def exit_code(results: Mapping[str, LayerResult]) -> int:
    if any(not r.ok for r in results.values()):
        return EXIT_ERROR
    if any(r.status == "changes" for r in results.values()):
        return EXIT_CHANGES
    return EXIT_OK


def final_code(results: Mapping[str, LayerResult], stopped_code: int | None = None) -> int:
    """The exit code the process ends with: a stop's (130/143) wins over the results'."""
    return exit_code(results) if stopped_code is None else stopped_code


def summary_table(
    plan: RunPlan, results: Mapping[str, LayerResult], stopped_code: int | None = None, terminal: bool = False
) -> str:
    """The run's table (drawn by rich when `terminal`), each failure in full, policy warnings, the totals."""
    lines = [*_table(plan, results, terminal), *_failure_details(plan, results), *_policy_warnings(plan, results)]
    totals = _totals(results)
    lines.append(
        f"{len(results)} layer(s): "
        + ", ".join(f"{n} {s}" for s, n in sorted(totals.items()))
        + f"; exit code {final_code(results, stopped_code)}"
    )
    return "\n".join(lines)


MOCKED_NOTE = "planned with mock outputs of dependencies not applied yet: the real plan is known only after they apply"


def plan_preview(plan: RunPlan, planned: Mapping[str, LayerResult], terminal: bool = False) -> str:
    """run-all apply, before the question: each layer's plan, and which ones are uncertain (mocked outputs)."""
    lines = [f"the plans of the {len(plan.order)} layer(s) to apply:", *_table(plan, planned, terminal)]
    lines += _failure_details(plan, planned)
    uncertain = [ident for ident in plan.order if planned[ident].mocked]
    if uncertain:
        lines.append(f"{', '.join(uncertain)}: {MOCKED_NOTE}; planned again and applied right after them")
    certain = [ident for ident in plan.order if planned[ident].ok and not planned[ident].mocked]
    if certain:
        lines.append(f"on yes, exactly these plans are applied: {', '.join(certain)}")
    return "\n".join(lines)


SUMMARY_COLUMNS = (
    Column("LAYER"),
    Column("RESULT"),
    Column("ADD", align="right"),
    Column("CHANGE", align="right"),
    Column("DESTROY", align="right"),
    Column("TIME", align="right"),
    Column("NOTE", free=True),
)
NOT_COUNTED = "-"  # the count of a layer that failed, was skipped or is disabled: unknown, not zero


def _table(plan: RunPlan, results: Mapping[str, LayerResult], terminal: bool = False) -> list[str]:
    rows = [(ident, "bootstrap", "-", "-", "-", "-", BOOTSTRAP_NOTE) for ident in plan.bootstrap]
    for ident in plan.order:
        r = results[ident]
        rows.append((ident, r.status, *counts(r), f"{r.seconds:.1f}s", _first_line(r.message)))
    for ident, reason in sorted(plan.disabled.items()):
        rows.append((ident, "disabled", "-", "-", "-", "-", reason))
    return render_table(SUMMARY_COLUMNS, rows, terminal=terminal).splitlines()


def counted(result: LayerResult) -> bool:
    """Whether the layer's resource counts are known: it ran to the end in this run (a failed or skipped one
    did not; one a resumed run skipped ran in the run before)."""
    return (result.ok and result.status != DONE_BEFORE) or result.status == POLICY_STATUS


def counts(result: LayerResult) -> tuple[str, str, str]:
    if not counted(result):
        return NOT_COUNTED, NOT_COUNTED, NOT_COUNTED
    return str(result.changes.add), str(result.changes.change), str(result.changes.destroy)


REMOVED_COLUMNS = (
    Column("REMOVED LAYER"),
    Column("DESTROY PLAN"),
    Column("DESTROY", align="right"),
    Column("NOTE", free=True),
)


def removed_table(results: Sequence[LayerResult], terminal: bool = False) -> str:
    """The destroy plans of layers removed from the tree (layer.removed)."""
    rows = [
        (r.layer_id, r.status, counts(r)[2] if r.status != "skipped" else "-", _first_line(r.message)) for r in results
    ]
    return render_table(REMOVED_COLUMNS, rows, terminal=terminal)


def _policy_warnings(plan: RunPlan, results: Mapping[str, LayerResult]) -> list[str]:
    """Policy warnings (warn rules) of layers that passed: failures are in the failure details already."""
    lines = []
    for ident in plan.order:
        warnings = [v for v in results[ident].policy if not v.fails]
        lines += [f"{ident}: policy warning {v.line()}" for v in warnings]
    return lines


def _failure_details(plan: RunPlan, results: Mapping[str, LayerResult]) -> list[str]:
    """The whole message (hint included) and the log of each failed layer: the table keeps one line."""
    details = []
    for ident in plan.order:
        r = results[ident]
        if r.ok or r.status in ("skipped", "interrupted") or not r.message:
            continue
        details.append(f"\n{ident} {'failed' if r.status == 'failed' else r.status}:")
        details += [f"  {line}" for line in r.message.strip().splitlines()]
        if r.log is not None:
            details.append(f"  log: {r.log}")
    return details


# What AWS answered (StatusCode: 403, RequestID: ..., api error AccessDenied: ...): never cut off.
_AWS_ANSWER = re.compile(r"(?:operation error |https response error |StatusCode: \d+|api error [\w.]+)")
NOTE_LIMIT = 160


def _first_line(text: str, limit: int = NOTE_LIMIT) -> str:
    """The first line, shortened to `limit`, but keeping the AWS error code when there is one."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    line = line.removeprefix("error: ")
    if len(line) <= limit:
        return line
    found = _AWS_ANSWER.search(line)
    if found is None or found.start() < limit // 2:
        return line[: limit - 1] + "…" if found is None else line
    return line[: limit // 2 - 1] + "… " + line[found.start() :]


def _totals(results: Mapping[str, LayerResult]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for r in results.values():
        totals[r.status] = totals.get(r.status, 0) + 1
    return totals


def json_report(plan: RunPlan, results: Mapping[str, LayerResult], stopped_code: int | None = None) -> dict[str, Any]:
    return {
        "command": plan.command,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tree": str(plan.tree.root),
        "exit_code": final_code(results, stopped_code),
        "waves": plan.waves,
        "layers": [
            {
                "id": ident,
                "status": results[ident].status,
                "add": results[ident].changes.add,
                "change": results[ident].changes.change,
                "destroy": results[ident].changes.destroy,
                "seconds": round(results[ident].seconds, 3),
                "message": results[ident].message,
                "mocked_dependencies": list(results[ident].mocked),
                "log": str(results[ident].log) if results[ident].log else None,
                "errored_state": str(results[ident].errored_state) if results[ident].errored_state else None,
                "policy": policy_report(results[ident].policy),
                "resource_changes": [change.as_dict() for change in results[ident].resources],
            }
            for ident in plan.order
        ],
        "disabled": [{"id": i, "reason": r} for i, r in sorted(plan.disabled.items())],
        "bootstrap": list(plan.bootstrap),
    }


def policy_report(violations: Sequence[Violation]) -> list[dict[str, str]]:
    """Each rule a layer's plan broke (rule_set deny/violation: it failed the layer; warn: reported only)."""
    return [{"rule": v.rule, "address": v.address, "message": v.message, "rule_set": v.rule_set} for v in violations]


def write_json(path: Path, plan: RunPlan, results: Mapping[str, LayerResult], stopped_code: int | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(json_report(plan, results, stopped_code), indent=2) + "\n")


def write_markdown(
    path: Path, plan: RunPlan, results: Mapping[str, LayerResult], stopped_code: int | None = None
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown_summary(plan, results, stopped_code))


def markdown_summary(plan: RunPlan, results: Mapping[str, LayerResult], stopped_code: int | None = None) -> str:
    """The summary as a Markdown table, for a pull-request comment."""
    icon = {"no changes": "✅", "changes": "📝", "applied": "✅", "destroyed": "🗑️", "ok": "✅"}
    lines = [
        f"### layer {plan.command}: exit code {final_code(results, stopped_code)}",
        "",
        "| layer | result | add | change | destroy | time | note |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for ident in plan.order:
        r = results[ident]
        mark = icon.get(r.status, "⏹️" if r.status == "interrupted" else "❌")
        add, change, destroy = counts(r)
        lines.append(
            f"| `{ident}` | {mark} {r.status} | {add} | {change} | {destroy} "
            f"| {r.seconds:.0f}s | {_first_line(r.message).replace('|', '/')} |"
        )
    lines += [f"| `{i}` | ⏸️ disabled | - | - | - | - | {reason} |" for i, reason in sorted(plan.disabled.items())]
    lines += _markdown_resources(plan, results)
    lines += _markdown_policy(plan, results)
    return "\n".join(lines) + "\n"


ACTION_MARKS = {"create": "+", "update": "~", "delete": "-", "replace": "-/+", "forget": "⊘"}


def _markdown_resources(plan: RunPlan, results: Mapping[str, LayerResult]) -> list[str]:
    """Each changed layer's resource changes (from its saved plan's `terraform show -json`), collapsed."""
    return [line for ident in plan.order for line in resource_details(ident, results[ident].resources)]


def resource_details(ident: str, changed: Sequence[ResourceChange]) -> list[str]:
    """A collapsed <details> section listing one layer's resource changes (nothing when there are none)."""
    if not changed:
        return []
    lines = ["", f"<details><summary><code>{ident}</code>: {len(changed)} resource change(s)</summary>", ""]
    lines += ["| action | resource |", "|---|---|"]
    lines += [f"| {ACTION_MARKS.get(c.action, '')} {c.action} | `{_cell(c.address)}` |" for c in changed]
    return [*lines, "", "</details>"]


def _cell(text: str) -> str:
    """Text for a Markdown table cell inside backticks: no pipe or backtick may end the cell early."""
    return text.replace("|", "\\|").replace("`", "'")


def _markdown_policy(plan: RunPlan, results: Mapping[str, LayerResult]) -> list[str]:
    """--policy: every rule each layer's plan broke (failures, then warnings)."""
    found = [(ident, v) for ident in plan.order for v in results[ident].policy]
    if not found:
        return []
    lines = ["", "#### policy", "", "| layer | rule | resource | message |", "|---|---|---|---|"]
    for ident, v in found:
        mark = "❌" if v.fails else "⚠️"
        message = v.message.replace("|", "/").replace("\n", " ")
        lines.append(f"| `{ident}` | {mark} {v.rule} | `{v.address or '-'}` | {message} |")
    return lines
