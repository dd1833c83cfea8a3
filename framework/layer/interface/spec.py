"""What a Terraform module declares: its variables, outputs, provider requirements and module calls.

`load_module(path)` reads every `*.tf` file of one directory (not its subdirectories) with
python-hcl2 and caches the result per file (path, mtime, size), so calling it again for an unchanged
module costs a few `stat` calls.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from layer.errors import ConfigSyntaxError, Location
from layer.interface.hcl import (
    Block,
    Expression,
    decode_bool,
    decode_string,
    decode_value,
    parse_file,
    unwrap_expression,
)
from layer.interface.types import ANY, TypeConstraint, TypeExpressionError, parse_type

__all__ = [
    "Expression",
    "ModuleSpec",
    "Output",
    "ProviderRequirement",
    "Validation",
    "Variable",
    "clear_cache",
    "load_module",
]


@dataclass(frozen=True)
class Validation:
    """One `validation` block: its condition and error_message as written (python-hcl2's rendering)."""

    condition: str
    error_message: str


@dataclass(frozen=True)
class Variable:
    name: str
    type: TypeConstraint
    type_expr: str  # the type as written (python-hcl2's rendering); "any" when the variable has none
    description: str | None
    default: object  # None when required; an Expression when the default is not a literal
    required: bool
    nullable: bool
    sensitive: bool
    has_validation: bool
    file: Path
    line: int
    type_declared: bool = True  # False: no `type` argument (the gate requires one)
    validations: tuple[Validation, ...] = ()


@dataclass(frozen=True)
class Output:
    name: str
    description: str | None
    sensitive: bool
    file: Path
    line: int


@dataclass(frozen=True)
class ProviderRequirement:
    """One entry of `required_providers`."""

    name: str
    source: str | None
    version: str | None
    configuration_aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ModuleSpec:
    path: Path
    variables: dict[str, Variable]
    outputs: dict[str, Output]
    configuration_aliases: tuple[str, ...]  # e.g. ("aws.us_east_1",)
    module_sources: tuple[str, ...]  # `source` of every module block, for change detection
    required_version: str | None = None
    providers: tuple[ProviderRequirement, ...] = field(default=())
    files: tuple[Path, ...] = field(default=())
    # Verdicts of input checks against this interface (layer.config.inputs): it lives as long as this spec,
    # which is rebuilt when a .tf file of the module changes, so no verdict outlives what it was computed from.
    verdicts: dict[object, object] = field(default_factory=dict, compare=False, repr=False)

    @property
    def required_variables(self) -> tuple[Variable, ...]:
        return tuple(v for v in self.variables.values() if v.required)


# --------------------------------------------------------------------------------------------------
# Cache: per file, keyed by (mtime_ns, size); per directory, keyed by the tuple of its files' keys.

_FileKey = tuple[str, int, int]


@functools.cache
def _hcl2_version() -> str:
    """Part of the disk cache key (another python-hcl2 may parse differently): where the installed package is
    and when it was written, found without importing it or importlib.metadata (each costs ~50 ms)."""
    spec = importlib.util.find_spec("hcl2")
    if spec is None or spec.origin is None:
        return "unknown"
    stat = os.stat(spec.origin)
    return f"{spec.origin}:{stat.st_mtime_ns}:{stat.st_size}"


_lock = threading.Lock()
_file_cache: dict[Path, tuple[_FileKey, list[Block]]] = {}
_module_cache: dict[Path, tuple[tuple[_FileKey, ...], ModuleSpec]] = {}


def clear_cache() -> None:
    with _lock:
        _file_cache.clear()
        _module_cache.clear()


def _tf_files(directory: Path) -> list[tuple[Path, _FileKey]]:
    found: list[tuple[Path, _FileKey]] = []
    try:
        entries = list(os.scandir(directory))
    except FileNotFoundError as err:
        raise ConfigSyntaxError(
            "module directory does not exist", Location(directory), "check the module path"
        ) from err
    except NotADirectoryError as err:
        raise ConfigSyntaxError(
            "module path is not a directory", Location(directory), "a module is a directory of .tf files"
        ) from err
    for entry in entries:
        if entry.name.endswith(".tf") and entry.is_file():
            stat = entry.stat()
            found.append((Path(entry.path), (entry.name, stat.st_mtime_ns, stat.st_size)))
    found.sort(key=lambda item: item[0].name)
    return found


# Only these top-level blocks make up a module's interface; the scanner skips the others.
_KINDS = frozenset({"variable", "output", "module", "terraform"})
_CACHE_FORMAT = "1"


def _disk_cache_dir() -> Path | None:
    """$LAYER_CACHE_DIR ("off" or empty disables), else $XDG_CACHE_HOME/layer or ~/.cache/layer."""
    configured = os.environ.get("LAYER_CACHE_DIR")
    if configured is not None:
        return None if configured.strip() in ("", "off", "0") else Path(configured) / "hcl"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "layer" / "hcl"


def _disk_key(content: bytes) -> str:
    digest = hashlib.sha256(content)
    digest.update(f"\0{_CACHE_FORMAT}\0{_hcl2_version()}\0{','.join(sorted(_KINDS))}".encode())
    return digest.hexdigest()


def _read_disk(directory: Path | None, key: str) -> list[Block] | None:
    if directory is None:
        return None
    try:
        raw = json.loads((directory / f"{key}.json").read_text(encoding="utf-8"))
        return [Block(b["kind"], tuple(b["labels"]), b["body"], int(b["line"])) for b in raw]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_disk(directory: Path | None, key: str, blocks: list[Block]) -> None:
    if directory is None:
        return
    payload = [{"kind": b.kind, "labels": list(b.labels), "body": b.body, "line": b.line} for b in blocks]
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(payload, out)
        os.replace(temp, directory / f"{key}.json")
    except (OSError, TypeError, ValueError):
        pass  # the cache is an optimisation only


def _blocks(path: Path, key: _FileKey) -> list[Block]:
    """The interface blocks of one file: from memory, else the disk cache, else python-hcl2."""
    with _lock:
        cached = _file_cache.get(path)
    if cached is not None and cached[0] == key:
        return cached[1]
    content = path.read_bytes()
    cache_dir = _disk_cache_dir()
    disk_key = _disk_key(content)
    blocks = _read_disk(cache_dir, disk_key)
    if blocks is None:
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError as err:
            raise ConfigSyntaxError("file is not UTF-8", Location(path), "save it as UTF-8") from err
        blocks = parse_file(path, text, kinds=_KINDS)
        _write_disk(cache_dir, disk_key, blocks)
    with _lock:
        _file_cache[path] = (key, blocks)
    return blocks


def load_module(path: Path) -> ModuleSpec:
    """The interface of the module in directory `path` (cached; re-read when a .tf file changes).

    Raises ConfigSyntaxError on invalid HCL, an invalid type expression, or a duplicate declaration.
    """
    directory = Path(os.path.abspath(path))
    files = _tf_files(directory)
    fingerprint = tuple(key for _, key in files)
    with _lock:
        cached = _module_cache.get(directory)
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    spec = _build(directory, [(file, _blocks(file, key)) for file, key in files])
    with _lock:
        _module_cache[directory] = (fingerprint, spec)
    return spec


# --------------------------------------------------------------------------------------------------
# Building the spec from blocks


def _build(directory: Path, files: list[tuple[Path, list[Block]]]) -> ModuleSpec:
    variables: dict[str, Variable] = {}
    outputs: dict[str, Output] = {}
    sources: list[str] = []
    providers: dict[str, ProviderRequirement] = {}
    required_version: str | None = None

    for file, blocks in files:
        for block in blocks:
            if block.kind == "variable" and block.labels:
                variable = _variable(block, file)
                _no_duplicate(variables, variable.name, "variable", file, block.line)
                variables[variable.name] = variable
            elif block.kind == "output" and block.labels:
                name = block.labels[0]
                _no_duplicate(outputs, name, "output", file, block.line)
                outputs[name] = Output(
                    name=name,
                    description=_description(block.body.get("description")),
                    sensitive=decode_bool(block.body.get("sensitive"), False),
                    file=file,
                    line=block.line,
                )
            elif block.kind == "module":
                source = decode_string(block.body.get("source"))
                if source is not None:
                    sources.append(source)
            elif block.kind == "terraform":
                version = decode_string(block.body.get("required_version"))
                if version is not None:
                    required_version = version
                for requirement in _required_providers(block.body):
                    providers[requirement.name] = requirement

    aliases = tuple(alias for p in providers.values() for alias in p.configuration_aliases)
    return ModuleSpec(
        path=directory,
        variables=variables,
        outputs=outputs,
        configuration_aliases=aliases,
        module_sources=tuple(sources),
        required_version=required_version,
        providers=tuple(sorted(providers.values(), key=lambda p: p.name)),
        files=tuple(file for file, _ in files),
    )


def _no_duplicate(seen: dict[str, Any], name: str, kind: str, file: Path, line: int) -> None:
    if name in seen:
        first = seen[name]
        raise ConfigSyntaxError(
            f'duplicate {kind} "{name}"',
            Location(file, line),
            f"it is already declared at {first.file.name}:{first.line}",
        )


def _description(value: object) -> str | None:
    text = decode_string(value)
    if text is None:
        return None
    text = text.strip()
    return text or None


def _variable(block: Block, file: Path) -> Variable:
    body = block.body
    name = block.labels[0]
    raw_type = body.get("type")
    type_expr = "any"
    constraint: TypeConstraint = ANY
    if raw_type is not None:
        type_expr = unwrap_expression(str(raw_type))
        try:
            constraint = parse_type(type_expr)
        except TypeExpressionError as err:
            raise ConfigSyntaxError(
                f'variable "{name}": {err.message}',
                Location(file, block.line, f"variable.{name}.type"),
                "use a Terraform type constraint such as string, list(string) or object({...})",
            ) from err
    required = "default" not in body
    default = None if required else decode_value(body["default"])
    validations = body.get("validation")
    return Variable(
        name=name,
        type=constraint,
        type_expr=type_expr,
        description=_description(body.get("description")),
        default=default,
        required=required,
        nullable=decode_bool(body.get("nullable"), True),
        sensitive=decode_bool(body.get("sensitive"), False),
        has_validation=bool(validations),
        file=file,
        line=block.line,
        type_declared=raw_type is not None,
        validations=_validations(validations),
    )


def _validations(raw: object) -> tuple[Validation, ...]:
    blocks = raw if isinstance(raw, list) else [raw] if isinstance(raw, dict) else []
    found: list[Validation] = []
    for block in blocks:
        if isinstance(block, dict) and block.get("condition") is not None:
            found.append(Validation(str(block["condition"]), str(block.get("error_message") or '""')))
    return tuple(found)


def _required_providers(body: dict[str, Any]) -> list[ProviderRequirement]:
    result: list[ProviderRequirement] = []
    blocks = body.get("required_providers") or []
    if isinstance(blocks, dict):
        blocks = [blocks]
    for entry in blocks:
        if not isinstance(entry, dict):
            continue
        for name, value in entry.items():
            if isinstance(value, dict):
                aliases_raw = value.get("configuration_aliases") or []
                if not isinstance(aliases_raw, list):
                    aliases_raw = [aliases_raw]
                aliases = tuple(unwrap_expression(str(alias)) for alias in aliases_raw)
                result.append(
                    ProviderRequirement(
                        name=name,
                        source=decode_string(value.get("source")),
                        version=decode_string(value.get("version")),
                        configuration_aliases=aliases,
                    )
                )
            else:  # legacy `aws = "~> 5.0"`
                result.append(ProviderRequirement(name=name, source=None, version=decode_string(value)))
    return result
