"""docs/code-map.md orders the package's rooms; no import may run back up that order (parsed with ast)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "framework" / "layer"
CODE_MAP = ROOT / "docs" / "code-map.md"
_ROW = re.compile(r"^\|\s*(\d+)\s*\|\s*`([a-z_]+)`\s*\|", re.MULTILINE)
# (importing file relative to framework/layer, imported module, name): an import back up that is listed in
# the code map's "Known exceptions" section with the reason it is not fixed yet. None today.
KNOWN_EXCEPTIONS: set[tuple[str, str, str]] = set()


@dataclass(frozen=True)
class Import:
    file: str  # relative to framework/layer
    line: int
    module: str  # the imported module, absolute (layer.x.y)
    names: tuple[str, ...]


def room_order(text: str) -> dict[str, int]:
    order = {room: int(number) for number, room in _ROW.findall(text)}
    assert order, "docs/code-map.md has no room table"
    return order


def room_of(module: str) -> str:
    """`layer.config.graph` -> `config`; `layer` -> `layer`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> list[Import]:
    """Every import of a `layer` module in the file, at any depth (lazy imports too)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[Import] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [Import(_rel(path), node.lineno, a.name, ()) for a in node.names if _ours(a.name)]
        elif isinstance(node, ast.ImportFrom):
            target = _absolute(package, node.module, node.level)
            names = tuple(a.name for a in node.names)
            if target == "layer":  # `from layer import git`: each name is a module (or __version__)
                found += [Import(_rel(path), node.lineno, _submodule(n), (n,)) for n in names]
            elif _ours(target):
                found.append(Import(_rel(path), node.lineno, target, names))
    return found


def _ours(module: str) -> bool:
    return module == "layer" or module.startswith("layer.")


def _submodule(name: str) -> str:
    return f"layer.{name}" if (PACKAGE / f"{name}.py").exists() or (PACKAGE / name).is_dir() else "layer"


def _absolute(package: str, module: str | None, level: int) -> str:
    if level == 0:
        return module or ""
    base = package.split(".")[: len(package.split(".")) - (level - 1)]
    return ".".join([*base, *([module] if module else [])])


def _rel(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def place(order: dict[str, int], room: str) -> float:
    """A room's place; one not in the table counts as just below `cli` (docs/code-map.md)."""
    return order[room] if room in order else order["cli"] - 0.5


def back_edges(order: dict[str, int]) -> list[str]:
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source_room = room_of(module_name(path))
        for item in imports_of(path):
            target_room = room_of(item.module)
            if target_room == source_room:
                continue
            if place(order, target_room) > place(order, source_room):
                if all((item.file, item.module, n) in KNOWN_EXCEPTIONS for n in item.names or ("",)):
                    continue
                problems.append(
                    f"framework/layer/{item.file}:{item.line}: {source_room} (room {place(order, source_room)}) "
                    f"imports {item.module} ({target_room}, room {place(order, target_room)}), which is below it "
                    "in docs/code-map.md (a room not in its table counts as just below cli)"
                )
    return problems


def test_no_import_runs_back_up_the_code_map() -> None:
    problems = back_edges(room_order(CODE_MAP.read_text(encoding="utf-8")))
    assert problems == [], "\n".join(problems)


def test_a_room_missing_from_the_map_may_be_imported_by_cli_only() -> None:
    """`hints` is imported by state, plan and pipeline: left out of the table, those imports run back up."""
    order = room_order(CODE_MAP.read_text(encoding="utf-8"))
    without_hints = {room: n for room, n in order.items() if room != "hints"}
    problems = back_edges(without_hints)
    assert any(p.startswith("framework/layer/state/") and "imports layer.hints" in p for p in problems)
    without_removed = {room: n for room, n in order.items() if room != "removed"}  # imported by cli only
    assert back_edges(without_removed) == []


def test_the_known_exceptions_still_exist() -> None:
    """An exception that was fixed is taken off the list (and out of the code map)."""
    found = {(i.file, i.module, n) for p in PACKAGE.rglob("*.py") for i in imports_of(p) for n in i.names}
    assert sorted(KNOWN_EXCEPTIONS - found) == []


def test_a_back_edge_is_reported_with_its_file_and_line(tmp_path: Path) -> None:
    """The check itself can fail: a map that puts `config` above `errors` turns config's imports into
    back edges."""
    text = CODE_MAP.read_text(encoding="utf-8")
    order = room_order(text)
    swapped = {**order, "errors": order["config"] + 0.5}  # errors just below config
    problems = back_edges({k: int(v * 2) for k, v in swapped.items()})
    assert any(p.startswith("framework/layer/config/") and "imports layer.errors" in p for p in problems)
    assert all(re.match(r"framework/layer/\S+\.py:\d+: ", p) for p in problems)


def test_relative_and_package_imports_are_resolved(tmp_path: Path) -> None:
    sample = PACKAGE / "gate" / "__init__.py"
    modules = {i.module for i in imports_of(sample)}
    assert "layer.gate.runner" in modules
    git_users = [i for i in imports_of(PACKAGE / "config" / "pins.py") if i.names == ("git",)]
    assert git_users and git_users[0].module == "layer.git"
