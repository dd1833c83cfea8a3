"""Plain data passed between the pipeline's steps. No step reaches back into another's internals."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from layer.config.reader import KeyPath, Provenance, locate
from layer.errors import Location

LAYER_FILE = "layer.yaml"
DEFAULTS_FILE = "_defaults.yaml"


@dataclass(frozen=True)
class Dependency:
    """Layer `layer_id` is needed by another layer under the name `name`."""

    name: str
    layer_id: str
    mock_outputs: dict[str, Any] | None
    location: Location


@dataclass(frozen=True)
class DependencyRef:
    """A `${dependency.NAME.outputs.OUTPUT...}` reference in a layer's inputs (its file:line: the layer's
    location() of key_path)."""

    key_path: KeyPath
    text: str  # as written, with ${ }
    name: str
    output: str


@dataclass(frozen=True)
class Layer:
    """One layer after its ancestors' files were merged into it and the result validated."""

    id: str
    dir: Path
    file: Path
    config: dict[str, Any]
    provenance: Provenance
    files: tuple[Path, ...]
    dependencies: tuple[Dependency, ...]
    module_source: str
    module_dir: Path | None
    references: tuple[DependencyRef, ...] = ()  # the dependency references of its inputs (checked at load)

    @property
    def name(self) -> str:
        return self.dir.name

    @property
    def enabled(self) -> bool:
        return bool(self.config.get("enabled", True))

    @property
    def is_bootstrap(self) -> bool:
        return bool(self.config.get("bootstrap", False))

    @property
    def working_tree_module(self) -> Path | None:
        """The module directory when it is the working tree's (changes to it change this layer); None for a
        remote module and for a pinned one (`module_dir` is then an immutable copy at the pinned commit)."""
        return self.module_dir if self.module_dir is not None and self.module_source == str(self.module_dir) else None

    @property
    def inputs(self) -> dict[str, Any]:
        value = self.config.get("inputs", {})
        return value if isinstance(value, dict) else {}

    def location(self, key_path: KeyPath) -> Location:
        return locate(self.provenance, key_path, self.file)


@dataclass(frozen=True)
class Tree:
    """The layers loaded from one tree; `selected` are those a command acts on, the rest are
    dependencies loaded only so that their state (outputs) can be read."""

    root: Path
    layers: dict[str, Layer]
    selected: tuple[str, ...]
    excluded: tuple[str, ...] = field(default=())
