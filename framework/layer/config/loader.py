"""Files → merged, validated layers. The first step of the pipeline."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from layer.config import aws_names, backends, loadcache, pins, references, resolve, schema
from layer.config.backend_profile import select_backend_profile
from layer.config.loadcache import LazyProvenance, LoadCache
from layer.config.merge import merge
from layer.config.model import LAYER_FILE, Dependency, DependencyRef, Layer, Tree
from layer.config.reader import KeyPath, Provenance, locate
from layer.config.selection import check_selection
from layer.config.tree import (
    absolute,
    abspath,
    defaults_chain,
    discover_dirs,
    find_root,
    gc_paused,
    matches,
    relative_id,
)
from layer.errors import GraphError, LayerError, LayerNotFoundError, Location, MultipleErrors


def load_tree(
    start: Path, include: Sequence[str] = (), exclude: Sequence[str] = (), cache: LoadCache | None = None
) -> Tree:
    """Load the layers at or below `start` that pass the globs, plus (only) the layers they depend on.
    `cache`: what this load remembers (a new one by default: nothing from an earlier load is reused,
    unless it has a persistent store, whose entries are keyed by content; see layer.config.loadcache)."""
    with gc_paused():
        return _load_tree(start, include, exclude, cache if cache is not None else LoadCache())


def _load_tree(start: Path, include: Sequence[str], exclude: Sequence[str], cache: LoadCache) -> Tree:
    root = find_root(start, cache.read_yaml)
    cache.open(root)
    single = (absolute(start) / LAYER_FILE).is_file()
    candidates = [abspath(start)] if single else discover_dirs(abspath(start), cache.chains)
    if not candidates:
        raise LayerNotFoundError(
            f"no layer ({LAYER_FILE}) at or below {start}",
            Location(start),
            f"a layer is a directory holding a {LAYER_FILE}",
        )
    root_text = str(root)
    selected: list[str] = []
    skipped: list[str] = []
    ids = []
    for directory in candidates:
        cache.files[os.path.join(directory, LAYER_FILE)] = True  # seen by the walk just now
        ids.append(relative_id(root_text, directory))
    if include or exclude:
        check_selection(ids, include, exclude, start)
    for ident in ids:
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
            layer = load_layer(root, os.path.join(root_text, ident), cache)
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


def merged_defaults(
    root: Path, files: Sequence[Path], cache: LoadCache | None = None
) -> tuple[dict[str, Any], Provenance, list[LayerError]]:
    """Merge the _defaults.yaml chain, reusing the merge of each parent chain (parse and merge once per load)."""
    cache = cache if cache is not None else LoadCache()
    data: dict[str, Any] = {}
    prov: Provenance = {}
    errors: list[LayerError] = []
    for path in files:
        cached = cache.merged.get(path)
        if cached is None:
            source = cache.read_yaml(path)
            errors.extend(schema.validate("defaults", source.data, source.provenance, path, templated=False))
            data, prov = merge(data, prov, source.data, source.provenance, schema.merge_strategy)
            cache.merged[path] = (data, prov)
        else:
            data, prov = cached
    return data, prov, errors


def load_layer(root: Path, directory: Path | str, cache: LoadCache | None = None) -> Layer:
    """One layer: merged, resolved and validated; taken from the cache's persistent store when everything
    it is computed from is unchanged (layer.config.loadcache)."""
    cache = cache if cache is not None else LoadCache()
    root_text = str(root)
    dir_text = abspath(directory)
    ident = relative_id(root_text, dir_text)
    file_text = os.path.join(dir_text, LAYER_FILE)
    if not cache.is_file(file_text):
        raise LayerNotFoundError(f"{ident} is not a layer: no {LAYER_FILE} in {dir_text}", Location(Path(dir_text)))
    chain = defaults_chain(root_text, dir_text, cache.chains)
    files = (*cache.chain_texts(chain), file_text)
    key = cache.layer_key(ident, dir_text, files, repository_root(root, cache))
    entry = cache.stored_layer(key) if key is not None else None
    if entry is not None:
        stored = _stored_layer(root, ident, dir_text, file_text, chain, entry, cache)
        if stored is not None:
            cache.reused.add(ident)
            return stored
    layer = _load_layer(root, ident, dir_text, Path(file_text), chain, cache)
    if key is not None and layer.module_dir is not None and layer.working_tree_module is not None:
        cache.remember_layer(key, _entry(layer, cache))
    return layer


def _load_layer(
    root: Path, ident: str, dir_text: str, layer_file: Path, chain: tuple[Path, ...], cache: LoadCache
) -> Layer:
    inherited, prov, errors = merged_defaults(root, chain, cache)
    source = cache.read_yaml(layer_file)
    data, prov = merge(inherited, prov, source.data, source.provenance, schema.merge_strategy)
    data, prov = select_backend_profile(data, prov, layer_file)  # LAYER_BACKEND_PROFILE (DR replica)
    # Values the layer inherits untouched are the same objects in every layer below the same defaults.
    checked = frozenset(
        k for k, v in data.items() if inherited.get(k) is v and schema.inherited_valid(k, v, cache.inherited_checks)
    )
    data.pop("root", None)
    repository = (data.pop("promotion", None) or {}).get("repository")  # tree-level: see `layer promote`
    data.pop("atlantis", None)  # tree-level: see `layer atlantis generate`
    prov = {(): Location(layer_file, 1), **prov}
    reference_errors, dependency_refs = references.scan_config(data, prov, layer_file, inherited, cache.scans)
    errors.extend(reference_errors)
    if errors:
        raise MultipleErrors(errors)
    ctx = resolve.Context(layer_id=ident, layer_name=os.path.basename(dir_text))
    data = resolve.resolve(data, ctx, lambda kp: locate(prov, kp, layer_file))
    errors.extend(schema.validate_layer(data, prov, layer_file, checked))
    if not errors:
        errors.extend(schema.validate_resolved(data, prov, layer_file))
    if not errors:
        errors.extend(_semantic_errors(data, prov, layer_file))
    if errors:
        raise MultipleErrors(errors)
    module_source, module_dir = _module_source(data["module"], prov, layer_file, cache, root, repository)
    return Layer(
        id=ident,
        dir=Path(dir_text),
        file=layer_file,
        config=data,
        provenance=prov,
        files=(*chain, layer_file),
        dependencies=_dependencies(str(root), data.get("dependencies", {}), prov, layer_file, cache),
        module_source=module_source,
        module_dir=module_dir,
        references=tuple(dependency_refs),
    )


def _entry(layer: Layer, cache: LoadCache) -> tuple[Any, ...]:
    """A loaded layer as the store keeps it (loadcache's field order); its provenance is not kept."""
    module_dir = str(layer.module_dir)
    deps = tuple(
        (d.name, d.layer_id, d.mock_outputs, str(d.location.path), d.location.line, d.location.key)
        for d in layer.dependencies
    )
    refs = tuple((r.key_path, r.text, r.name, r.output) for r in layer.references)
    files = tuple(str(path) for path in layer.files)
    fingerprint = cache.module_fingerprint(module_dir)
    known = loadcache.known_locations(layer.provenance)
    return (layer.config, files, deps, layer.module_source, module_dir, fingerprint, refs, known, None, None)


def _stored_layer(
    root: Path, ident: str, dir_text: str, file_text: str, chain: tuple[Path, ...], entry: Any, cache: LoadCache
) -> Layer | None:
    """The layer as stored, or None when a dependency it names is no longer a layer (the full load says so)."""
    root_text = str(root)
    layer_file = cache.paths[file_text] = Path(file_text)
    dependencies = []
    for name, layer_id, mocks, path, line, key in entry[loadcache.DEPS]:
        if not cache.is_file(os.path.join(root_text, layer_id, LAYER_FILE)):
            return None
        dependencies.append(Dependency(name, layer_id, mocks, Location(cache.path(path), line, key)))
    references = tuple(
        DependencyRef(tuple(kp), text, name, output) for kp, text, name, output in entry[loadcache.REFERENCES]
    )
    return Layer(
        id=ident,
        dir=layer_file.parent,
        file=layer_file,
        config=entry[loadcache.CONFIG],
        provenance=LazyProvenance(lambda: _provenance(root, dir_text, layer_file), _known(entry, cache)),
        files=(*chain, layer_file),
        dependencies=tuple(dependencies),
        module_source=entry[loadcache.MODULE_SOURCE],
        module_dir=cache.path(entry[loadcache.MODULE_DIR]),
        references=references,
    )


def _known(entry: Any, cache: LoadCache) -> dict[KeyPath, Location | None]:
    known: dict[KeyPath, Location | None] = dict.fromkeys(loadcache.KNOWN_KEYS)
    memo = cache.known_locations  # layers below one _defaults.yaml share these: one Location each per load
    for item in entry[loadcache.KNOWN]:
        if item is not None:
            key, path, line, name = item
            location = memo.get(item)
            if location is None:
                location = memo[item] = Location(cache.path(path) if path is not None else None, line, name)
            known[tuple(key)] = location
    return known


def _provenance(root: Path, dir_text: str, layer_file: Path) -> Provenance:
    """A stored layer's provenance, when something asks for it: its files loaded the full way."""
    try:
        return load_layer(root, dir_text).provenance
    except LayerError:  # changed since this load read it: the file itself is the best answer
        return {(): Location(layer_file, 1)}


def _semantic_errors(data: dict[str, Any], prov: Provenance, layer_file: Path) -> list[LayerError]:
    """What a schema cannot say: AWS's naming rules for regions and buckets, a well-formed backend key."""
    return [*aws_names.check_names(data, prov, layer_file), *backends.check_key_template(data, prov, layer_file)]


REMOTE_PREFIXES = ("git::", "git@", "github.com/", "https://", "s3::", "gcs::")


def _module_source(
    value: str, prov: Provenance, fallback: Path, cache: LoadCache, root: Path, repository: str | None
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
    module_text = abspath(os.path.join(os.path.dirname(declared_in), value))
    where = Location(declared_in, declared.line if declared else None, "module")
    if not cache.is_dir(module_text):
        raise LayerNotFoundError(
            f"module directory {value!r} does not exist (resolved to {module_text})",
            where,
            "a local module path is relative to the file that sets `module`",
        )
    _check_local_module(value, module_text, root, where, cache)
    return module_text, cache.path(module_text)


def repository_root(tree_root: Path, cache: LoadCache | None = None) -> str:
    """The repository a tree belongs to: the nearest directory at or above the tree root holding `.git`,
    else the tree root's parent (a tree copied out of its clone, as the tests do); symlinks resolved."""
    known = cache.repositories if cache is not None else {}
    found = known.get(tree_root)
    if found is None:
        found = os.path.realpath(tree_root.parent)
        for directory in (tree_root, *tree_root.parents):
            if os.path.exists(os.path.join(directory, ".git")):
                found = os.path.realpath(directory)
                break
        known[tree_root] = found
    return found


def _check_local_module(value: str, module_text: str, root: Path, where: Location, cache: LoadCache) -> None:
    """A local module must be inside the tree's repository: a path out of it depends on the machine (another
    clone, a deleted checkout) and is not reviewed with the tree."""
    repository = repository_root(root, cache)
    key = (module_text, repository)
    if key not in cache.module_problems:
        cache.module_problems[key] = _local_module_problem(module_text, repository)
    problem = cache.module_problems[key]
    if problem == "outside":
        raise LayerNotFoundError(
            f"module {value!r} is outside the repository ({os.path.realpath(module_text)} is not under {repository})",
            where,
            "put the module under the repository (modules/...) or use a remote source such as git::URL//path?ref=TAG",
        )


def _local_module_problem(module_text: str, repository: str) -> str | None:
    real = os.path.realpath(module_text)
    if real != repository and not real.startswith(repository.rstrip(os.sep) + os.sep):
        return "outside"
    return None


def _dependencies(
    root: str, raw: dict[str, Any], prov: Provenance, fallback: Path, cache: LoadCache
) -> tuple[Dependency, ...]:
    result = []
    for name, spec in sorted(raw.items()):
        path_text = spec if isinstance(spec, str) else spec["path"]
        mocks = None if isinstance(spec, str) else spec.get("mock_outputs")
        loc = prov.get(("dependencies", name))
        declared_in = loc.path if loc and loc.path else fallback
        location = Location(declared_in, loc.line if loc else None, f"dependencies.{name}")
        target = abspath(os.path.join(os.path.dirname(declared_in), path_text))
        try:
            target_id = relative_id(root, target)
        except ValueError:
            raise GraphError(
                f"dependency '{name}' points outside the tree: {path_text}",
                location,
                f"dependencies must be layers under {root}",
            ) from None
        if not cache.is_file(os.path.join(target, LAYER_FILE)):
            raise GraphError(
                f"dependency '{name}' is not a layer: {path_text} (no {LAYER_FILE} in {target})",
                location,
                "fix the path (relative to this file) or create the layer",
            )
        result.append(Dependency(name, target_id, mocks, location))
    return tuple(result)
