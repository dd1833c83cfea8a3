"""What the gate finds: one result per step, per module."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

STEPS = ("fmt", "static", "docs", "init", "validate", "examples", "test")
OK, FAIL, SKIP = "ok", "FAIL", "skip"
DEFAULT_TIMEOUT = 1800.0


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
