"""The structure of a tree without loading it: each layer's files, module directory and dependencies.

`layer affected` and `layer atlantis generate` need only which files and modules make up each layer and
how layers depend on each other, not the validated configuration. Loading every layer (YAML with line
marks, merge, references, schemas) cost seconds on a tree of thousands; this reads from each layer.yaml
only its `module:` and `dependencies:` keys, with a line scanner for the plain block style the files are
written in. It answers None whenever it is not sure (any YAML form it does not scan, a `${...}`
reference, a missing module or dependency, a cycle): the caller then loads the tree the full way, which
reports every problem with its file and line as before. A _defaults.yaml may not set `module` or
`dependencies` (its schema), so a layer's own file is where they are read; `promotion` is inherited.
See docs/adr/0010-index-without-loading.md.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG
from typing import Any

import yaml

from layer.config.graph import CycleError, generations
from layer.config.merge import merge
from layer.config.model import DEFAULTS_FILE, LAYER_FILE
from layer.config.reader import Provenance, not_a_file, read_yaml, unlistable
from layer.config.tree import ChainMemo, defaults_chain, relative_id
from layer.errors import Location

_SCANNED = ("module", "dependencies")  # what is read from a layer.yaml
REMOTE_PREFIXES = ("git::", "git@", "github.com/", "https://", "s3::", "gcs::")  # as the loader's


@dataclass(frozen=True)
class LayerStructure:
    id: str
    dir: str  # absolute
    files: tuple[str, ...]  # absolute: the inherited _defaults.yaml files, root first, then layer.yaml
    module_dir: str | None  # absolute; None for a remote module (pinned or not)
    dependencies: tuple[str, ...]  # layer ids, sorted


@dataclass(frozen=True)
class Scan:
    """One walk of a tree: its layer directories (as discover() finds them) and every layer.yaml and
    _defaults.yaml below it with (mtime_ns, size), as the index's fingerprint records them."""

    layer_dirs: list[str]
    yaml_stats: dict[str, tuple[int, int]]


def scan(root: str) -> Scan:
    layer_dirs: list[str] = []
    stats: dict[str, tuple[int, int]] = {}
    _walk(root, False, layer_dirs, stats)
    return Scan(sorted(layer_dirs, key=lambda p: p.split(os.sep)), stats)


def _walk(directory: str, hidden_from_discover: bool, layer_dirs: list[str], stats: dict[str, Any]) -> None:
    """os.walk's choices (dot directories skipped; symlinked directories listed, not entered). discover()
    also skips node_modules: the YAML files there are fingerprinted, but are no layers."""
    subdirs: list[tuple[str, bool]] = []
    try:
        entries = os.scandir(directory)
    except OSError as err:
        raise unlistable(directory, err) from None
    with entries:
        for entry in entries:
            name = entry.name
            if name in (LAYER_FILE, DEFAULTS_FILE):
                try:
                    stat = os.stat(entry.path)
                except OSError:
                    stat = None
                if stat is None or not S_ISREG(stat.st_mode):
                    raise not_a_file(Path(entry.path))  # never skipped in silence (as discover())
                stats[entry.path] = (stat.st_mtime_ns, stat.st_size)
                if name == LAYER_FILE and not hidden_from_discover:
                    layer_dirs.append(directory)
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir and not name.startswith(".") and not entry.is_symlink():
                subdirs.append((entry.path, hidden_from_discover or name == "node_modules"))
    for sub, hidden in subdirs:
        _walk(sub, hidden, layer_dirs, stats)


def structure(root: Path, layer_dirs: list[str]) -> dict[str, LayerStructure] | None:
    """Every layer's structure, or None when any layer needs the full loader (see the module's doc)."""
    known = set(layer_dirs)
    _inherited_cache.clear()  # the files may have changed since an earlier call in this process
    _dirs.clear()
    chains = ChainMemo()  # each directory's _defaults.yaml chain, looked at once in this call
    result: dict[str, LayerStructure] = {}
    for directory in layer_dirs:
        found = _one(root, directory, known, chains)
        if found is None:
            return None
        result[found.id] = found
    return result


def _one(root_path: Path, directory: str, known: set[str], chains: ChainMemo) -> LayerStructure | None:
    root = str(root_path)
    layer_file = os.path.join(directory, LAYER_FILE)
    try:
        with open(layer_file, encoding="utf-8") as handle:
            own = scan_keys(handle.read(), Path(layer_file))
    except (OSError, UnicodeDecodeError):
        return None
    if own is None:
        return None
    chain = defaults_chain(root, directory, chains)
    inherited = _inherited(chain)
    if inherited is None:
        return None
    data = {**inherited[0], **{k: v for k, v in own[0].items() if v is not None}}  # null: no dependencies
    prov = own[1]
    module = data.get("module")
    if not isinstance(module, str) or not module or "${" in module:
        return None
    module_dir: str | None = None
    if module.startswith(REMOTE_PREFIXES):
        promotion = data.get("promotion")
        repository = promotion.get("repository") if isinstance(promotion, dict) else None
        pinned = None
        if repository:
            from layer.config import pins  # git and tar: imported only for a tree that pins its modules

            pinned = pins.checkout(module, repository, root_path)  # as the loader
        if pinned is not None and not pinned.is_dir():
            return None  # the loader reports the missing module
        # A pinned module is a copy at a commit: it never changes (the pin in layer.yaml does), so the
        # index follows no module directory for it, as for any remote module.
    else:
        module_dir = _relative_to_file(prov, ("module",), module, directory)
        if module_dir is None or not _is_dir(module_dir):
            return None
    deps = data.get("dependencies", {})
    if not isinstance(deps, dict):
        return None
    targets = []
    for name, spec in deps.items():
        path_text = spec if isinstance(spec, str) else spec.get("path") if isinstance(spec, dict) else None
        if not isinstance(path_text, str) or "${" in path_text:
            return None
        target = _relative_to_file(prov, ("dependencies", name), path_text, directory)
        if target is None or target not in known:
            return None  # outside the walk (or no layer): the loader explains
        targets.append(relative_id(root, target))
    ident = relative_id(root, directory)
    if ident in targets:
        return None
    return LayerStructure(ident, directory, (*map(str, chain), layer_file), module_dir, tuple(sorted(targets)))


_dirs: dict[str, bool] = {}  # module directories seen to exist, in this structure() call


def _is_dir(path: str) -> bool:
    found = _dirs.get(path)
    if found is None:
        found = _dirs[path] = os.path.isdir(path)
    return found


_inherited_cache: dict[tuple[Path, ...], tuple[dict[str, Any], Provenance] | None] = {}


def _inherited(chain: tuple[Path, ...]) -> tuple[dict[str, Any], Provenance] | None:
    """What a layer inherits that is read here: `promotion` (the repository pinned modules come from). None
    when a _defaults.yaml sets `module` or `dependencies`, which its schema does not allow (the loader says
    so). Once per chain and run."""
    if chain not in _inherited_cache:
        found: tuple[dict[str, Any], Provenance] | None = ({}, {})
        for path in chain:
            source = read_yaml(path)  # a few files, parsed once each: the full reader
            if any(k in source.data for k in _SCANNED):
                found = None
                break
            if "promotion" in source.data:
                assert found is not None
                found = merge(*found, {"promotion": source.data["promotion"]}, source.provenance)
        _inherited_cache[chain] = found
    return _inherited_cache[chain]


def _relative_to_file(prov: Provenance, key_path: tuple[str, ...], value: str, layer_dir: str) -> str | None:
    """`value` relative to the directory of the file that set `key_path` (absolute, normalised)."""
    declared = prov.get(key_path)
    if declared is None or declared.path is None:
        return None
    declared_in = str(declared.path)
    base = layer_dir if declared_in == os.path.join(layer_dir, LAYER_FILE) else os.path.dirname(declared_in)
    return os.path.normpath(os.path.join(base, value))


def waves(dependencies: dict[str, tuple[str, ...]]) -> dict[str, int] | None:
    """Each layer's wave (as LayerGraph.waves numbers them: config/graph.generations), or None on a cycle."""
    try:
        found = generations(dependencies)
    except CycleError:
        return None
    return {ident: number for number, wave in enumerate(found) for ident in wave}


# --------------------------------------------------------------------------------------------------
# The line scanner

_TOP_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_.-]*):(?:[ ]+(.*))?$")
_STR_TAG = "tag:yaml.org,2002:str"
_resolver = yaml.resolver.Resolver()
_plain_is_str: dict[str, bool] = {}


def scan_keys(text: str, path: Path) -> tuple[dict[str, Any], Provenance] | None:
    """The `module` and `dependencies` keys of a layer.yaml in plain block style, with the provenance the
    full reader would record for them (the line of `module` and of each dependency's name); None for
    anything else (the caller uses the full loader then)."""
    if "\t" in text or "\r" in text or text.startswith("\ufeff"):
        return None
    data: dict[str, Any] = {}
    prov: Provenance = {}
    seen: set[str] = set()
    key = ""  # the top-level key whose indented lines follow
    block: list[tuple[int, int, str]] = []  # (line number, indentation, text) under `key`
    for number, line in enumerate(text.split("\n"), start=1):
        if not line:
            continue
        first = line[0]
        if first == " ":
            body = line.lstrip(" ")
            if not body or body[0] == "#":
                continue
            if key in _SCANNED:
                block.append((number, len(line) - len(body), body.rstrip()))
            elif not key:
                return None  # indented content before any key: not the plain form
            continue
        if first == "#":
            continue
        if key in _SCANNED and not _finish(key, block, data, prov, path):
            return None
        match = _TOP_KEY.match(line)
        if match is None:
            return None  # a document marker, a directive, a quoted or complex key...
        key, rest = match.group(1), _strip_comment(match.group(2) or "")
        block = []
        if key in seen or key == "promotion":
            return None  # a duplicate key (the loader reports it); promotion is a tree-level key
        seen.add(key)
        if key == "module":
            value = _scalar(rest)
            if value is None:
                return None
            data[key] = value
            prov[(key,)] = Location(path, number)
        elif key == "dependencies":
            if rest:
                return None  # a flow mapping, null, an anchor...
        elif rest[:1] in _OPENERS and not _closed(rest):
            return None  # a value that may run over lines of its own
    if key in _SCANNED and not _finish(key, block, data, prov, path):
        return None
    return data, prov


_OPENERS = ("{", "[", "'", '"', "&", "*", "!", "|", ">", "%", "@", "`")


def _finish(key: str, block: list[tuple[int, int, str]], data: dict[str, Any], prov: Provenance, path: Path) -> bool:
    """The indented lines under `module` (none allowed) or `dependencies` (its entries; none: null)."""
    if key == "module":
        return not block
    if not block:
        data[key] = None
        return True
    entries = _dependencies(block, path, prov)
    if entries is None:
        return False
    data[key] = entries
    return True


def _strip_comment(value: str) -> str:
    cut = value.find(" #")
    return (value if cut < 0 else value[:cut]).strip()


def _closed(value: str) -> bool:
    """A one-line quoted or flow value (other kinds are refused)."""
    first = value[0]
    if first in "'\"":
        return len(value) > 1 and value.endswith(first) and value.count(first) == 2 and "\\" not in value
    if first in "{[":
        return value.count("{") == value.count("}") and value.count("[") == value.count("]")
    return False


def _scalar(value: str) -> str | None:
    """A one-line string value: plain (that YAML reads as a string), or quoted without escapes."""
    if not value:
        return None
    if value[0] in "'\"":
        if len(value) > 1 and value.endswith(value[0]) and value.count(value[0]) == 2 and "\\" not in value:
            return value[1:-1]
        return None
    if value[0] in "-?:,[]{}#&*!|>%@`" or ": " in value or value.endswith(":"):
        return None
    is_str = _plain_is_str.get(value)
    if is_str is None:
        tag = _resolver.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
        is_str = _plain_is_str[value] = tag == _STR_TAG
    return value if is_str else None


_ENTRY_KEY = re.compile(r"([a-z][a-z0-9_-]*):(?:[ ]+(.*))?$")


def _dependencies(block: list[tuple[int, int, str]], path: Path, prov: Provenance) -> dict[str, Any] | None:
    """The entries of a `dependencies:` block: `name: PATH`, or `name:` with `path: PATH` among its keys
    (the others, mock_outputs, are noted but not read). One pass over the block's lines."""
    result: dict[str, Any] = {}
    top = block[0][1]
    entry: dict[str, Any] | None = None  # the mapping entry being read; None after a `name: PATH` entry
    inner = 0  # indentation of the entry's keys
    last = ""  # the entry key whose deeper lines follow
    for number, indent, text in block:
        if indent == top:
            if entry is not None and "path" not in entry:
                return None
            match = _ENTRY_KEY.match(text)
            if match is None or match.group(1) in result:
                return None
            name, rest = match.group(1), _strip_comment(match.group(2) or "")
            prov[("dependencies", name)] = Location(path, number)
            if rest:
                value = _scalar(rest)
                if value is None:
                    return None
                result[name] = value
                entry = None
            else:
                entry = result[name] = {}
                inner = 0
            continue
        if indent < top or entry is None:
            return None  # bad indentation, or a `name: PATH` value running over lines
        if not inner:
            inner = indent
        if indent == inner:
            match = _ENTRY_KEY.match(text)
            if match is None or match.group(1) in entry:
                return None
            last, rest = match.group(1), _strip_comment(match.group(2) or "")
            if last == "path":
                value = _scalar(rest)
                if value is None:
                    return None
                entry[last] = value
            elif rest[:1] in _OPENERS and not _closed(rest):
                return None
            else:
                entry[last] = True  # present; its value is not needed here
        elif indent < inner or last == "path":
            return None  # bad indentation, or the path running over lines
    if entry is not None and "path" not in entry:
        return None
    return result
