"""The gate's report: every module's steps, then checkov's findings, then the verdict."""

from __future__ import annotations

from dataclasses import dataclass

from layer.gate.checkov import CheckovFinding, CheckovResult
from layer.gate.results import SKIP, STEPS, ModuleResult
from layer.tables import Column, render_table


@dataclass
class GateReport:
    modules: list[ModuleResult]
    checkov: CheckovResult
    seconds: float

    @property
    def ok(self) -> bool:
        return all(m.ok for m in self.modules) and self.checkov.ok


def render_summary(report: GateReport) -> list[str]:
    """The summary: one table row per module, checkov's findings, then the verdict line."""
    return ["", *_steps_table(report.modules).splitlines(), "", *_checkov_lines(report.checkov), _verdict(report)]


def _steps_table(modules: list[ModuleResult]) -> str:
    columns = [Column("module"), *[Column(step) for step in STEPS], Column("time", align="right")]
    rows = [
        [m.name, *[(m.steps[s].cell() if s in m.steps else "-") for s in STEPS], f"{m.seconds:.1f}s"] for m in modules
    ]
    return render_table(columns, rows)


def _where(finding: CheckovFinding) -> str:
    return f"{finding.file}:{finding.line}" if finding.line else finding.file


def _checkov_lines(ck: CheckovResult) -> list[str]:
    if ck.status == SKIP:
        return [ck.message]
    if ck.message:
        return [f"checkov: FAIL: {ck.message}"]
    out = [
        f"checkov: {ck.status}: {ck.passed} passed, {len(ck.failed)} failed, "
        f"{len(ck.skipped)} skipped inline ({ck.seconds:.1f}s)"
    ]
    out += [f"  FAILED  {f.check_id}  {f.resource}  {_where(f)}  {f.check_name}" for f in ck.failed]
    out += [f"  PARSE ERROR  {error}" for error in ck.parsing_errors]
    if ck.skipped:
        out.append("  inline skips (check, resource, reason, file):")
        out += [f"  {f.check_id}  {f.resource}  {f.reason or '(no reason)'}  {_where(f)}" for f in ck.skipped]
    return out


def _verdict(report: GateReport) -> str:
    failed = [m.name for m in report.modules if not m.ok]
    verdict = "PASSED" if report.ok else "FAILED"
    detail = f" ({', '.join(failed)})" if failed else ""
    return f"gate {verdict}{detail} in {report.seconds:.1f}s"


def indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line if line else line for line in text.splitlines())
