"""Each layer's state object must be its own: no two layers of a tree may resolve to one backend location.

A location is what the generated S3 backend points at (config/backend_block.py's backend_config): the
store (a custom S3 endpoint, or AWS's partition), the bucket and the key the layer's key template expands
to. Layer does not use Terraform workspaces (every layer runs in `default`), so the key is the object.

A run over part of a tree is checked against the whole tree: the layers outside the selection are read
cheaply, their backend settings only (inherited _defaults.yaml files are merged once per directory;
a layer.yaml is parsed only when it may set a key the backend depends on).
"""

from __future__ import annotations

import os
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from layer.config import resolve, schema
from layer.config.backend_block import DEFAULT_KEY, backend_config, state_key  # the one definition
from layer.config.merge import merge
from layer.config.model import LAYER_FILE, Layer, Tree
from layer.config.reader import Provenance, locate, read_yaml
from layer.config.tree import abspath, defaults_chain, discover_dirs, relative_id
from layer.errors import LayerError, Location, MultipleErrors, SchemaError

KEY_FIELDS = ("path", "name", "environment", "region")
BACKEND_KEYS = ("backend", "region", "environment")  # what a layer's state location depends on
_MAY_SET_BACKEND = re.compile(r"backend|region|environment")
KEY_HINT = (
    "give every layer its own key: the default {path}/terraform.tfstate is unique per layer; a template "
    "with {name} needs {region} (and {environment}) in it when one bucket holds several regions, "
    'e.g. key: "{environment}/{region}/{name}/terraform.tfstate" (docs/getting-started.md, state keys)'
)


@dataclass(frozen=True)
class StateLocation:
    layer_id: str
    store: str  # the S3 endpoint URL, or "aws" plus the partition
    bucket: str
    key: str
    key_from: Location  # where the key (template) was set; where `backend` was set when the key is the default
    bucket_from: Location

    @property
    def object(self) -> tuple[str, str, str]:
        return (self.store, self.bucket, self.key)

    def describe(self) -> str:
        where = "" if self.store.startswith("aws") else f" at {self.store}"
        return f"s3://{self.bucket}/{self.key}{where}"


def check_key_template(config: Mapping[str, Any], provenance: Provenance, fallback: Path) -> list[LayerError]:
    """backend.key must be a template Python can expand with the fields backend_block.state_key passes."""
    backend = config.get("backend")
    template = backend.get("key") if isinstance(backend, Mapping) else None
    if not isinstance(template, str):
        return []
    problem = _template_problem(template)
    if problem is None:
        return []
    return [
        SchemaError(
            f"backend.key {template!r}: {problem}",
            locate(provenance, ("backend", "key"), fallback),
            "a key is names joined by single '/'; the template may use {path}, {name}, {environment} and {region};"
            " write a literal brace as {{ or }}",
        )
    ]


@cache
def _template_problem(template: str) -> str | None:
    try:
        fields = [name for _, name, spec, conv in string.Formatter().parse(template) if name is not None]
    except ValueError as err:
        return str(err)
    unknown = sorted({f for f in fields if f not in KEY_FIELDS})
    if unknown:
        return "unknown placeholder " + ", ".join("{" + f + "}" for f in unknown)
    try:
        sample = template.format(**dict.fromkeys(KEY_FIELDS, "x"))
    except (ValueError, IndexError, KeyError, AttributeError) as err:
        return f"not a valid template ({err})"
    return _key_shape_problem(sample)


def _key_shape_problem(key: str) -> str | None:
    """What Terraform's S3 backend refuses at init (a leading or trailing '/', '//'), and '.' or '..'
    segments, which name another object than they seem to (S3 keys are not paths)."""
    if not key.strip():
        return "the key is empty"
    if key.startswith("/") or key.endswith("/"):
        return "an S3 state key may not start or end with '/'"
    if "//" in key:
        return "an S3 state key may not contain '//'"
    if any(segment in (".", "..") for segment in key.split("/")):
        return "an S3 state key may not have '.' or '..' segments (S3 keys are names, not paths)"
    if len(key.encode()) > 1024:
        return "an S3 key is at most 1,024 bytes"
    return None


def location_of(layer: Layer) -> StateLocation | None:
    """Where the layer's state lives, as the generated backend block says; None when the settings are
    incomplete (the schema reports that for a loaded layer)."""
    backend = layer.config.get("backend")
    if not isinstance(backend, Mapping) or not isinstance(backend.get("bucket"), str):
        return None
    region = backend.get("region", layer.config.get("region"))
    if not isinstance(region, str) or _template_problem(str(backend.get("key", ""))) is not None:
        return None
    store, bucket = _store_and_bucket(repr(backend), layer.config.get("region"), layer)
    fallback = layer.file
    return StateLocation(
        layer.id,
        store,
        bucket,
        state_key(layer),
        locate(layer.provenance, ("backend", "key"), fallback),
        locate(layer.provenance, ("backend", "bucket"), fallback),
    )


_stores: dict[tuple[str, Any], tuple[str, str]] = {}


def _store_and_bucket(backend_text: str, region: Any, layer: Layer) -> tuple[str, str]:
    """(store, bucket) of generate's backend block, once per distinct backend setting and region (every layer
    below one _defaults.yaml shares them; only the key differs)."""
    found = _stores.get((backend_text, region))
    if found is None:
        config = backend_config(layer)
        endpoint = config.get("endpoints", {}).get("s3")
        store = _normalise_endpoint(endpoint) if endpoint else "aws:" + _partition(str(config["region"]))
        found = _stores[(backend_text, region)] = (store, str(config["bucket"]))
    return found


def _normalise_endpoint(url: str) -> str:
    return url.strip().rstrip("/").lower()


def _partition(region: str) -> str:
    from layer.config.aws_names import partition_of  # partitions.json, read once

    return partition_of(region) or "aws"


def check_shared_state(tree: Tree, whole_tree_loaded: bool) -> None:
    """Raise when a loaded layer shares its state object with another layer of the tree (from its root)."""
    locations = [loc for loc in map(location_of, tree.layers.values()) if loc is not None]
    if not whole_tree_loaded:
        locations += _other_layers(tree)
    errors = [_shared_error(group) for group in _groups(locations) if any(m.layer_id in tree.layers for m in group)]
    if errors:
        raise errors[0] if len(errors) == 1 else MultipleErrors(list(errors))


def _groups(locations: Iterable[StateLocation]) -> list[list[StateLocation]]:
    by_object: dict[tuple[str, str, str], list[StateLocation]] = {}
    for loc in locations:
        by_object.setdefault(loc.object, []).append(loc)
    return [sorted(g, key=lambda m: m.layer_id) for _, g in sorted(by_object.items()) if len(g) > 1]


MEMBERS_LISTED = 20


def _shared_error(group: list[StateLocation]) -> LayerError:
    first = group[0]
    names = "layers " + " and ".join(m.layer_id for m in group) if len(group) <= 3 else f"{len(group)} layers"
    members = [f"\n    {m.layer_id}: key set at {_where(m.key_from)}, bucket at {_where(m.bucket_from)}" for m in group]
    if len(members) > MEMBERS_LISTED:
        members = [*members[:MEMBERS_LISTED], f"\n    ... and {len(members) - MEMBERS_LISTED} more"]
    return SchemaError(
        f"{names} share one state object, {first.describe()} (each would overwrite the other's state):"
        + "".join(members),
        first.key_from,
        KEY_HINT,
    )


def _where(location: Location) -> str:
    return f"{location.path}:{location.line}" if location.line is not None else str(location.path)


def _other_layers(tree: Tree) -> list[StateLocation]:
    """The backend location of every layer of the tree that was not loaded (read cheaply)."""
    root_text = str(tree.root)
    per_chain: dict[tuple[Path, ...], _ChainBackend | None] = {}
    found = []
    for directory in discover_dirs(root_text):
        ident = relative_id(root_text, directory)
        if ident in tree.layers:
            continue
        try:
            loc = _cheap_location(tree.root, directory, ident, per_chain)
        except (LayerError, OSError, ValueError):
            continue  # a broken layer outside the selection: its own validation reports it
        if loc is not None:
            found.append(loc)
    return found


@dataclass(frozen=True)
class _ChainBackend:
    """What a chain of _defaults.yaml files says about the backend, for layers that add nothing to it."""

    sample: StateLocation  # computed for one layer: all but the key hold for every layer of the chain
    template: str
    environment: str
    region: str


def _cheap_location(
    root: Path, directory: str, ident: str, per_chain: dict[tuple[Path, ...], _ChainBackend | None]
) -> StateLocation | None:
    layer_file = os.path.join(directory, LAYER_FILE)
    with open(layer_file, encoding="utf-8", errors="replace") as handle:
        may_set = _MAY_SET_BACKEND.search(handle.read()) is not None
    chain = defaults_chain(str(root), abspath(directory))
    if not may_set:
        if chain not in per_chain:
            per_chain[chain] = _chain_backend(root, directory, ident)
        shared = per_chain[chain]
        if shared is not None:
            key = shared.template.format(
                path=ident, name=os.path.basename(directory), environment=shared.environment, region=shared.region
            )
            return replace(shared.sample, layer_id=ident, key=key)
    layer = _backend_only_layer(root, directory, ident, read_layer_file=may_set)
    return location_of(layer)


def _chain_backend(root: Path, directory: str, ident: str) -> _ChainBackend | None:
    """None when the chain's backend settings hold a reference (resolved per layer, so not shareable)."""
    layer = _backend_only_layer(root, directory, ident, read_layer_file=False)
    if "${" in repr(layer.config):
        return None
    sample = location_of(layer)
    if sample is None:
        return None
    backend = layer.config.get("backend", {})
    return _ChainBackend(
        sample,
        str(backend.get("key", DEFAULT_KEY)),
        str(layer.config.get("environment", "")),
        str(layer.config.get("region", "")),
    )


def _backend_only_layer(root: Path, directory: str, ident: str, read_layer_file: bool) -> Layer:
    """A layer holding only what its state location depends on (the layer.yaml read only when it may set it)."""
    from layer.config.loader import merged_defaults  # the loader's cache of merged _defaults.yaml chains

    layer_file = os.path.join(directory, LAYER_FILE)
    data, prov, _ = merged_defaults(root, defaults_chain(str(root), abspath(directory)))
    if read_layer_file:
        source = read_yaml(layer_file)
        own = {k: source.data[k] for k in BACKEND_KEYS if k in source.data}
        data, prov = merge(data, prov, own, source.provenance, schema.merge_strategy)
    subset = {k: data[k] for k in BACKEND_KEYS if k in data}
    ctx = resolve.Context(layer_id=ident, layer_name=os.path.basename(directory))
    subset = resolve.resolve(subset, ctx)
    return Layer(
        id=ident,
        dir=Path(directory),
        file=Path(layer_file),
        config=subset,
        provenance={(): Location(Path(layer_file), 1), **prov},
        files=(),
        dependencies=(),
        module_source="",
        module_dir=None,
    )
