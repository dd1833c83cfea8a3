"""Merging inherited YAML down the tree.

The rule (docs/adr/0001-file-layout-and-merge.md): mappings deep-merge, key by key, the deeper
file winning; lists and scalars replace whatever the ancestor had, unless the schema marks the
key's list with `"x-merge": "append"`, in which case the deeper file's items follow the
ancestor's. An explicit `null` in a deeper file removes the inherited key; below the top level, where
nothing was inherited it stays a null value (for an input: Terraform's null), whichever ancestors have the
mapping around it. A top-level key that is null (`dependencies:` left empty) is simply not set.
Provenance follows the values: every key path keeps the file and line that set it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from layer.config.reader import KeyPath, Provenance

Strategy = Callable[[KeyPath], str]


def replace_lists(_: KeyPath) -> str:
    return "replace"


def merge(
    base: dict[str, Any],
    base_prov: Provenance,
    overlay: dict[str, Any],
    overlay_prov: Provenance,
    strategy: Strategy = replace_lists,
) -> tuple[dict[str, Any], Provenance]:
    """Return overlay merged onto base, and the merged provenance. Inputs are not modified."""
    prov = dict(base_prov)
    merged = _merge_map(base, overlay, (), prov, overlay_prov, strategy)
    return merged, prov


def _paths_below(value: Any, prefix: KeyPath) -> Iterator[KeyPath]:
    """The key path of every value inside `value` (which is at `prefix`), without recursion. Provenance
    holds a key path only for a value that is there, so walking the value finds every entry below it
    in time linear in the value, where scanning the whole provenance for each key was quadratic."""
    stack: list[tuple[Any, KeyPath]] = [(value, prefix)]
    while stack:
        item, path = stack.pop()
        if isinstance(item, dict):
            for key, child in item.items():
                below = (*path, key)
                yield below
                if isinstance(child, (dict, list)):
                    stack.append((child, below))
        elif isinstance(item, list):
            for index, child in enumerate(item):
                below = (*path, index)
                yield below
                if isinstance(child, (dict, list)):
                    stack.append((child, below))


def _drop(prov: Provenance, old: Any, prefix: KeyPath) -> None:
    for key in _paths_below(old, prefix):
        prov.pop(key, None)


def _copy_prov(prov: Provenance, source: Provenance, value: Any, prefix: KeyPath) -> None:
    for key in _paths_below(value, prefix):
        found = source.get(key)
        if found is not None:
            prov[key] = found


def _merge_map(
    base: dict[str, Any],
    overlay: dict[str, Any],
    path: KeyPath,
    prov: Provenance,
    overlay_prov: Provenance,
    strategy: Strategy,
) -> dict[str, Any]:
    result = dict(base)
    for key, value in overlay.items():
        child = (*path, key)
        old = result.get(key)
        if value is None and (key in result or not path):  # null removes an inherited key; a top-level
            # setting left empty (`dependencies:` with nothing below) is not set
            result.pop(key, None)
            if isinstance(old, (dict, list)):
                _drop(prov, old, child)
            prov.pop(child, None)
            continue
        if isinstance(value, dict) and isinstance(old, dict):
            result[key] = _merge_map(old, value, child, prov, overlay_prov, strategy)
            if child in overlay_prov:
                prov[child] = overlay_prov[child]
            continue
        if isinstance(value, list) and isinstance(old, list) and strategy(child) == "append":
            offset = len(old)
            result[key] = [*old, *value]
            depth = len(child)
            for k in _paths_below(value, child):
                loc = overlay_prov.get(k)
                idx = k[depth]
                if loc is not None and isinstance(idx, int):
                    prov[(*child, idx + offset, *k[depth + 1 :])] = loc
            continue
        result[key] = value
        # Only a container has key paths below it: a plain value replacing a plain value (the common case)
        # skips the scans of the whole provenance.
        if isinstance(old, (dict, list)):
            _drop(prov, old, child)
        if isinstance(value, (dict, list)):
            _copy_prov(prov, overlay_prov, value, child)
        if child in overlay_prov:
            prov[child] = overlay_prov[child]
    return result
