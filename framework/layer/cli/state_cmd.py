"""`layer state versions LAYER` and `layer state restore LAYER --version-id ID`: a layer's state history in
the versioned bucket, and one version of it made current again (docs/disaster-recovery.md, the restore drill).

Neither starts Terraform: they read and copy S3 object versions with the layer's backend settings and
credentials. A restore holds the layer's run lock (no `layer` run of the layer starts meanwhile) and refuses
while Terraform's state lock is held.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from layer.cli.main import cli
from layer.cli.options import json_file_option, layer_argument, to_stdout, write_json_document
from layer.config.model import Layer
from layer.plan.runlock import work_dir_lock
from layer.terraform.generate import backend_config, workdir_path

DEFAULT_LIMIT = 20


@dataclass(frozen=True)
class LayerBackend:
    layer: Layer
    backend: dict[str, Any]
    env: dict[str, str]
    work_dir: Path  # the layer's work dir (where its run lock lives), as terraform/generate.py places it


def load_layer_backend(layer_path: Path) -> LayerBackend:
    """The layer's backend settings and environment; the tree is validated, no Terraform starts."""
    from layer.pipeline import load_layer_at
    from layer.plan.actions import LayerRunner

    tree, layer = load_layer_at(layer_path, "name one layer's directory: a state belongs to one layer")
    env = LayerRunner(tree, "state").env_for(layer)
    return LayerBackend(layer, backend_config(layer), env, workdir_path(layer, tree.root))


@contextmanager
def _run_lock(target: LayerBackend, command: str) -> Iterator[None]:
    with work_dir_lock(target.layer.id, target.work_dir, command):
        yield


@cli.group(name="state")
def state() -> None:
    """A layer's state object in the versioned bucket: its versions, and restoring one (no Terraform runs)."""


@state.command(name="versions")
@layer_argument
@click.option(
    "--limit", type=click.IntRange(min=1), default=DEFAULT_LIMIT, show_default=True, help="Newest entries shown."
)
@json_file_option("Write the versions as JSON here")
def versions(layer_path: Path, limit: int, json_path: Path | None) -> None:
    """List the versions and delete markers of LAYER's state object, newest first: when each was written,
    Terraform's serial and lineage, and how many resources it holds. The VERSION ID is what
    `layer state restore` takes."""
    from layer.state.restore import list_versions, table

    target = load_layer_backend(layer_path)
    found = list_versions(target.backend, target.env, limit=limit)
    where = f"s3://{target.backend['bucket']}/{target.backend['key']}"
    if json_path is not None:
        document = {"layer": target.layer.id, "state": where, "versions": [v.to_dict() for v in found]}
        write_json_document(json_path, document)
    if to_stdout(json_path):
        return
    if not found:
        click.echo(f"{target.layer.id}: {where} has no versions (never applied)")
        return
    click.echo(f"{target.layer.id}: {where}")
    click.echo(table(found))


@state.command(name="restore")
@layer_argument
@click.option("--version-id", required=True, help="The version to make current (`layer state versions LAYER`).")
@click.option("--force", is_flag=True, help="Restore it even though its lineage differs from the layer's state.")
def restore(layer_path: Path, version_id: str, force: bool) -> None:
    """Copy one earlier version of LAYER's state object back as its current version (after a bad apply, a
    damaged or deleted state). Nothing older is lost: the copy is a new version. Refused for a delete marker,
    a version that is not a Terraform state, a version of another lineage (unless --force), and while the
    state is locked. Then plan the layer: it shows what differs between the restored state and the cloud."""
    from layer.state.restore import applied_serial
    from layer.state.restore import restore as restore_version

    target = load_layer_backend(layer_path)
    with _run_lock(target, f"state restore {version_id}"):
        serial = applied_serial(target.backend, target.env)
        done = restore_version(target.backend, target.env, version_id, applied_serial=serial, force=force)
    click.echo(
        f"{target.layer.id}: version {version_id} (serial {done.version.serial}, written {done.version.written}) "
        f"restored as the current state of s3://{done.bucket}/{done.key} (new version {done.new_version_id})"
    )
    if done.replaced is not None:
        click.echo(f"  it replaced version {done.replaced.version_id} ({done.replaced.kind}), still kept")
    if done.digest_updated:
        click.echo(f"  the digest in the lock table {target.backend['dynamodb_table']} now matches it")
    click.echo(f"  next: `layer plan {layer_path}` shows what differs between this state and the cloud")
