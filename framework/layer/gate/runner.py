"""Each module's steps in order, modules in parallel (longest first), and checkov once beside them.

checkov (one Python process over all modules: 67 s of CPU measured) starts with the first module, not
after the last: at the end of a run only one module is left, and a core sat idle while checkov ran alone.

Every command starts through the one adapter (layer.terraform.adapter.capture), with the Terraform
binary it resolves (`LAYER_TERRAFORM_BIN`, else `terraform` on PATH): the gate and `run-all` run the
same Terraform."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from layer.errors import LayerError
from layer.gate.checkov import CheckovResult, default_checkov_bin, run_checkov
from layer.gate.report import GateReport, indent, render_summary
from layer.gate.results import DEFAULT_TIMEOUT, FAIL, OK, SKIP, ModuleResult, StepResult
from layer.gate.static import static_problems
from layer.interface.docs import check_readmes, has_tf_files
from layer.interface.spec import load_module
from layer.terraform.adapter import TERRAFORM_ENV, Result, capture, interrupt_all, terraform_binary
from layer.terraform.cliconfig import write_cli_config

GOGC_DEFAULT = "400"  # see the package docstring; an explicit GOGC in the environment wins
_UNSET_FOR_TERRAFORM = ("TF_DATA_DIR", "TF_WORKSPACE", "TF_CLI_ARGS", "TF_CLI_ARGS_init", "TF_CLI_ARGS_test")
_FMT = ("fmt", "-check", "-recursive", "-diff", "-no-color")
_INIT = ("init", "-backend=false", "-input=false", "-no-color")
_VALIDATE = ("validate", "-no-color")
_TEST_COUNTS = re.compile(r"(\d+) passed, (\d+) failed")
_RUN_BLOCK = re.compile(r"^run\s+\"", re.MULTILINE)

Echo = Callable[[str], None]


def _configuration_aliases(module: Path) -> tuple[str, ...]:
    try:
        return load_module(module).configuration_aliases
    except LayerError:
        return ()


def _step(run: Result) -> StepResult:
    return StepResult(OK if run.returncode == 0 else FAIL, run.seconds, log=run.output)


def _timed(check: Callable[[], StepResult]) -> StepResult:
    started = time.monotonic()
    step = check()
    step.seconds = time.monotonic() - started
    return step


class _ModuleRunner:
    def __init__(
        self, module: Path, name: str, data_root: Path, base_env: dict[str, str], terraform: str, timeout: float
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

    def terraform_step(self, args: Sequence[str], cwd: Path, data_dir: str) -> Result:
        argv = [self.terraform, *args]
        run = capture(argv, cwd, self.env(data_dir), self.timeout)
        header = f"$ {' '.join(argv)}    (in {cwd})\n"
        return Result(run.args, run.returncode, header + run.output, run.seconds, run.interrupted)

    def run(self) -> ModuleResult:
        start = time.monotonic()
        result = ModuleResult(self.module, self.name)
        try:
            self.run_steps(result.steps)
        except Exception as err:  # a bug here must not hide the other modules' results
            result.steps["error"] = StepResult(FAIL, log=f"internal error in the gate: {err!r}")
        finally:
            shutil.rmtree(self.data_root, ignore_errors=True)
        result.seconds = time.monotonic() - start
        return result

    def run_steps(self, steps: dict[str, StepResult]) -> None:
        steps["fmt"] = _step(
            self.terraform_step(["fmt", "-check", "-recursive", "-diff", "-no-color"], self.module, "fmt")
        )
        steps["static"] = _timed(self.static)
        steps["docs"] = _timed(self.docs)
        init = self.terraform_step(_INIT, self.module, "module")
        steps["init"] = _step(init)
        initialised = init.returncode == 0
        steps["validate"] = self.validate() if initialised else StepResult(SKIP, log="skipped: init failed")
        steps["examples"] = self.examples()
        steps["test"] = self.test() if initialised else StepResult(SKIP, log="skipped: init failed")

    def static(self) -> StepResult:
        problems = static_problems(self.module)
        note = str(len(problems)) if problems else ""
        return StepResult(FAIL if problems else OK, note=note, log="\n".join(problems))

    def docs(self) -> StepResult:
        try:
            readmes = check_readmes(self.module)  # the module's and its examples'
        except LayerError as err:
            return StepResult(FAIL, log=err.render())
        ok = all(readme.status.ok for readme in readmes)
        return StepResult(OK if ok else FAIL, log="\n".join(readme.describe() for readme in readmes))

    def validate(self) -> StepResult:
        aliases = _configuration_aliases(self.module)
        if aliases:
            # Terraform cannot validate a module that declares configuration_aliases on its own
            # (hashicorp/terraform#28490: "Provider configuration not present"), and a module may not
            # configure providers. Its examples configure the alias; the examples step validates them.
            log = f"{', '.join(aliases)}: validated through examples/ (TF#28490)"
            return StepResult(OK, 0.0, note="via examples", log=log)
        return _step(self.terraform_step(_VALIDATE, self.module, "module"))

    def test(self) -> StepResult:
        test = self.terraform_step(["test", "-no-color"], self.module, "module")
        step = _step(test)
        counts = _TEST_COUNTS.search(test.output)
        if counts:
            step.note = counts.group(1) if test.returncode == 0 else f"{counts.group(2)} failed"
        return step

    def examples(self) -> StepResult:
        root = self.module / "examples"
        examples = sorted(p for p in root.iterdir() if has_tf_files(p)) if root.is_dir() else []
        if not examples:
            return StepResult(FAIL, log="no examples/*/ directory with .tf files")
        logs: list[str] = []
        seconds = 0.0
        for example in examples:
            runs = self.example(example)
            seconds += sum(run.seconds for run in runs)
            logs.extend(run.output for run in runs if run.returncode != 0)
        if logs:
            return StepResult(FAIL, seconds, note=f"{len(logs)}/{len(examples)}", log="\n".join(logs))
        return StepResult(OK, seconds, note=str(len(examples)))

    def example(self, example: Path) -> list[Result]:
        """init, then validate when init passed: at most one of them fails."""
        data_dir = f"examples/{example.name}"
        init = self.terraform_step(_INIT, example, data_dir)
        if init.returncode != 0:
            return [init]
        return [init, self.terraform_step(_VALIDATE, example, data_dir)]


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


def _check_terraform(terraform: str) -> None:
    if shutil.which(terraform) is None:
        raise LayerError(
            f"{terraform} not found on PATH", hint=f"install Terraform 1.11, or set {TERRAFORM_ENV} to its binary"
        )


def _terraform_env(root: Path) -> dict[str, str]:
    """The environment of every terraform the gate starts: no prompts, no checkpoint, the plugin
    cache's CLI config, and none of the caller's TF_DATA_DIR/workspace/extra arguments."""
    env = dict(os.environ)
    env.update(
        {
            "TF_CLI_CONFIG_FILE": str(write_cli_config(root / ".layer")),
            "TF_IN_AUTOMATION": "1",
            "TF_INPUT": "0",
            "CHECKPOINT_DISABLE": "1",  # no version check against checkpoint-api.hashicorp.com
        }
    )
    env.setdefault("GOGC", GOGC_DEFAULT)
    for var in _UNSET_FOR_TERRAFORM:
        env.pop(var, None)
    return env


def run_gate(
    modules: Sequence[Path],
    *,
    root: Path,
    jobs: int | None = None,
    checkov: bool = True,
    checkov_bin: Path | None = None,
    terraform: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    echo: Echo = print,
) -> GateReport:
    """Run the gate over `modules` (directories); `root` holds .layer/ and .venv-checkov/. `terraform`
    None: the adapter's binary (`LAYER_TERRAFORM_BIN`, else `terraform`)."""
    start = time.monotonic()
    root = root.resolve()
    binary = terraform or terraform_binary()
    _check_terraform(binary)
    base_env = _terraform_env(root)
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
        data_root = root / ".layer" / "gate" / name / run_id
        result = _ModuleRunner(module, name, data_root, base_env, binary, timeout).run()
        with lock:
            done.append(result)
            count = len(done)
        status = "ok  " if result.ok else "FAIL"
        say(f"[{count}/{len(modules)}] {status} {name} ({result.seconds:.1f}s)")
        if not result.ok:
            say(indent(result.failure_log()))
        return result

    # Longest first; results stay in the order given. checkov runs beside the modules (its own thread).
    order = sorted(range(len(modules)), key=lambda i: -_estimated_cost(modules[i]))
    with ThreadPoolExecutor(max_workers=1) as side, ThreadPoolExecutor(max_workers=workers) as pool:
        scan = (
            side.submit(run_checkov, modules, root, checkov_bin or default_checkov_bin(root), timeout)
            if checkov
            else None
        )
        if scan is not None:
            say("checkov: scanning beside the modules ...")
        futures = {i: pool.submit(one, i) for i in order}
        try:
            results = [futures[i].result() for i in range(len(modules))]
        except KeyboardInterrupt:  # Ctrl-C, or SIGTERM (a CI cancel): stop, never go on to the next module
            _stop_running(pool, side)
            raise
        skipped = CheckovResult(SKIP, message="checkov: skipped (--no-checkov)")
        checkov_result = scan.result() if scan is not None else skipped
    _prune_empty(root / ".layer" / "gate", names)
    report = GateReport(results, checkov_result, time.monotonic() - start)
    for line in render_summary(report):
        echo(line)
    return report


def _stop_running(*pools: ThreadPoolExecutor) -> None:
    """No step starts any more (the adapter answers 130 'not started'), the running Terraform and checkov
    get one SIGINT, queued modules are dropped; returns when the running ones have ended."""
    interrupt_all()
    for pool in pools:
        pool.shutdown(wait=True, cancel_futures=True)


def _estimated_cost(module: Path) -> int:
    """Roughly proportional to a module's gate time: terraform test starts the provider for every
    run block; validate and each example cost about as much as a few run blocks."""
    runs = 0
    for test in (module / "tests").glob("*.tftest.hcl"):
        with contextlib.suppress(OSError):
            runs += len(_RUN_BLOCK.findall(test.read_text(encoding="utf-8")))
    examples = (module / "examples").glob("*/") if (module / "examples").is_dir() else []
    return runs + 4 * (1 + sum(1 for e in examples if e.is_dir()))


def _prune_empty(gate_dir: Path, names: Sequence[str]) -> None:
    for name in names:
        with contextlib.suppress(OSError):
            (gate_dir / name).rmdir()  # only when no other run is using it
