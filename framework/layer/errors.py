"""Exception types. Each carries where the problem is (file, line, key) and what to do.

They are raised deep in the pipeline and rendered once, at the CLI edge.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """A place in a source file: a path, a 1-based line, and optionally the dotted key."""

    path: Path | None
    line: int | None = None
    key: str | None = None

    def __str__(self) -> str:
        where = str(self.path) if self.path is not None else "<unknown>"
        if self.line is not None:
            where += f":{self.line}"
        if self.key:
            where += f" ({self.key})"
        return where


class LayerError(Exception):
    """Base of every error that `layer` reports to a user."""

    exit_code = 1

    def __init__(self, message: str, location: Location | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def render(self) -> str:
        head = f"{self.location}: " if self.location is not None else ""
        text = f"error: {head}{self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class ConfigSyntaxError(LayerError):
    """A YAML file could not be parsed."""


class SchemaError(LayerError):
    """A file, or the merged config, does not match its JSON Schema."""


class InputError(LayerError):
    """A layer's inputs do not match its module's variables."""


class GraphError(LayerError):
    """A dependency cycle or a dependency on a layer that does not exist."""


class LayerNotFoundError(LayerError):
    """A path or name given on the command line is not a layer."""


class TerraformError(LayerError):
    """Terraform failed in a layer."""


class StateError(LayerError):
    """A dependency's state could not be read, or holds no outputs yet."""


class DamagedStateError(StateError):
    """A state object is not a Terraform state, or is gone although its layer was applied: restore it."""


class EmulatorError(LayerError):
    """The local AWS emulator could not be started, reached or stopped."""


class SafetyError(LayerError):
    """A guard (confirmation, --max-layers) stopped a run."""


class MultipleErrors(LayerError):
    """Several independent errors found in one pass (for example every schema violation)."""

    def __init__(self, errors: list[LayerError]) -> None:
        super().__init__(f"{len(errors)} problems found")
        self.errors = errors

    shown = 100  # a generated file with thousands of mistakes must not print thousands of screens

    def render(self) -> str:
        lines = [e.render() for e in self.errors[: self.shown]]
        hidden = len(self.errors) - len(lines)
        if hidden > 0:
            lines.append(f"... and {hidden} more (the first {self.shown} are shown; fix these and run again)")
        return "\n".join(lines) + f"\n{len(self.errors)} problem(s) found."
