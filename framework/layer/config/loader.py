"""Files → merged, validated layers. The first step of the pipeline."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from layer.config import pins, resolve, schema
from layer.config.merge import merge
from layer.config.model import LAYER_FILE, Dependency, Layer, Tree
from layer.config.reader import Provenance, locate, read_yaml
from layer.config.tree import absolute, ancestor_files, discover, find_root, layer_id, matches
from layer.errors import GraphError, LayerError, LayerNotFoundError, Location, MultipleErrors

_merged_cache: dict[Path, tuple[dict[str, Any], Provenance]] = {}


def load_tree(start: Path, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> Tree:
    """Load the layers at or below `start` that pass the globs, plus (only) the layers they depend on."""
    root = find_root(start)
    candidates = discover(start)
    if not candidates:
        raise LayerNotFoundError(
            f"no layer ({LAYER_FILE}) at or below {start}",
            Location(start),
            f"a layer is a directory holding a {LAYER_FILE}",
        )
    selected: list[str] = []
    skipped: list[str] = []
    for directory in candidates:
        ident = layer_id(root, directory)
        if (include and not matches(ident, include)) or (exclude and matches(ident, exclude)):
            skipped.append(ident)
        else:
            selected.append(ident)
    layers: dict[str, Layer] = {}
    errors: list[LayerError] = []
    queue = list(selected)
    while queue:
        ident = queue.pop()
        if ident in layers:
            continue
        try:
            layer = load_layer(root, root / ident)
        except MultipleErrors as many:
            errors.extend(many.errors)
            continue
        except LayerError as err:
            errors.append(err)
            continue
        layers[ident] = layer
        queue.extend(d.layer_id for d in layer.dependencies if d.layer_id not in layers)
    errors = _unique(errors)
    if errors:
        raise errors[0] if len(errors) == 1 else MultipleErrors(errors)
    return Tree(root=root, layers=layers, selected=tuple(sorted(selected)), excluded=tuple(skipped))


def _unique(errors: list[LayerError]) -> list[LayerError]:
    """An error in an inherited file shows up under every layer below it: report it once."""
    seen: set[object] = set()
    unique = []
    for err in errors:
        where = err.location
        key: object = (where.path, where.line, where.key) if where is not None else err.render()
        if key not in seen:
            seen.add(key)
            unique.append(err)
    return unique


def _merged_defaults(root: Path, files: list[Path]) -> tuple[dict[str, Any], Provenance, list[LayerError]]:
    """Merge the _defaults.yaml chain, reusing the merge of each parent chain (parse and merge once)."""
    data: dict[str, Any] = {}
    prov: Provenance = {}
    errors: list[LayerError] = []
    for path in files:
        cached = _merged_cache.get(path)
        if cached is None:
            source = read_yaml(path)
            errors.extend(schema.validate("defaults", source.data, source.provenance, path, templated=False))
            data, prov = merge(data, prov, source.data, source.provenance, schema.merge_strategy)
            _merged_cache[path] = (data, prov)
        else:
            data, prov = cached
    return data, prov, errors


def load_layer(root: Path, directory: Path) -> Layer:
    directory = absolute(directory)
    ident = layer_id(root, directory)
    layer_file = directory / LAYER_FILE
    if not layer_file.is_file():
        raise LayerNotFoundError(f"{ident} is not a layer: no {LAYER_FILE} in {directory}", Location(directory))
    files = ancestor_files(root, directory)
    data, prov, errors = _merged_defaults(root, files[:-1])
    source = read_yaml(layer_file)
    data, prov = merge(data, prov, source.data, source.provenance, schema.merge_strategy)
    data.pop("root", None)
    repository = (data.pop("promotion", None) or {}).get("repository")  # tree-level: see `layer promote`
    prov = {(): Location(layer_file, 1), **prov}
    ctx = resolve.Context(layer_id=ident, layer_name=directory.name)
    data = resolve.resolve(data, ctx, lambda kp: locate(prov, kp, layer_file))
    errors.extend(schema.validate_layer(data, prov, layer_file))
    if not errors:
        errors.extend(schema.validate_resolved(data, prov, layer_file))
    if errors:
        raise MultipleErrors(errors)
    module_source, module_dir = _module_source(data["module"], prov, layer_file, root, repository)
    return Layer(
        id=ident,
        dir=directory,
        file=layer_file,
        config=data,
        provenance=prov,
        files=tuple(files),
        dependencies=_dependencies(root, data.get("dependencies", {}), prov, layer_file),
        module_source=module_source,
        module_dir=module_dir,
    )


REMOTE_PREFIXES = ("git::", "git@", "github.com/", "https://", "s3::", "gcs::")


def _module_source(
    value: str, prov: Provenance, fallback: Path, root: Path, repository: str | None
) -> tuple[str, Path | None]:
    declared = prov.get(("module",))
    declared_in = declared.path if declared and declared.path else fallback
    if value.startswith(REMOTE_PREFIXES):
        pinned = pins.checkout(value, repository, root) if repository else None
        if pinned is not None and not pinned.is_dir():
            raise LayerNotFoundError(
                f"module {value!r}: {pinned.name} does not exist at that ref of {repository}",
                Location(declared_in, declared.line if declared else None, "module"),
                "check the path after // and the ref",
            )
        return value, pinned
    module_dir = absolute(declared_in.parent / value)
    if not module_dir.is_dir():
        raise LayerNotFoundError(
            f"module directory {value!r} does not exist (resolved to {module_dir})",
            Location(declared_in, declared.line if declared else None, "module"),
            "a local module path is relative to the file that sets `module`",
        )
    return str(module_dir), module_dir


def _dependencies(root: Path, raw: dict[str, Any], prov: Provenance, fallback: Path) -> tuple[Dependency, ...]:
    result = []
    for name, spec in sorted(raw.items()):
        path_text = spec if isinstance(spec, str) else spec["path"]
        mocks = None if isinstance(spec, str) else spec.get("mock_outputs")
        loc = prov.get(("dependencies", name))
        declared_in = loc.path if loc and loc.path else fallback
        location = Location(declared_in, loc.line if loc else None, f"dependencies.{name}")
        target = absolute(declared_in.parent / path_text)
        if not target.is_relative_to(root):
            raise GraphError(
                f"dependency '{name}' points outside the tree: {path_text}",
                location,
                f"dependencies must be layers under {root}",
            )
        if not (target / LAYER_FILE).is_file():
            raise GraphError(
                f"dependency '{name}' is not a layer: {path_text} (no {LAYER_FILE} in {target})",
                location,
                "fix the path (relative to this file) or create the layer",
            )
        result.append(Dependency(name, layer_id(root, target), mocks, location))
    return tuple(result)
