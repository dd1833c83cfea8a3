"""Module README generation: our own terraform-docs, from the same parse the framework uses.

Between `<!-- BEGIN_TF_DOCS -->` and `<!-- END_TF_DOCS -->` in a module's README.md it writes the
Requirements, Inputs and Outputs tables, sorted by name. The output depends only on the module's
.tf files (no timestamps, no tool versions), so `check_readme` can compare byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from layer.errors import LayerNotFoundError, Location
from layer.interface.spec import Expression, ModuleSpec, load_module

__all__ = [
    "BEGIN_MARKER",
    "END_MARKER",
    "DocsStatus",
    "ReadmeResult",
    "check_readme",
    "default_module_roots",
    "discover_modules",
    "render_docs",
    "update_readme",
]

BEGIN_MARKER = "<!-- BEGIN_TF_DOCS -->"
END_MARKER = "<!-- END_TF_DOCS -->"
README = "README.md"


class DocsStatus(Enum):
    CURRENT = "current"
    STALE = "stale"
    UPDATED = "updated"
    CREATED = "created"
    NO_README = "no README.md"
    NO_MARKERS = "no markers"

    @property
    def ok(self) -> bool:
        return self in (DocsStatus.CURRENT, DocsStatus.UPDATED, DocsStatus.CREATED)


@dataclass(frozen=True)
class ReadmeResult:
    module: Path
    readme: Path
    status: DocsStatus

    def describe(self) -> str:
        if self.status is DocsStatus.STALE:
            return f"{self.readme}: stale (run `layer docs {self.module}`)"
        if self.status is DocsStatus.NO_README:
            return f"{self.readme}: missing (run `layer docs {self.module}`)"
        if self.status is DocsStatus.NO_MARKERS:
            return f"{self.readme}: no {BEGIN_MARKER} section (run `layer docs {self.module}`)"
        return f"{self.readme}: {self.status.value}"


# --------------------------------------------------------------------------------------------------
# Discovery (shared with the gate)


def has_tf_files(directory: Path) -> bool:
    return directory.is_dir() and any(p.suffix == ".tf" and p.is_file() for p in directory.iterdir())


def discover_modules(paths: Iterable[Path]) -> list[Path]:
    """Module directories for the given paths: a directory with .tf files is a module; any other
    directory stands for its immediate subdirectories that are modules (so `modules` works)."""
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise LayerNotFoundError("no such module directory", Location(path), "give a module directory")
        if has_tf_files(path):
            found.append(path)
            continue
        children = sorted(p for p in path.iterdir() if has_tf_files(p)) if path.is_dir() else []
        if not children:
            raise LayerNotFoundError(
                "not a Terraform module and holds no module directories",
                Location(path),
                "a module is a directory with .tf files",
            )
        found.extend(children)
    unique: dict[Path, Path] = {}
    for module in found:
        unique.setdefault(module.resolve(), module)
    return list(unique.values())


def default_module_roots(root: Path) -> list[Path]:
    """What `layer docs` covers without arguments: modules/ and bootstrap/ when they exist."""
    roots = [root / "modules", root / "bootstrap"]
    return [r for r in roots if r.is_dir() and (has_tf_files(r) or any(has_tf_files(c) for c in r.iterdir()))]


# --------------------------------------------------------------------------------------------------
# Rendering


def _cell(text: str) -> str:
    """Text for a table cell: one line, pipes escaped, `<`/`>`/`&` escaped outside code spans."""
    text = text.strip().replace("\r\n", "\n")
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unmatched backtick: treat everything as text
        parts = [text]
    for index in range(0, len(parts), 2):
        parts[index] = parts[index].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = "`".join(parts).replace("|", "\\|")
    return "<br>".join(line.rstrip() for line in text.split("\n"))


def _code(text: str) -> str:
    """A code span for a table cell (pipes escaped; backticks in the text get a longer fence)."""
    text = " ".join(text.split("\n")).replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _literal(value: object) -> str:
    if isinstance(value, Expression):
        return value.text
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "), default=str)


def render_docs(spec: ModuleSpec) -> str:
    """The generated section, markers included, ending with a newline."""
    lines: list[str] = [BEGIN_MARKER, "## Requirements", ""]
    requirements: list[tuple[str, str]] = []
    if spec.required_version:
        requirements.append(("terraform", spec.required_version))
    for provider in sorted(spec.providers, key=lambda p: p.name):
        requirements.append((provider.name, provider.version or "any"))
    if requirements:
        lines += ["| Name | Version |", "|------|---------|"]
        lines += [f"| {_code(name)} | {_code(version)} |" for name, version in requirements]
    else:
        lines.append("No requirements.")

    lines += ["", "## Inputs", ""]
    if spec.variables:
        lines += [
            "| Name | Description | Type | Default | Required |",
            "|------|-------------|------|---------|:--------:|",
        ]
        for name in sorted(spec.variables):
            var = spec.variables[name]
            description = _cell(var.description) if var.description else "n/a"
            default = "n/a" if var.required else _code(_literal(var.default))
            type_text = _code(str(var.type))
            required = "yes" if var.required else "no"
            lines.append(f"| {_code(name)} | {description} | {type_text} | {default} | {required} |")
    else:
        lines.append("No inputs.")

    lines += ["", "## Outputs", ""]
    if spec.outputs:
        lines += ["| Name | Description | Sensitive |", "|------|-------------|:---------:|"]
        for name in sorted(spec.outputs):
            out = spec.outputs[name]
            description = _cell(out.description) if out.description else "n/a"
            lines.append(f"| {_code(name)} | {description} | {'yes' if out.sensitive else 'no'} |")
    else:
        lines.append("No outputs.")
    lines.append(END_MARKER)
    return "\n".join(lines) + "\n"


def _splice(readme_text: str, section: str) -> str | None:
    """The README with its generated section replaced, or None when it has no (ordered) markers."""
    begin = readme_text.find(BEGIN_MARKER)
    end = readme_text.find(END_MARKER, begin + 1) if begin != -1 else -1
    if begin == -1 or end == -1:
        return None
    tail = readme_text[end + len(END_MARKER) :]
    if tail.startswith("\n"):
        tail = tail[1:]
    return readme_text[:begin] + section + tail


def check_readme(module: Path) -> ReadmeResult:
    readme = module / README
    if not readme.is_file():
        return ReadmeResult(module, readme, DocsStatus.NO_README)
    text = readme.read_text(encoding="utf-8")
    spliced = _splice(text, render_docs(load_module(module)))
    if spliced is None:
        return ReadmeResult(module, readme, DocsStatus.NO_MARKERS)
    return ReadmeResult(module, readme, DocsStatus.CURRENT if spliced == text else DocsStatus.STALE)


def update_readme(module: Path) -> ReadmeResult:
    """Write the section: replace it between the markers, append it when the markers are missing,
    or create a README.md holding a title and the section."""
    readme = module / README
    section = render_docs(load_module(module))
    if not readme.is_file():
        readme.write_text(f"# {module.resolve().name}\n\n{section}", encoding="utf-8")
        return ReadmeResult(module, readme, DocsStatus.CREATED)
    text = readme.read_text(encoding="utf-8")
    spliced = _splice(text, section)
    if spliced is None:
        spliced = text.rstrip("\n") + "\n\n" + section
    if spliced == text:
        return ReadmeResult(module, readme, DocsStatus.CURRENT)
    readme.write_text(spliced, encoding="utf-8")
    return ReadmeResult(module, readme, DocsStatus.UPDATED)


def check_all(modules: Sequence[Path]) -> list[ReadmeResult]:
    return [check_readme(m) for m in modules]
