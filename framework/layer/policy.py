"""Plan policy: the Rego files of atlantis/policies/ evaluated against a layer's plan JSON.

The same policies run in Atlantis through conftest; here they run through regopy (Microsoft's rego-cpp
binding, docs/adr/0018-policy-engine.md), imported only when a policy is evaluated. Conventions are
conftest's: package `main`, rules `deny` and `violation` fail, `warn` reports. A message reads
"[RULE] ADDRESS: text"; anything else is kept whole under the rule set's name.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from layer.errors import LayerError, Location

POLICY_DIR_ENV = "LAYER_POLICY_DIR"
POLICY_STATUS = "policy violation"  # a layer's run status when the policies refused its plan
OVERRIDE_ENV = "LAYER_POLICY_OVERRIDE"
FAILING_RULE_SETS = ("deny", "violation")
WARNING_RULE_SETS = ("warn",)
POLICY_PACKAGE = "main"
RELATIVE_POLICY_DIR = Path("atlantis") / "policies"
_MESSAGE = re.compile(r"^\[(?P<rule>[A-Za-z0-9_.-]+)\] (?P<address>\S+?): (?P<text>.*)$", re.DOTALL)


class PolicyError(LayerError):
    """A policy could not be loaded or evaluated, or a plan file is not a Terraform plan."""


@dataclass(frozen=True)
class Violation:
    rule: str
    address: str
    message: str
    rule_set: str  # deny, violation or warn

    @property
    def fails(self) -> bool:
        return self.rule_set in FAILING_RULE_SETS

    def line(self) -> str:
        where = f"{self.address}: " if self.address else ""
        return f"[{self.rule}] {where}{self.message}"


@dataclass(frozen=True)
class PolicyResult:
    """What the policies said about one plan (`source`: a plan file or a layer id)."""

    source: str
    violations: tuple[Violation, ...] = field(default_factory=tuple)

    @property
    def failures(self) -> tuple[Violation, ...]:
        return tuple(v for v in self.violations if v.fails)

    @property
    def warnings(self) -> tuple[Violation, ...]:
        return tuple(v for v in self.violations if not v.fails)

    @property
    def passed(self) -> bool:
        return not self.failures

    def by_rule(self) -> dict[str, list[Violation]]:
        grouped: dict[str, list[Violation]] = {}
        for violation in self.violations:
            grouped.setdefault(violation.rule, []).append(violation)
        return grouped

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "passed": self.passed,
            "rules": {
                rule: [{"address": v.address, "message": v.message, "rule_set": v.rule_set} for v in found]
                for rule, found in sorted(self.by_rule().items())
            },
        }


@dataclass(frozen=True)
class PolicySettings:
    """What a plan is evaluated with besides the plan itself."""

    override: bool = False  # input.override: lets a prod plan destroy more than the limit
    environment: str | None = None  # input.environment; default: the provider's Environment tag
    data: Mapping[str, Any] = field(default_factory=dict)  # data documents (data.guardrails...)


def override_from_environment() -> bool:
    return os.environ.get(OVERRIDE_ENV, "").strip().lower() in ("1", "true", "yes")


def find_policy_dir(explicit: Path | None = None, start: Path | None = None) -> Path:
    """The policy directory: explicit, $LAYER_POLICY_DIR, atlantis/policies above `start` (the working
    directory), or the one of the checkout this package runs from."""
    named = explicit or (Path(os.environ[POLICY_DIR_ENV]) if os.environ.get(POLICY_DIR_ENV) else None)
    if named is not None:
        if not named.is_dir():
            raise PolicyError(
                f"policy directory {named} does not exist",
                hint=f"pass --policy-dir or set {POLICY_DIR_ENV} to the directory holding the .rego files",
            )
        return named
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents, Path(__file__).resolve().parents[2]):
        candidate = directory / RELATIVE_POLICY_DIR
        if candidate.is_dir():
            return candidate
    raise PolicyError(
        f"no {RELATIVE_POLICY_DIR.as_posix()}/ found above {here}",
        hint=f"run from the repository, or pass --policy-dir / set {POLICY_DIR_ENV}",
    )


def load_policies(directory: Path) -> dict[str, str]:
    """Every policy file (*.rego, not *_test.rego) of a directory, by path."""
    files = sorted(p for p in directory.rglob("*.rego") if not p.name.endswith("_test.rego"))
    if not files:
        raise PolicyError(f"{directory} holds no .rego policy", Location(directory), "add a policy or fix the path")
    return {str(path): path.read_text(encoding="utf-8") for path in files}


def read_plan(path: Path) -> dict[str, Any]:
    """A `terraform show -json` document, or an error naming the file and what is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise PolicyError(f"cannot read {path}: {err.strerror}", Location(path)) from None
    except UnicodeDecodeError:
        raise PolicyError("not a UTF-8 text file", Location(path), _PLAN_HINT) from None
    try:
        plan = json.loads(text)
    except json.JSONDecodeError as err:
        raise PolicyError(f"not JSON: {err.msg}", Location(path, err.lineno), _PLAN_HINT) from None
    if not isinstance(plan, dict) or "format_version" not in plan:
        raise PolicyError("not a Terraform plan in JSON (no format_version)", Location(path), _PLAN_HINT)
    if not isinstance(plan.get("resource_changes", []), list):
        raise PolicyError("resource_changes is not a list", Location(path, key="resource_changes"), _PLAN_HINT)
    return plan


_PLAN_HINT = "give the output of `terraform show -json PLANFILE` (a saved plan), not the plan file itself"


class PolicyEngine:
    """The policies, parsed once; `evaluate` runs them against one plan at a time."""

    def __init__(self, policies: Mapping[str, str], settings: PolicySettings | None = None) -> None:
        self.settings = settings or PolicySettings()
        self._policies = dict(policies)

    def evaluate(self, plan: Mapping[str, Any], source: str) -> PolicyResult:
        interpreter = self._interpreter()
        interpreter.set_input_term(json.dumps(self._input(plan, source)))
        found: list[Violation] = []
        for rule_set in (*FAILING_RULE_SETS, *WARNING_RULE_SETS):
            found += [to_violation(message, rule_set) for message in self._query(interpreter, rule_set)]
        found.sort(key=lambda v: (not v.fails, v.rule, v.address, v.message))
        return PolicyResult(source, tuple(found))

    def _input(self, plan: Mapping[str, Any], source: str) -> dict[str, Any]:
        document = dict(plan)
        document["override"] = self.settings.override
        document["layer"] = source
        if self.settings.environment is not None:
            document["environment"] = self.settings.environment
        return document

    def _interpreter(self) -> Any:
        from regopy import Interpreter, RegoError  # type: ignore[import-untyped]  # lazy: start-up time

        interpreter = Interpreter()
        for name, source in self._policies.items():
            with captured_stdout() as printed:
                try:
                    interpreter.add_module(name, source)
                    error = None
                except RegoError as err:
                    error = str(err)
            if error is not None:
                line, message = compile_error("".join(printed), name, error)
                raise PolicyError(f"policy does not compile: {message}", Location(Path(name), line)) from None
        if self.settings.data:
            interpreter.add_data_json(json.dumps(dict(self.settings.data)))
        return interpreter

    def _query(self, interpreter: Any, rule_set: str) -> list[Any]:
        from regopy import RegoError

        try:
            output = interpreter.query(f"x := data.{POLICY_PACKAGE}.{rule_set}")
            text = str(output)
        except RegoError as err:
            raise PolicyError(f"evaluating {rule_set} failed: {first_error(str(err))}") from None
        if text == "undefined" or not text.strip():
            return []
        result = json.loads(text)
        if not isinstance(result, dict) or "bindings" not in result:
            raise PolicyError(f"evaluating {rule_set} failed: {first_error(text)}")
        messages = result["bindings"].get("x", [])
        return list(messages) if isinstance(messages, list) else [messages]


def to_violation(message: Any, rule_set: str) -> Violation:
    """conftest accepts a string or an object with `msg`; both become a Violation."""
    text = str(message.get("msg", message)) if isinstance(message, dict) else str(message)
    match = _MESSAGE.match(text)
    if match is None:
        return Violation(rule_set, "", text, rule_set)
    return Violation(match["rule"], match["address"], match["text"], rule_set)


@contextlib.contextmanager
def captured_stdout() -> Iterator[list[str]]:
    """rego-cpp prints a compile error's source excerpt (with file:line) straight to file descriptor 1:
    keep it off the user's terminal, and hand it over to name the line."""
    sys.stdout.flush()
    saved = os.dup(1)
    printed: list[str] = []
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as capture:
        os.dup2(capture.fileno(), 1)
        try:
            yield printed
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            capture.seek(0)
            printed.append(capture.read())


def compile_error(printed: str, name: str, error: str) -> tuple[int | None, str]:
    """The line and the message of a policy's first compile error."""
    found = re.search(rf"^(?P<message>[^\n]+)\n-- {re.escape(name)}:(?P<line>\d+):", printed, re.MULTILINE)
    if found:
        return int(found["line"]), found["message"].strip()
    return None, first_error(error)


def first_error(text: str) -> str:
    """The first `errormsg` line of a rego-cpp error, or the first line."""
    for line in text.splitlines():
        found = re.search(r"errormsg \d+:(.*?)\)*$", line)
        if found:
            return found.group(1).strip()
    return text.strip().splitlines()[0] if text.strip() else "unknown error"


def check_plans(paths: Iterable[Path], engine: PolicyEngine) -> list[PolicyResult]:
    return [engine.evaluate(read_plan(path), str(path)) for path in paths]
