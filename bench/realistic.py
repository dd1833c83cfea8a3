"""Realistic layer trees for the benchmarks: copies of the real `live/prod` region, as many as it takes.

Each copy ("group") is an environment directory with its own `_defaults.yaml` (the real prod one, with a
bucket of its own so that no two groups share a state object) and one region (`_defaults.yaml` of the real
region), holding the real layer files of `live/prod/ap-northeast-2` unchanged: the same input counts,
nesting, dependencies with their mock outputs and `${dependency...}` references, and the real modules
(copied beside `live/`, so each layer's `module: ../../../../modules/NAME` finds them). The chain of
`_defaults.yaml` is as deep as the real tree's: root, environment, region. A size that is not a multiple
of the region's layer count ends with a partial group: the first layers in dependency order, so that
every dependency exists.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bench.measure import REPO

SOURCE_ENV = "prod"
SOURCE_REGION = "ap-northeast-2"
_IGNORED = shutil.ignore_patterns(".terraform", ".terraform.lock.hcl", "tests", "examples", "*.md", "*.tfstate*")


@dataclass(frozen=True)
class Template:
    """One layer of the real region: its file's text, the sibling layers it depends on, its module."""

    name: str
    text: str
    dependencies: tuple[str, ...]
    module: Path  # the module directory in the repository


@dataclass(frozen=True)
class RealisticTree:
    base: Path  # holds live/, modules/ and bootstrap/
    live: Path
    layer_dirs: tuple[Path, ...]
    edges: int
    defaults_files: tuple[Path, ...]  # the environment and region _defaults.yaml of every group
    layer_ids: tuple[str, ...]  # relative to live/
    dependencies: dict[str, tuple[str, ...]]  # layer id -> the ids it depends on
    references: int  # `${dependency...}` references in all layer files

    @property
    def layers(self) -> int:
        return len(self.layer_dirs)


def source_region() -> Path:
    return REPO / "live" / SOURCE_ENV / SOURCE_REGION


def templates() -> list[Template]:
    """The real region's layers, in dependency order (a layer after everything it depends on)."""
    found: dict[str, Template] = {}
    for file in sorted(source_region().glob("*/layer.yaml")):
        text = file.read_text(encoding="utf-8")
        data: dict[str, Any] = yaml.safe_load(text) or {}
        deps = tuple(
            sorted(
                os.path.basename(os.path.normpath(_dep_path(spec)))
                for spec in (data.get("dependencies") or {}).values()
            )
        )
        module = Path(os.path.normpath(file.parent / str(data["module"])))
        found[file.parent.name] = Template(file.parent.name, text, deps, module)
    return _ordered(found)


def _dep_path(spec: Any) -> str:
    return str(spec if isinstance(spec, str) else spec["path"])


def _ordered(found: dict[str, Template]) -> list[Template]:
    ordered: list[Template] = []
    placed: set[str] = set()
    while len(ordered) < len(found):
        ready = [t for name, t in sorted(found.items()) if name not in placed and set(t.dependencies) <= placed]
        if not ready:
            raise RuntimeError(f"a dependency cycle or a missing layer in {source_region()}")
        ordered += ready
        placed |= {t.name for t in ready}
    return ordered


def _copy_modules(base: Path, chosen: list[Template]) -> None:
    for module in sorted({t.module for t in chosen}):
        target = base / module.relative_to(REPO)
        if not target.exists():
            shutil.copytree(module, target, ignore=_IGNORED)


def _root_defaults() -> str:
    """The real root _defaults.yaml without its `atlantis.exclude` (it names live/local, not in this tree)."""
    data: dict[str, Any] = yaml.safe_load((REPO / "live" / "_defaults.yaml").read_text(encoding="utf-8"))
    data.pop("atlantis", None)
    return yaml.safe_dump(data, sort_keys=False)


def _env_defaults(group: str) -> str:
    text = (REPO / "live" / SOURCE_ENV / "_defaults.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^environment:.*$", f"environment: {group}", text)  # published paths name it
    text = re.sub(r"(?m)^(\s*bucket:\s*)(\S+)", lambda m: f"{m.group(1)}{m.group(2)}-{group}", text)
    return re.sub(r"(?m)^(\s*dynamodb_table:\s*)(\S+)", lambda m: f"{m.group(1)}{m.group(2)}-{group}", text)


def _own_names(text: str, group: str) -> str:
    """The layer file of one group: the names it gives resources carry the group (as the real environments'
    files differ in their names), so that no two groups' files have the same content."""
    return f"# {group}\n" + text.replace(f"connectly-{SOURCE_ENV}", f"connectly-{group}")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def generate(base: Path, layers: int) -> RealisticTree:
    """Write `base/live` with `layers` layers (groups of the real region) and the modules they use."""
    region = templates()
    live = base / "live"
    _copy_modules(base, region)
    write(live / "_defaults.yaml", _root_defaults())
    region_text = (source_region() / "_defaults.yaml").read_text(encoding="utf-8")
    dirs: list[Path] = []
    defaults: list[Path] = []
    deps: dict[str, tuple[str, ...]] = {}
    groups = (layers + len(region) - 1) // len(region)
    for number in range(groups):
        group = f"{SOURCE_ENV}{number:04d}"
        region_dir = live / group / SOURCE_REGION
        write(live / group / "_defaults.yaml", _env_defaults(group))
        write(region_dir / "_defaults.yaml", region_text)
        defaults += [live / group / "_defaults.yaml", region_dir / "_defaults.yaml"]
        for template in region[: layers - len(dirs)]:
            write(region_dir / template.name / "layer.yaml", _own_names(template.text, group))
            dirs.append(region_dir / template.name)
            prefix = f"{group}/{SOURCE_REGION}/"
            deps[prefix + template.name] = tuple(prefix + d for d in template.dependencies)
    references = sum(t.text.count("${dependency.") for t in region) * (layers // len(region))
    references += sum(t.text.count("${dependency.") for t in region[: layers % len(region)])
    ids = tuple(deps)
    return RealisticTree(
        base, live, tuple(dirs), sum(len(d) for d in deps.values()), tuple(defaults), ids, deps, references
    )
