"""`layer promote`: move module versions (git refs) from one environment to the next in the chain.

The chain is declared in the root _defaults.yaml (`promotion: {chain: [dev, stage, prod]}`). Each
environment pins its modules with `?ref=` in the `module:` source of its layers. Promotion refuses unless
every source layer is applied and shows no drift, rewrites the target's pins in place (comments and
formatting kept, with ruamel.yaml), and reports the resolved-value differences between the environments.
"""

from __future__ import annotations

import difflib
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
        new_ref = ref_of(source_layer.config["module"])
        if new_ref is None:
            raise LayerError(
                f"{ident} does not pin its module (no ?ref= in {source_layer.config['module']!r})",
                source_layer.location(("module",)),
                "environments in a promotion chain use git sources with ?ref=",
            )
        where = target_layer.location(("module",))
        assert where.path is not None
        pins.append(Pin(ident, target_id, where.path, ref_of(target_layer.config["module"]), new_ref))
        diffs[target_id] = resolved_diff(source_layer, target_layer)
    return Promotion(source_env, target_env, tuple(pins), diffs)


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
        if pin.old_ref is None:
            raise LayerError(f"{pin.target_id} does not pin its module: cannot rewrite {current!r}", Location(pin.file))
        rewritten = REF.sub(rf"\g<1>{pin.new_ref}", current)
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
