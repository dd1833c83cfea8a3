"""`layer atlantis generate [--check]`: write (or verify) atlantis.yaml."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import click

from layer import git
from layer.atlantis import check_placement, check_tree_excludes, generate, tree_settings
from layer.cli.main import cli
from layer.config.selection import check_selection, ids_under
from layer.config.tree import matches
from layer.errors import LayerNotFoundError, Location
from layer.index import load_index


def _repo_root(path: Path) -> Path:
    """The clone that holds PATH; outside a clone, the current directory."""
    try:
        return git.toplevel(path)
    except git.GitError:
        return Path.cwd()


@cli.group()
def atlantis() -> None:
    """Atlantis configuration from the layer graph."""


@atlantis.command(name="generate")
@click.argument("path", type=click.Path(exists=True, path_type=Path), default=Path("live"))
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Where to write (default: REPO/atlantis.yaml).")
@click.option("--check", is_flag=True, help="Fail (exit 1) when the file on disk is not what would be generated.")
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="Also leave out layers whose id matches (the tree's own list: atlantis.exclude in the root _defaults.yaml).",
)
def generate_command(path: Path, output: Path | None, check: bool, exclude: tuple[str, ...]) -> None:
    """Generate atlantis.yaml for every layer under PATH: one project per layer, in dependency order.

    Layers that match `atlantis.exclude` of the root _defaults.yaml are left out (e.g. the local emulator's
    environment), so the bare `layer atlantis generate --check` checks the committed file."""
    root = _repo_root(path)
    target = output or root / "atlantis.yaml"
    index = load_index(path)
    settings = tree_settings(index.root)
    check_placement(index)
    check_tree_excludes(settings, list(index.entries))
    under = ids_under(((e.id, e.dir) for e in index.entries.values()), index.project, path)
    check_selection(under, (), exclude, path)
    excluded = (*settings.exclude, *exclude)
    if not any(not matches(ident, excluded) for ident in under):
        raise LayerNotFoundError(
            f"every layer under {path} is excluded from Atlantis: atlantis.yaml would have no project",
            settings.location or Location(path),
            "generate for the whole tree (layer atlantis generate), or change atlantis.exclude / --exclude",
        )
    text = generate(index, root, path, excluded)
    if check:
        current = target.read_text() if target.exists() else ""
        if current != text:
            diff = difflib.unified_diff(current.splitlines(), text.splitlines(), str(target), "generated", lineterm="")
            click.echo("\n".join(list(diff)[:80]), err=True)
            click.echo(
                f"error: {target} is stale\n  hint: run `layer atlantis generate {path}` and commit it", err=True
            )
            sys.exit(1)
        click.echo(f"ok: {target} is current ({text.count('- name: ')} projects)")
        return
    target.write_text(text)
    click.echo(f"wrote {target} ({text.count('- name: ')} projects)")
