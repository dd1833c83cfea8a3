"""`layer promote`: move module versions (git refs) from one environment to the next in the chain.

The chain is declared in the root _defaults.yaml (`promotion: {chain: [dev, stage, prod]}`). Each
environment pins its modules with `?ref=` in the `module:` source of its layers. Promotion refuses unless
every source layer is applied and shows no drift, rewrites the target's pins in place (comments and
formatting kept, with ruamel.yaml), and reports the resolved-value differences between the environments.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import ScalarString

from layer.config.loader import load_layer, load_tree
from layer.config.model import Layer, Tree
from layer.config.reader import read_yaml
from layer.config.tree import find_root, matches
from layer.errors import LayerError, Location

REF = re.compile(r"([?&]ref=)([^&]+)")


@dataclass(frozen=True)
class Pin:
    source_id: str
    target_id: str
    file: Path  # where the target's `module` is written
    old_ref: str | None
    new_ref: str
    new_source: str | None = None  # the whole `module:` value, when the target ran a working-tree module


@dataclass(frozen=True)
class Promotion:
    source_env: str
    target_env: str
    pins: tuple[Pin, ...]
    diffs: dict[str, str]  # target layer id -> unified diff of resolved config (source vs target)


DriftCheck = Callable[[Tree, list[str]], list[str]]  # returns problems; [] means applied and no drift


def chain(root: Path) -> list[str]:
    data = read_yaml(root / "_defaults.yaml").data
    found = data.get("promotion", {}).get("chain")
    if not found:
        raise LayerError(
            "no promotion chain declared",
            Location(root / "_defaults.yaml"),
            "add to the root _defaults.yaml:  promotion: {chain: [dev, stage, prod]}",
        )
    return list(found)


def check_step(envs: list[str], source: str, target: str) -> None:
    if source not in envs or target not in envs:
        raise LayerError(f"{source} → {target}: both must be in the promotion chain {envs}")
    if envs.index(target) != envs.index(source) + 1:
        nxt = envs[envs.index(source) + 1] if envs.index(source) + 1 < len(envs) else None
        raise LayerError(
            f"cannot promote {source} → {target}: the chain is {' → '.join(envs)}",
            hint=f"promote {source} → {nxt} first" if nxt else f"{source} is the last environment",
        )


def ref_of(source: str) -> str | None:
    match = REF.search(source)
    return match.group(2) if match else None


def plan_promotion(tree_path: Path, pattern: str, source_env: str, target_env: str, drift: DriftCheck) -> Promotion:
    root = find_root(tree_path)
    check_step(chain(root), source_env, target_env)
    tree = load_tree(root / source_env)
    selected = [i for i in tree.selected if matches(i.split("/", 1)[1] if "/" in i else i, (pattern,))]
    if not selected:
        raise LayerError(
            f"no layer in {source_env} matches {pattern!r}",
            hint="the glob matches the id below the environment: 'ap-northeast-2/network' or '*/network'",
        )
    problems = drift(tree, selected)
    if problems:
        raise LayerError(
            f"refusing to promote from {source_env}: " + "; ".join(problems),
            hint=f"apply {source_env} until `layer run-all plan` shows no changes, then promote",
        )
    pins, diffs = [], {}
    for ident in selected:
        source_layer = tree.layers[ident]
        target_id = target_env + ident[len(source_env) :]
        target_dir = root / target_id
        if not (target_dir / "layer.yaml").is_file():
            raise LayerError(f"{target_id} does not exist: nothing to promote {ident} into")
        target_layer = load_layer(root, target_dir)
        new_ref = source_version(source_layer)
        check_same_module(source_layer, target_layer)
        where = target_layer.location(("module",))
        assert where.path is not None
        old_ref = ref_of(target_layer.config["module"])
        new_source = None if old_ref is not None else first_pin(root, target_layer, new_ref)
        pins.append(Pin(ident, target_id, where.path, old_ref, new_ref, new_source))
        diffs[target_id] = resolved_diff(source_layer, target_layer)
    return Promotion(source_env, target_env, tuple(pins), diffs)


def source_version(layer: Layer) -> str:
    """The ref to promote: the source's own pin, or, for an environment that runs the working tree's modules
    (dev, applied on merge), the commit those modules are at — which must be committed as they are on disk."""
    ref = ref_of(layer.config["module"])
    if ref is not None:
        return ref
    if layer.module_dir is None:
        raise LayerError(
            f"{layer.id} does not pin its module (no ?ref= in {layer.config['module']!r})",
            layer.location(("module",)),
            "environments in a promotion chain use git sources with ?ref=, or local modules of this repository",
        )
    from layer.config.pins import committed_version
    from layer.index import module_closure

    closure = module_closure(layer.module_dir)
    version = committed_version(closure)
    if version is None:
        raise LayerError(
            f"{layer.id} runs {layer.module_dir} from the working tree, which has uncommitted changes "
            "(or is not in a git repository): there is no commit to promote",
            layer.location(("module",)),
            "commit the module changes (and apply them to this environment), then promote",
        )
    return version


def first_pin(root: Path, target: Layer, ref: str) -> str:
    """The git source that pins a target which runs a working-tree module of this repository (its first
    promotion): `git::<promotion.repository>//<module path in the repository>?ref=<ref>`."""
    from layer.config.pins import git_toplevel

    repository = read_yaml(root / "_defaults.yaml").data.get("promotion", {}).get("repository")
    toplevel = git_toplevel(str(target.module_dir)) if target.module_dir is not None else None
    if not repository or target.working_tree_module is None or toplevel is None:
        raise LayerError(
            f"{target.id} does not pin its module ({target.config['module']!r}): cannot rewrite it",
            target.location(("module",)),
            "pin it with a git source and ?ref=, or declare promotion.repository in the root _defaults.yaml",
        )
    subdir = os.path.relpath(target.working_tree_module, toplevel)
    return f"git::{repository}//{subdir}?ref={ref}"


def module_path(layer: Layer) -> str | None:
    """Where the layer's module lives in this repository: the path after // of a pin, or of the working tree."""
    from layer.config.pins import git_toplevel, parse_git_source

    parsed = parse_git_source(str(layer.config["module"]))
    if parsed is not None:
        return parsed.subdir
    local = layer.working_tree_module
    toplevel = git_toplevel(str(local)) if local is not None else None
    return os.path.relpath(local, toplevel) if local is not None and toplevel is not None else None


def check_same_module(source: Layer, target: Layer) -> None:
    ours, theirs = module_path(source), module_path(target)
    if ours is not None and theirs is not None and ours != theirs:
        raise LayerError(
            f"{target.id} runs {theirs} but {source.id} runs {ours}: not the same module",
            target.location(("module",)),
            "point both environments at the same module before promoting",
        )


def resolved_diff(source: Layer, target: Layer) -> str:
    a = yaml.safe_dump(source.config, sort_keys=True).splitlines()
    b = yaml.safe_dump(target.config, sort_keys=True).splitlines()
    return "\n".join(difflib.unified_diff(b, a, f"{target.id} (now)", f"{source.id}", lineterm=""))


def apply_pins(promotion: Promotion) -> list[Path]:
    """Rewrite `module:` refs in the target files, keeping comments and formatting."""
    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 4096
    changed = []
    for pin in promotion.pins:
        data = rt.load(pin.file.read_text())
        current = str(data["module"])
        rewritten = pin.new_source if pin.new_source is not None else REF.sub(rf"\g<1>{pin.new_ref}", current)
        original = data["module"]
        # Keep the scalar's style (a quoted string stays quoted): ruamel's scalar types wrap str.
        data["module"] = type(original)(rewritten) if isinstance(original, ScalarString) else rewritten
        with pin.file.open("w") as out:
            rt.dump(data, out)
        changed.append(pin.file)
    return changed


def report(promotion: Promotion) -> str:
    lines = [
        f"## Promotion {promotion.source_env} → {promotion.target_env}",
        "",
        "| layer | module ref before | after |",
        "|---|---|---|",
    ]
    lines += [f"| {p.target_id} | {p.old_ref or '-'} | {p.new_ref} |" for p in promotion.pins]
    lines += ["", f"{promotion.source_env} is applied and shows no drift for every promoted layer.", ""]
    for target, diff in promotion.diffs.items():
        lines += [
            f"<details><summary>{target}: resolved configuration, now vs {promotion.source_env}</summary>",
            "",
            "```diff",
            diff or "(identical)",
            "```",
            "",
            "</details>",
            "",
        ]
    return "\n".join(lines)
