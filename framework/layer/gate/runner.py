"""The module quality gate: every check a module must pass, with no AWS and no network.

Per module (modules run in parallel, steps in order):
  fmt       terraform fmt -check -recursive
  static    every variable and output described, every variable typed, tests/*.tftest.hcl and
            examples/complete present, no provider block in the module itself
  docs      README.md generated section current (the same check as `layer docs --check`)
  init      terraform init -backend=false
  validate  terraform validate
  examples  terraform init -backend=false && terraform validate in each examples/*/
  test      terraform test (after the examples' init: run blocks may use them)
Then checkov once over all selected modules. Every terraform run gets its own TF_DATA_DIR under
.layer/gate/<module>/<run id>/, removed afterwards, so no `.terraform` lands in a module and two
gate runs never share one. (`terraform init` still writes the git-ignored .terraform.lock.hcl into
the directory: Terraform has no setting to put it elsewhere.)

Wall time: terraform test starts the AWS provider for every run block, so the gate is CPU-bound.
Modules start longest first (most run blocks), so no long module is left alone at the end, and
terraform runs with GOGC=400 unless GOGC is set: the provider builds its whole schema at each start
and spends a quarter of its CPU in the garbage collector at the default of 100 (measured: kms
`terraform test` 15.8 s CPU -> 11.4 s, `terraform validate` 8.4 s -> 6.7 s; ~0.8 GB peak per
provider instead of ~0.65 GB).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from layer.errors import LayerError
from layer.interface.docs import check_readme, has_tf_files
from layer.interface.hcl import scan_blocks
from layer.interface.spec import load_module
from layer.terraform.cliconfig import write_cli_config

__all__ = [
    "STEPS",
    "CheckovFinding",
    "CheckovResult",
    "GateReport",
    "ModuleResult",
    "StepResult",
    "parse_checkov_output",
    "run_checkov",
    "run_gate",
    "static_problems",
]


def _configuration_aliases(module: Path) -> tuple[str, ...]:
    from layer.interface.spec import load_module

    try:
        return load_module(module).configuration_aliases
    except LayerError:
        return ()


STEPS = ("fmt", "static", "docs", "init", "validate", "examples", "test")
GOGC_DEFAULT = "400"  # see the module docstring; an explicit GOGC in the environment wins
OK, FAIL, SKIP = "ok", "FAIL", "skip"
DEFAULT_TIMEOUT = 1800.0
CHECKOV_HINT = "run `make checkov-venv` to create it (checkov in a virtualenv of its own)"

Echo = Callable[[str], None]


@dataclass
class StepResult:
    status: str
    seconds: float = 0.0
    note: str = ""  # shown in the summary cell, e.g. "2" examples
    log: str = ""  # the step's output, shown when the module fails

    @property
    def ok(self) -> bool:
        return self.status != FAIL

    def cell(self) -> str:
        return f"{self.status} ({self.note})" if self.note else self.status


@dataclass
class ModuleResult:
    module: Path
    name: str
    steps: dict[str, StepResult] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return all(step.ok for step in self.steps.values())

    def failure_log(self) -> str:
        parts = [f"--- {name}: {step.status}\n{step.log.rstrip()}" for name, step in self.steps.items() if not step.ok]
        return "\n".join(parts)


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


@dataclass
class GateReport:
    modules: list[ModuleResult]
    checkov: CheckovResult
    seconds: float

    @property
    def ok(self) -> bool:
        return all(m.ok for m in self.modules) and self.checkov.ok


# --------------------------------------------------------------------------------------------------
# Static checks


def static_problems(module: Path) -> list[str]:
    """The module-layout problems terraform itself does not report."""
    problems: list[str] = []
    try:
        spec = load_module(module)
    except LayerError as err:
        return [err.render()]
    for var in sorted(spec.variables.values(), key=lambda v: (v.file.name, v.line)):
        where = f"{var.file.name}:{var.line}"
        if not var.description:
            problems.append(f'{where}: variable "{var.name}" has no description')
        if not var.type_declared:
            problems.append(f'{where}: variable "{var.name}" has no type')
    for out in sorted(spec.outputs.values(), key=lambda o: (o.file.name, o.line)):
        if not out.description:
            problems.append(f'{out.file.name}:{out.line}: output "{out.name}" has no description')
    for file in spec.files:
        spans = scan_blocks(file.read_text(encoding="utf-8")) or []
        for span in spans:
            if span.kind == "provider":
                problems.append(
                    f"{file.name}:{span.line}: provider block in a module "
                    "(configure providers in examples/tests; declare aliases with configuration_aliases)"
                )
    if not sorted((module / "tests").glob("*.tftest.hcl")):
        problems.append("tests/*.tftest.hcl: no terraform tests")
    if not has_tf_files(module / "examples" / "complete"):
        problems.append("examples/complete: missing (every module has at least this example)")
    return problems


# --------------------------------------------------------------------------------------------------
# Running terraform


@dataclass(frozen=True)
class _Run:
    code: int
    output: str
    seconds: float


def _run(command: Sequence[str], cwd: Path, env: dict[str, str], timeout: float, *, header: bool = True) -> _Run:
    """Run a command in its own process group, output captured (stderr after stdout when
    `header` is False, so that stdout stays parseable)."""
    start = time.monotonic()
    head = f"$ {' '.join(command)}    (in {cwd})\n" if header else ""
    try:
        proc = subprocess.Popen(
            list(command),
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT if header else subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
    except OSError as err:
        return _Run(127, head + f"cannot run {command[0]}: {err}\n", time.monotonic() - start)
    try:
        output, errors = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the process group we started, by its id
        output, errors = proc.communicate()
        output += f"\n(killed after {timeout:.0f}s)\n"
        return _Run(124, head + output + (errors or ""), time.monotonic() - start)
    if errors:
        output += "\n" + errors
    return _Run(proc.returncode, head + output, time.monotonic() - start)


class _ModuleRunner:
    def __init__(
        self,
        module: Path,
        name: str,
        data_root: Path,
        base_env: dict[str, str],
        terraform: str,
        timeout: float,
    ) -> None:
        self.module = module
        self.name = name
        self.data_root = data_root
        self.base_env = base_env
        self.terraform = terraform
        self.timeout = timeout

    def env(self, data_dir: str) -> dict[str, str]:
        env = dict(self.base_env)
        env["TF_DATA_DIR"] = str(self.data_root / data_dir)
        return env

    def terraform_step(self, args: Sequence[str], cwd: Path, data_dir: str) -> _Run:
        return _run([self.terraform, *args], cwd, self.env(data_dir), self.timeout)

    def run(self) -> ModuleResult:
        start = time.monotonic()
        result = ModuleResult(self.module, self.name)
        steps = result.steps
        try:
            fmt = self.terraform_step(["fmt", "-check", "-recursive", "-diff", "-no-color"], self.module, "fmt")
            steps["fmt"] = StepResult(OK if fmt.code == 0 else FAIL, fmt.seconds, log=fmt.output)

            t0 = time.monotonic()
            problems = static_problems(self.module)
            steps["static"] = StepResult(
                FAIL if problems else OK,
                time.monotonic() - t0,
                note=str(len(problems)) if problems else "",
                log="\n".join(problems),
            )

            t0 = time.monotonic()
            try:
                docs = check_readme(self.module)
                steps["docs"] = StepResult(OK if docs.status.ok else FAIL, time.monotonic() - t0, log=docs.describe())
            except LayerError as err:
                steps["docs"] = StepResult(FAIL, time.monotonic() - t0, log=err.render())

            init = self.terraform_step(["init", "-backend=false", "-input=false", "-no-color"], self.module, "module")
            steps["init"] = StepResult(OK if init.code == 0 else FAIL, init.seconds, log=init.output)

            aliases = _configuration_aliases(self.module)
            if init.code == 0 and aliases:
                # Terraform cannot validate a module that declares configuration_aliases on its own
                # (hashicorp/terraform#28490: "Provider configuration not present"), and a module may not
                # configure providers. Its examples configure the alias; the examples step validates them.
                steps["validate"] = StepResult(
                    OK, 0.0, note="via examples", log=f"{', '.join(aliases)}: validated through examples/ (TF#28490)"
                )
            elif init.code == 0:
                validate = self.terraform_step(["validate", "-no-color"], self.module, "module")
                steps["validate"] = StepResult(
                    OK if validate.code == 0 else FAIL, validate.seconds, log=validate.output
                )
            else:
                steps["validate"] = StepResult(SKIP, log="skipped: init failed")

            steps["examples"] = self.examples()

            if init.code == 0:
                test = self.terraform_step(["test", "-no-color"], self.module, "module")
                steps["test"] = StepResult(OK if test.code == 0 else FAIL, test.seconds, log=test.output)
                passed = re.search(r"(\d+) passed, (\d+) failed", test.output)
                if passed:
                    steps["test"].note = passed.group(1) if test.code == 0 else f"{passed.group(2)} failed"
            else:
                steps["test"] = StepResult(SKIP, log="skipped: init failed")
        except Exception as err:  # a bug here must not hide the other modules' results
            steps["error"] = StepResult(FAIL, log=f"internal error in the gate: {err!r}")
        finally:
            shutil.rmtree(self.data_root, ignore_errors=True)
        result.seconds = time.monotonic() - start
        return result

    def examples(self) -> StepResult:
        root = self.module / "examples"
        examples = sorted(p for p in root.iterdir() if has_tf_files(p)) if root.is_dir() else []
        if not examples:
            return StepResult(FAIL, log="no examples/*/ directory with .tf files")
        logs: list[str] = []
        seconds = 0.0
        failed = 0
        for example in examples:
            data_dir = f"examples/{example.name}"
            init = self.terraform_step(["init", "-backend=false", "-input=false", "-no-color"], example, data_dir)
            seconds += init.seconds
            if init.code != 0:
                failed += 1
                logs.append(init.output)
                continue
            validate = self.terraform_step(["validate", "-no-color"], example, data_dir)
            seconds += validate.seconds
            if validate.code != 0:
                failed += 1
                logs.append(validate.output)
        if failed:
            return StepResult(FAIL, seconds, note=f"{failed}/{len(examples)}", log="\n".join(logs))
        return StepResult(OK, seconds, note=str(len(examples)))


# --------------------------------------------------------------------------------------------------
# checkov


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
        run = _run(command, root, env, timeout, header=False)
        if run.code not in (0, 1):  # 1 means "some check failed"
            return CheckovResult(
                FAIL, message=f"checkov exited with {run.code}:\n{run.output[-4000:]}", seconds=run.seconds
            )
        outputs.append(run.output)
    result = parse_checkov_output("\n".join(outputs), modules, root)
    result.seconds = time.monotonic() - start
    return result


# --------------------------------------------------------------------------------------------------
# The gate


def _names(modules: Sequence[Path], root: Path) -> list[str]:
    names = [m.resolve().name for m in modules]
    if len(set(names)) == len(names):
        return names
    result = []
    for module in modules:
        path = module.resolve()
        rel = path.relative_to(root) if path.is_relative_to(root) else path
        result.append(str(rel).strip("/").replace("/", "__"))
    return result


def run_gate(
    modules: Sequence[Path],
    *,
    root: Path,
    jobs: int | None = None,
    checkov: bool = True,
    checkov_bin: Path | None = None,
    terraform: str = "terraform",
    timeout: float = DEFAULT_TIMEOUT,
    echo: Echo = print,
) -> GateReport:
    """Run the gate over `modules` (directories); `root` holds .layer/ and .venv-checkov/."""
    start = time.monotonic()
    root = root.resolve()
    if shutil.which(terraform) is None:
        raise LayerError(f"{terraform} not found on PATH", hint="install Terraform 1.11")
    cli_config = write_cli_config(root / ".layer")
    base_env = dict(os.environ)
    base_env.update(
        {
            "TF_CLI_CONFIG_FILE": str(cli_config),
            "TF_IN_AUTOMATION": "1",
            "TF_INPUT": "0",
            "CHECKPOINT_DISABLE": "1",  # no version check against checkpoint-api.hashicorp.com
        }
    )
    base_env.setdefault("GOGC", GOGC_DEFAULT)
    for var in ("TF_DATA_DIR", "TF_WORKSPACE", "TF_CLI_ARGS", "TF_CLI_ARGS_init", "TF_CLI_ARGS_test"):
        base_env.pop(var, None)
    run_id = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    names = _names(modules, root)
    workers = max(1, jobs or os.cpu_count() or 1)
    lock = threading.Lock()
    done: list[ModuleResult] = []

    def say(text: str) -> None:
        with lock:
            echo(text)

    say(f"gate: {len(modules)} module(s), {min(workers, len(modules))} at a time")

    def one(index: int) -> ModuleResult:
        module, name = modules[index], names[index]
        runner = _ModuleRunner(
            module,
            name,
            root / ".layer" / "gate" / name / run_id,
            base_env,
            terraform,
            timeout,
        )
        result = runner.run()
        with lock:
            done.append(result)
            count = len(done)
        status = "ok  " if result.ok else "FAIL"
        say(f"[{count}/{len(modules)}] {status} {name} ({result.seconds:.1f}s)")
        if not result.ok:
            say(_indent(result.failure_log()))
        return result

    # Longest first; results stay in the order given.
    order = sorted(range(len(modules)), key=lambda i: -_estimated_cost(modules[i]))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {i: pool.submit(one, i) for i in order}
        results = [futures[i].result() for i in range(len(modules))]
    _prune_empty(root / ".layer" / "gate", names)

    if checkov:
        say("checkov: scanning ...")
        checkov_result = run_checkov(modules, root, checkov_bin or default_checkov_bin(root), timeout)
    else:
        checkov_result = CheckovResult(SKIP, message="checkov: skipped (--no-checkov)")
    report = GateReport(results, checkov_result, time.monotonic() - start)
    for line in render_summary(report):
        echo(line)
    return report


_RUN_BLOCK = re.compile(r"^run\s+\"", re.MULTILINE)


def _estimated_cost(module: Path) -> int:
    """Roughly proportional to a module's gate time: terraform test starts the provider for every
    run block; validate and each example cost about as much as a few run blocks."""
    runs = 0
    for test in (module / "tests").glob("*.tftest.hcl"):
        with contextlib.suppress(OSError):
            runs += len(_RUN_BLOCK.findall(test.read_text(encoding="utf-8")))
    examples = (module / "examples").glob("*/") if (module / "examples").is_dir() else []
    return runs + 4 * (1 + sum(1 for e in examples if e.is_dir()))


def default_checkov_bin(root: Path) -> Path:
    configured = os.environ.get("LAYER_CHECKOV")
    return Path(configured) if configured else root / ".venv-checkov" / "bin" / "checkov"


def _prune_empty(gate_dir: Path, names: Sequence[str]) -> None:
    for name in names:
        with contextlib.suppress(OSError):
            (gate_dir / name).rmdir()  # only when no other run is using it


def _indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line if line else line for line in text.splitlines())


def render_summary(report: GateReport) -> list[str]:
    headers = ["module", *STEPS, "time"]
    rows = [
        [m.name, *[(m.steps[s].cell() if s in m.steps else "-") for s in STEPS], f"{m.seconds:.1f}s"]
        for m in report.modules
    ]
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = ["", line(headers), line(["-" * w for w in widths])]
    out += [line(row) for row in rows]
    out.append("")
    ck = report.checkov
    if ck.status == SKIP:
        out.append(ck.message)
    elif ck.message:
        out.append(f"checkov: FAIL: {ck.message}")
    else:
        out.append(
            f"checkov: {ck.status}: {ck.passed} passed, {len(ck.failed)} failed, "
            f"{len(ck.skipped)} skipped inline ({ck.seconds:.1f}s)"
        )
        for finding in ck.failed:
            where = f"{finding.file}:{finding.line}" if finding.line else finding.file
            out.append(f"  FAILED  {finding.check_id}  {finding.resource}  {where}  {finding.check_name}")
        for error in ck.parsing_errors:
            out.append(f"  PARSE ERROR  {error}")
        if ck.skipped:
            out.append("  inline skips (check, resource, reason, file):")
            for finding in ck.skipped:
                where = f"{finding.file}:{finding.line}" if finding.line else finding.file
                reason = finding.reason or "(no reason)"
                out.append(f"  {finding.check_id}  {finding.resource}  {reason}  {where}")
    failed = [m.name for m in report.modules if not m.ok]
    verdict = "PASSED" if report.ok else "FAILED"
    detail = f" ({', '.join(failed)})" if failed else ""
    out.append(f"gate {verdict}{detail} in {report.seconds:.1f}s")
    return out
