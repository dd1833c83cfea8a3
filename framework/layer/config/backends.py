"""Each layer's state object must be its own: no two layers of a tree may resolve to one backend location.

A location is what the generated S3 backend points at (terraform/generate.py's backend_config): the
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from layer.config import resolve, schema
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
    """backend.key must be a template Python can expand with the fields generate.state_key passes."""
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
            "the key template may use {path}, {name}, {environment} and {region}; write a literal brace as {{ or }}",
        )
    ]


def _template_problem(template: str) -> str | None:
    try:
        fields = [name for _, name, spec, conv in string.Formatter().parse(template) if name is not None]
    except ValueError as err:
        return str(err)
    unknown = sorted({f for f in fields if f not in KEY_FIELDS})
    if unknown:
        return "unknown placeholder " + ", ".join("{" + f + "}" for f in unknown)
    try:
        template.format(**dict.fromkeys(KEY_FIELDS, "x"))
    except (ValueError, IndexError, KeyError, AttributeError) as err:
        return f"not a valid template ({err})"
    return None


def location_of(layer: Layer) -> StateLocation | None:
    """Where the layer's state lives, as the generated backend block says; None when the settings are
    incomplete (the schema reports that for a loaded layer)."""
    from layer.terraform.generate import backend_config  # the one definition of the backend block

    backend = layer.config.get("backend")
    if not isinstance(backend, Mapping) or not isinstance(backend.get("bucket"), str):
        return None
    if not isinstance(backend.get("region", layer.config.get("region")), str):
        return None
    if _template_problem(str(backend.get("key", ""))) is not None:
        return None
    config = backend_config(layer)
    endpoint = config.get("endpoints", {}).get("s3")
    store = _normalise_endpoint(endpoint) if endpoint else "aws:" + _partition(str(config["region"]))
    fallback = layer.file
    return StateLocation(
        layer.id,
        store,
        str(config["bucket"]),
        str(config["key"]),
        locate(layer.provenance, ("backend", "key"), fallback),
        locate(layer.provenance, ("backend", "bucket"), fallback),
    )


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
    found = []
    for directory in discover_dirs(root_text):
        ident = relative_id(root_text, directory)
        if ident in tree.layers:
            continue
        try:
            layer = _backend_only_layer(tree.root, directory, ident)
        except (LayerError, OSError, ValueError):
            continue  # a broken layer outside the selection: its own validation reports it
        loc = location_of(layer) if layer is not None else None
        if loc is not None:
            found.append(loc)
    return found


def _backend_only_layer(root: Path, directory: str, ident: str) -> Layer | None:
    from layer.config.loader import merged_defaults  # the loader's cache of merged _defaults.yaml chains

    layer_file = os.path.join(directory, LAYER_FILE)
    data, prov, _ = merged_defaults(root, defaults_chain(str(root), abspath(directory)))
    with open(layer_file, encoding="utf-8", errors="replace") as handle:
        may_set = _MAY_SET_BACKEND.search(handle.read()) is not None
    if may_set:
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
