"""Layers removed from the tree whose resources are still in their state, found from the run records.

`layer affected --since REF` finds a removed layer in git (its layer.yaml deleted since REF). A layer
removed long ago, or by a change that was merged without its destroy, is found here instead: every
apply writes a run record beside the layer's state (layer.state.records), so a record whose layer has no
layer.yaml any more, whose last run was an apply, whose state still holds resources, and whose layer.yaml
this repository had at the commit the record names, is a removed layer with orphaned resources. (The last
condition leaves out other repositories' layers in a shared bucket, and records that name no commit.)

Its destroy plan is made from the configuration it was last applied with: the tree at the commit its
record names (`git archive`), in a work dir generated as for any layer, with `terraform plan -destroy`.
`run-all plan` shows that plan; `run-all apply` applies it only with `--destroy-removed`.
"""

from __future__ import annotations

import contextlib
import tarfile
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from layer import git
from layer.config.loader import load_tree
from layer.config.model import LAYER_FILE, Layer, Tree
from layer.errors import LayerError, StateError
from layer.state.outputs import StateReader, s3_client
from layer.state.records import RECORD_SUFFIX, RunRecord
from layer.terraform.generate import backend_config


@dataclass(frozen=True)
class RemovedLayer:
    layer_id: str
    backend: dict[str, Any]  # the backend settings of its state (key: its state key)
    env: dict[str, str]  # the environment that reads that backend
    record: RunRecord
    resources: int  # resources still in its state


def _backend_groups(tree: Tree, env_for: Any) -> dict[str, tuple[dict[str, Any], dict[str, str]]]:
    """One backend per bucket, region and endpoint (the layers of one environment share it)."""
    groups: dict[str, tuple[dict[str, Any], dict[str, str]]] = {}
    for layer in tree.layers.values():
        if not layer.enabled or layer.is_bootstrap:
            continue
        backend = backend_config(layer)
        key = f"{backend.get('bucket')}|{backend.get('region')}|{backend.get('endpoints', {}).get('s3')}"
        groups.setdefault(key, (backend, env_for(layer)))
    return groups


def _record_keys(backend: Mapping[str, Any], env: Mapping[str, str]) -> list[str]:
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        pages = s3_client(backend, env).get_paginator("list_objects_v2").paginate(Bucket=str(backend["bucket"]))
        return [
            item["Key"] for page in pages for item in page.get("Contents", []) if item["Key"].endswith(RECORD_SUFFIX)
        ]
    except (BotoCoreError, ClientError) as err:
        raise StateError(f"cannot list the run records in s3://{backend['bucket']}: {err}") from None


def _read(backend: Mapping[str, Any], env: Mapping[str, str], key: str) -> RunRecord | None:
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        body = s3_client(backend, env).get_object(Bucket=str(backend["bucket"]), Key=key)["Body"].read()
        return RunRecord.from_json(body)
    except (BotoCoreError, ClientError, ValueError, TypeError, KeyError):
        return None


def removed_layers(tree: Tree, under: Path, env_for: Any, states: StateReader | None = None) -> list[RemovedLayer]:
    """Layers under `under` with a run record beside their state but no layer.yaml any more, whose last run
    was an apply and whose state still holds resources."""
    reader = states or StateReader()
    start = under.resolve()
    found: dict[str, RemovedLayer] = {}
    for backend, env in _backend_groups(tree, env_for).values():
        for key in _record_keys(backend, env):
            record = _read(backend, env, key)
            if record is None or record.command != "apply" or record.layer in found:
                continue
            directory = (tree.root / record.layer).resolve()
            if (directory / LAYER_FILE).exists() or not directory.is_relative_to(start):
                continue
            if not was_layer_here(tree, record):  # another repository's layer sharing the bucket, or no commit
                continue
            state_backend = {**backend, "key": key.removesuffix(RECORD_SUFFIX)}
            state = reader.read(state_backend, env, record.layer, lost_is_error=False)
            if state.resources:
                found[record.layer] = RemovedLayer(record.layer, state_backend, dict(env), record, state.resources)
    return sorted(found.values(), key=lambda r: r.layer_id)


def was_layer_here(tree: Tree, record: RunRecord) -> bool:
    """Whether this repository had the record's layer at the record's commit: a bucket may hold the states
    of other repositories' trees (service repositories), whose layers were never in this tree."""
    if not record.commit:
        return False
    try:
        top = git.toplevel(tree.root)
        path = (tree.root.resolve() / record.layer / LAYER_FILE).relative_to(top.resolve()).as_posix()
        git.run(top, "cat-file", "-e", f"{record.commit}:{path}")
    except (git.GitError, ValueError):
        return False
    return True


@contextlib.contextmanager
def tree_at_commit(tree: Tree, removed: RemovedLayer) -> Iterator[tuple[Tree, Layer]]:
    """The removed layer as it was last applied: the repository at its record's commit, in a temporary
    directory, and the layer loaded from there (with the layers it depended on)."""
    commit = removed.record.commit
    if not commit:
        raise LayerError(
            f"{removed.layer_id}: its run record names no commit, so its configuration cannot be rebuilt",
            hint=f"restore its layer.yaml from git, then `layer destroy` it ({removed.resources} resource(s) left)",
        )
    top = git.toplevel(tree.root)
    with tempfile.TemporaryDirectory(prefix="layer-removed-") as scratch:
        tar = Path(scratch) / "commit.tar"
        with tar.open("wb") as out:
            git.archive(top, commit, ".", out)
        with tarfile.open(tar) as archive:
            archive.extractall(Path(scratch) / "repo", filter="data")
        old_root = Path(scratch) / "repo" / tree.root.resolve().relative_to(top.resolve())
        old_tree = load_tree(old_root / removed.layer_id)
        if removed.layer_id not in old_tree.layers:
            raise LayerError(f"{removed.layer_id} is not a layer at commit {commit[:12]}")
        yield old_tree, old_tree.layers[removed.layer_id]
