"""Module README generation: our own terraform-docs, from the same parse the framework uses.

Between `<!-- BEGIN_TF_DOCS -->` and `<!-- END_TF_DOCS -->` in a module's README.md it writes the
Requirements, Inputs and Outputs tables, sorted by name. The output depends only on the module's
.tf files (no timestamps, no tool versions), so `check_readme` can compare byte for byte.

An example (`MODULE/examples/NAME/`, as terraform-aws-modules carries them) gets the same kind of
README: between the markers how to run it and its Requirements, Providers, Modules, Inputs and
Outputs tables; outside them a hand-written description of what it shows, which `layer docs` seeds
from the header comment of the example's main.tf when it creates the README. `check_readmes` and
`update_readmes` cover a module and its examples.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from layer.errors import ConfigSyntaxError, LayerNotFoundError, Location
from layer.interface.hcl import Block, decode_string, parse_file
from layer.interface.spec import Expression, ModuleSpec, load_module

__all__ = [
    "BEGIN_MARKER",
    "END_MARKER",
    "DocsStatus",
    "ReadmeResult",
    "check_readme",
    "check_readmes",
    "default_module_roots",
    "discover_modules",
    "example_dirs",
    "is_example",
    "render_docs",
    "render_example_docs",
    "update_readme",
    "update_readmes",
]

BEGIN_MARKER = "<!-- BEGIN_TF_DOCS -->"
END_MARKER = "<!-- END_TF_DOCS -->"
README = "README.md"
EXAMPLES = "examples"
RUN_COMMAND = "terraform init && terraform plan"


class DocsStatus(Enum):
    CURRENT = "current"
    STALE = "stale"
    UPDATED = "updated"
    CREATED = "created"
    NO_README = "no README.md"
    NO_MARKERS = "no markers"
    NO_DESCRIPTION = "no description"

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
        if self.status is DocsStatus.NO_DESCRIPTION:
            return (
                f"{self.readme}: no description of what the example shows (write a paragraph above "
                f"{BEGIN_MARKER}, or a header comment in {self.module / 'main.tf'} and delete README.md "
                f"before running `layer docs {self.module}`)"
            )
        return f"{self.readme}: {self.status.value}"


# --------------------------------------------------------------------------------------------------
# Discovery (shared with the gate)


def has_tf_files(directory: Path) -> bool:
    return directory.is_dir() and any(p.suffix == ".tf" and p.is_file() for p in directory.iterdir())


def is_example(directory: Path) -> bool:
    """An example is a directory with .tf files in `examples/` of a module (`MODULE/examples/NAME/`)."""
    parent = directory.resolve().parent
    return parent.name == EXAMPLES and has_tf_files(directory) and has_tf_files(parent.parent)


def example_dirs(module: Path) -> list[Path]:
    """The module's examples (`examples/*/` with .tf files), sorted by name; none for an example."""
    root = module / EXAMPLES
    if not root.is_dir() or is_example(module):
        return []
    return sorted(p for p in root.iterdir() if has_tf_files(p))


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
    lines = [BEGIN_MARKER, "## Requirements", "", *_requirements_table(spec)]
    lines += ["", "## Inputs", "", *_inputs_table(spec)]
    lines += ["", "## Outputs", "", *_outputs_table(spec), END_MARKER]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class _ModuleCall:
    name: str
    source: str
    version: str | None


_EXAMPLE_KINDS = frozenset({"provider", "module"})


def _example_blocks(spec: ModuleSpec) -> list[Block]:
    """The provider and module blocks of the directory's .tf files, in one parse (they are not part
    of ModuleSpec; examples are small, so they are parsed here)."""
    return [block for file in spec.files for block in parse_file(file, kinds=_EXAMPLE_KINDS)]


def _provider_configurations(spec: ModuleSpec, blocks: list[Block]) -> list[tuple[str, str]]:
    """(`aws` or `aws.ALIAS`, version constraint) for each provider block, sorted."""
    versions = {p.name: p.version or "any" for p in spec.providers}
    found: set[tuple[str, str]] = set()
    for block in blocks:
        if block.kind != "provider" or not block.labels:
            continue
        name = block.labels[0]
        alias = decode_string(block.body.get("alias"))
        found.add((f"{name}.{alias}" if alias else name, versions.get(name, "any")))
    return sorted(found)


def _module_calls(blocks: list[Block]) -> list[_ModuleCall]:
    calls = [
        _ModuleCall(
            block.labels[0], decode_string(block.body.get("source")) or "n/a", decode_string(block.body.get("version"))
        )
        for block in blocks
        if block.kind == "module" and block.labels
    ]
    return sorted(calls, key=lambda call: call.name)


def _requirements_table(spec: ModuleSpec) -> list[str]:
    requirements: list[tuple[str, str]] = []
    if spec.required_version:
        requirements.append(("terraform", spec.required_version))
    for provider in sorted(spec.providers, key=lambda p: p.name):
        requirements.append((provider.name, provider.version or "any"))
    if not requirements:
        return ["No requirements."]
    lines = ["| Name | Version |", "|------|---------|"]
    return lines + [f"| {_code(name)} | {_code(version)} |" for name, version in requirements]


def _providers_table(spec: ModuleSpec, blocks: list[Block]) -> list[str]:
    providers = _provider_configurations(spec, blocks)
    if not providers:
        return ["No providers."]
    lines = ["| Name | Version |", "|------|---------|"]
    return lines + [f"| {_code(name)} | {_code(version)} |" for name, version in providers]


def _modules_table(blocks: list[Block]) -> list[str]:
    calls = _module_calls(blocks)
    if not calls:
        return ["No modules."]
    lines = ["| Name | Source | Version |", "|------|--------|---------|"]
    for call in calls:
        version = _code(call.version) if call.version else "n/a"
        lines.append(f"| {_code(call.name)} | {_code(call.source)} | {version} |")
    return lines


def _inputs_table(spec: ModuleSpec) -> list[str]:
    if not spec.variables:
        return ["No inputs."]
    lines = [
        "| Name | Description | Type | Default | Required |",
        "|------|-------------|------|---------|:--------:|",
    ]
    for name in sorted(spec.variables):
        var = spec.variables[name]
        description = _cell(var.description) if var.description else "n/a"
        default = "n/a" if var.required else _code(_literal(var.default))
        required = "yes" if var.required else "no"
        lines.append(f"| {_code(name)} | {description} | {_code(str(var.type))} | {default} | {required} |")
    return lines


def _outputs_table(spec: ModuleSpec) -> list[str]:
    if not spec.outputs:
        return ["No outputs."]
    lines = ["| Name | Description | Sensitive |", "|------|-------------|:---------:|"]
    for name in sorted(spec.outputs):
        out = spec.outputs[name]
        description = _cell(out.description) if out.description else "n/a"
        lines.append(f"| {_code(name)} | {description} | {'yes' if out.sensitive else 'no'} |")
    return lines


def render_example_docs(spec: ModuleSpec) -> str:
    """An example's generated section, markers included: how to run it, then its tables."""
    lines = [BEGIN_MARKER, "## Usage", "", "```sh", RUN_COMMAND, "```", ""]
    lines += [
        "`terraform apply` creates real, billed resources in the account of your AWS credentials;",
        "`terraform destroy` removes them.",
    ]
    blocks = _example_blocks(spec)
    sections = (
        ("Requirements", _requirements_table(spec)),
        ("Providers", _providers_table(spec, blocks)),
        ("Modules", _modules_table(blocks)),
        ("Inputs", _inputs_table(spec)),
        ("Outputs", _outputs_table(spec)),
    )
    for title, table in sections:
        lines += ["", f"## {title}", "", *table]
    lines.append(END_MARKER)
    return "\n".join(lines) + "\n"


def _render_for(directory: Path) -> str:
    spec = load_module(directory)
    return render_example_docs(spec) if is_example(directory) else render_docs(spec)


def header_comment(main_tf: Path) -> str:
    """The comment lines (`#` or `//`) at the top of an example's main.tf, as Markdown prose."""
    if not main_tf.is_file():
        return ""
    lines: list[str] = []
    for line in _read(main_tf).splitlines():
        stripped = line.strip()
        marker = "#" if stripped.startswith("#") else "//" if stripped.startswith("//") else None
        if marker is None:
            break
        lines.append(stripped[len(marker) :].strip())
    return "\n".join(lines).strip()


def _has_description(readme_text: str) -> bool:
    """Whether the README holds prose outside the generated section (headings do not count)."""
    begin = readme_text.find(BEGIN_MARKER)
    end = readme_text.find(END_MARKER, begin + 1) if begin != -1 else -1
    outside = readme_text if begin == -1 or end == -1 else readme_text[:begin] + readme_text[end + len(END_MARKER) :]
    return any(line.strip() and not line.lstrip().startswith("#") for line in outside.splitlines())


def _example_title(example: Path) -> str:
    resolved = example.resolve()
    return f"# {resolved.parent.parent.name} example: {resolved.name}"


def _new_readme(directory: Path, section: str) -> str:
    if not is_example(directory):
        return f"# {directory.resolve().name}\n\n{section}"
    description = header_comment(directory / "main.tf")
    body = f"{description}\n\n" if description else ""
    return f"{_example_title(directory)}\n\n{body}{section}"


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


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise ConfigSyntaxError("file is not UTF-8", Location(path), "save it as UTF-8") from err


def _described(directory: Path, readme: Path, status: DocsStatus) -> ReadmeResult:
    """`status`, unless the directory is an example whose README has no hand-written description."""
    if status.ok and is_example(directory) and not _has_description(_read(readme)):
        return ReadmeResult(directory, readme, DocsStatus.NO_DESCRIPTION)
    return ReadmeResult(directory, readme, status)


def check_readme(module: Path) -> ReadmeResult:
    """The README of one module or one example (an example also needs its description)."""
    readme = module / README
    if not readme.is_file():
        return ReadmeResult(module, readme, DocsStatus.NO_README)
    text = _read(readme)
    spliced = _splice(text, _render_for(module))
    if spliced is None:
        return ReadmeResult(module, readme, DocsStatus.NO_MARKERS)
    return _described(module, readme, DocsStatus.CURRENT if spliced == text else DocsStatus.STALE)


def update_readme(module: Path) -> ReadmeResult:
    """Write the section: replace it between the markers, append it when the markers are missing,
    or create a README.md holding a title (and, for an example, main.tf's header comment) and the section."""
    readme = module / README
    section = _render_for(module)
    if not readme.is_file():
        readme.write_text(_new_readme(module, section), encoding="utf-8")
        return _described(module, readme, DocsStatus.CREATED)
    text = _read(readme)
    spliced = _splice(text, section)
    if spliced is None:
        spliced = text.rstrip("\n") + "\n\n" + section
    if spliced == text:
        return _described(module, readme, DocsStatus.CURRENT)
    readme.write_text(spliced, encoding="utf-8")
    return _described(module, readme, DocsStatus.UPDATED)


def check_readmes(module: Path) -> list[ReadmeResult]:
    """The module's README, then each example's."""
    return [check_readme(directory) for directory in [module, *example_dirs(module)]]


def update_readmes(module: Path) -> list[ReadmeResult]:
    return [update_readme(directory) for directory in [module, *example_dirs(module)]]


def check_all(modules: Sequence[Path]) -> list[ReadmeResult]:
    return [result for module in modules for result in check_readmes(module)]
