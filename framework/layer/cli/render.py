"""`layer render LAYER`: the fully merged configuration of one layer, and where each value came from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import yaml

from layer.cli.main import cli
from layer.cli.options import layer_argument
from layer.config.loader import load_layer
from layer.config.model import LAYER_FILE
from layer.config.reader import KeyPath, dotted
from layer.config.tree import find_root, is_yaml_file
from layer.errors import Location


def _relative(path: Path | None) -> str:
    if path is None:
        return "?"
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _leaves(value: Any, path: KeyPath = ()) -> list[tuple[KeyPath, Any]]:
    if isinstance(value, dict) and value:
        return [leaf for k, v in value.items() for leaf in _leaves(v, (*path, k))]
    if isinstance(value, list) and value:
        return [leaf for i, v in enumerate(value) for leaf in _leaves(v, (*path, i))]
    return [(path, value)]


def origins(config: dict[str, Any], where: Any) -> dict[str, str]:
    result = {}
    for key_path, _ in _leaves(config):
        loc: Location = where(key_path)
        result[dotted(key_path)] = f"{_relative(loc.path)}:{loc.line}"
    return result


@cli.command()
@layer_argument
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of YAML.")
@click.option("--show-origin", is_flag=True, help="Show the file and line each value came from.")
def render(layer_path: Path, as_json: bool, show_origin: bool) -> None:
    """Print the merged configuration of LAYER_PATH (only its own file chain is read)."""
    root = find_root(layer_path)
    is_yaml_file(str(layer_path / LAYER_FILE))  # a directory or a dangling link there is an error of its own
    layer = load_layer(root, layer_path)
    config = dict(layer.config)
    if as_json:
        payload: dict[str, Any] = {"layer": layer.id, "config": config}
        if show_origin:
            payload["origins"] = origins(config, layer.location)
        click.echo(json.dumps(payload, indent=2))
        return
    if not show_origin:
        click.echo(f"# layer: {layer.id}")
        click.echo(yaml.safe_dump(config, sort_keys=False).rstrip())
        return
    click.echo(f"# layer: {layer.id}; each value with the file:line that set it")
    found = origins(config, layer.location)
    for key_path, value in _leaves(config):
        key = dotted(key_path)
        click.echo(f"{key} = {json.dumps(value)}    # {found[key]}")
