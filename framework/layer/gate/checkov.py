"""checkov over the selected modules, once, and its JSON report read back."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from layer.gate.results import FAIL, OK
from layer.terraform.adapter import capture

CHECKOV_HINT = "run `make checkov-venv` to create it (checkov in a virtualenv of its own)"


@dataclass(frozen=True)
class CheckovFinding:
    check_id: str
    check_name: str
    resource: str
    file: str
    line: int | None
    reason: str | None = None  # the inline skip comment, for skipped checks


@dataclass
class CheckovResult:
    status: str  # ok, FAIL, skip
    failed: list[CheckovFinding] = field(default_factory=list)
    skipped: list[CheckovFinding] = field(default_factory=list)
    passed: int = 0
    parsing_errors: list[str] = field(default_factory=list)
    message: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status != FAIL


def _json_documents(text: str) -> list[object]:
    """checkov prints one JSON document, or several back to back, after any log lines."""
    decoder = json.JSONDecoder()
    documents: list[object] = []
    index = 0
    while index < len(text):
        brace = min((i for i in (text.find("{", index), text.find("[", index)) if i != -1), default=-1)
        if brace == -1:
            break
        try:
            document, index = decoder.raw_decode(text, brace)
        except json.JSONDecodeError:
            index = brace + 1
            continue
        documents.append(document)
    return documents


_MODULE_PREFIX = re.compile(r"^(?:module\.[^.]+(?:\[[^\]]*\])?\.)+")
_INDEX_SUFFIX = re.compile(r"\[[^\]]*\]$")


def _resource_name(address: str) -> str:
    """`module.data.aws_s3_bucket.this[0]` -> `aws_s3_bucket.this` (one line per skip in the source)."""
    return _INDEX_SUFFIX.sub("", _MODULE_PREFIX.sub("", address))


def parse_checkov_output(text: str, modules: Sequence[Path], root: Path) -> CheckovResult:
    """Findings from checkov's JSON output that lie in the selected modules, deduplicated.

    A module called from several examples appears once per call in checkov's report; a finding is
    one check on one place in the source. Paths are shown relative to `root`.
    """
    module_dirs = [m.resolve() for m in modules]
    documents = _json_documents(text)
    reports: list[dict[str, object]] = []
    for document in documents:
        if isinstance(document, list):
            reports.extend(d for d in document if isinstance(d, dict))
        elif isinstance(document, dict):
            reports.append(document)
    if not reports:
        return CheckovResult(FAIL, message="checkov printed no JSON report")

    def selected(path_text: str) -> Path | None:
        path = Path(path_text).resolve()
        return path if any(path.is_relative_to(m) for m in module_dirs) else None

    def shown(path: Path) -> str:
        return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)

    findings: dict[str, dict[tuple[str, str, int | None, str | None], CheckovFinding]] = {
        "failed_checks": {},
        "skipped_checks": {},
    }
    passed: set[tuple[str, str, int | None]] = set()
    parsing_errors: list[str] = []
    for report in reports:
        results = report.get("results")
        if not isinstance(results, dict):
            continue  # an empty scan prints only a summary
        for error in results.get("parsing_errors") or []:
            path = selected(str(error))
            if path is not None:
                parsing_errors.append(shown(path))
        for item in results.get("passed_checks") or []:
            if isinstance(item, dict) and (path := selected(str(item.get("file_abs_path", "")))):
                line_range = item.get("file_line_range") or [None]
                passed.add((str(item.get("check_id")), str(path), line_range[0]))
        for kind, bucket in findings.items():
            for item in results.get(kind) or []:
                if not isinstance(item, dict):
                    continue
                path = selected(str(item.get("file_abs_path", "")))
                if path is None:
                    continue
                line_range = item.get("file_line_range") or [None]
                line = line_range[0] if isinstance(line_range[0], int) else None
                check_result = item.get("check_result")
                reason = item.get("suppress_comment") or (
                    check_result.get("suppress_comment") if isinstance(check_result, dict) else None
                )
                finding = CheckovFinding(
                    check_id=str(item.get("check_id")),
                    check_name=str(item.get("check_name") or ""),
                    resource=_resource_name(str(item.get("resource") or "")),
                    file=shown(path),
                    line=line,
                    reason=str(reason).strip() if reason else None,
                )
                bucket.setdefault((finding.check_id, finding.file, line, finding.reason), finding)
    failed = sorted(findings["failed_checks"].values(), key=lambda f: (f.file, f.line or 0, f.check_id))
    skipped = sorted(findings["skipped_checks"].values(), key=lambda f: (f.file, f.line or 0, f.check_id))
    ok = not failed and not parsing_errors
    return CheckovResult(
        OK if ok else FAIL,
        failed=failed,
        skipped=skipped,
        passed=len(passed),
        parsing_errors=sorted(set(parsing_errors)),
    )


def _scan_roots(modules: Sequence[Path]) -> list[Path]:
    """One module: scan it. Several under one parent: scan that parent once, then keep their
    findings; a module alone under its parent (bootstrap/ beside modules/*) is scanned by itself,
    never the repository root. (checkov 3.3 mixes up results when given -d several times.)"""
    resolved = [m.resolve() for m in modules]
    by_parent: dict[Path, list[Path]] = {}
    for module in resolved:
        by_parent.setdefault(module.parent, []).append(module)
    roots: list[Path] = []
    for parent, members in sorted(by_parent.items()):
        roots.extend(members if len(members) == 1 else [parent])
    return sorted(roots)


def run_checkov(modules: Sequence[Path], root: Path, checkov: Path, timeout: float) -> CheckovResult:
    start = time.monotonic()
    if not checkov.is_file() or not os.access(checkov, os.X_OK):
        return CheckovResult(FAIL, message=f"checkov not found at {checkov}: {CHECKOV_HINT}")
    env = dict(os.environ)
    env["CKV_SKIP_PACKAGE_UPDATE_CHECK"] = "true"  # no PyPI request
    env["BC_SKIP_MAPPING"] = "TRUE"
    outputs: list[str] = []
    for scan_root in _scan_roots(modules):
        command = [
            str(checkov),
            "-d",
            str(scan_root),
            "--framework",
            "terraform",
            "--skip-download",
            "-o",
            "json",
        ]
        run = capture(command, root, env, timeout, stderr_last=True)
        if run.returncode not in (0, 1):  # 1 means "some check failed"
            return CheckovResult(
                FAIL, message=f"checkov exited with {run.returncode}:\n{run.output[-4000:]}", seconds=run.seconds
            )
        outputs.append(run.output)
    result = parse_checkov_output("\n".join(outputs), modules, root)
    result.seconds = time.monotonic() - start
    return result


def default_checkov_bin(root: Path) -> Path:
    configured = os.environ.get("LAYER_CHECKOV")
    return Path(configured) if configured else root / ".venv-checkov" / "bin" / "checkov"
