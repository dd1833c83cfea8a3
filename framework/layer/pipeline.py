"""The pipeline in one place: files → merged config → validated layers → graph → run plan → Terraform.

The CLI calls these functions and prints what they return; nothing here prints or prompts except
through the callbacks it is given.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from layer.config.graph import LayerGraph, build_graph
from layer.config.inputs import check_inputs
from layer.config.loader import load_tree
from layer.config.model import Tree
from layer.errors import SafetyError
from layer.plan.actions import LayerRunner, RunOptions
from layer.plan.executor import LayerResult, execute
from layer.plan.plan import MUTATING, RunPlan, make_plan

DEFAULT_MAX_LAYERS = 100


def default_parallelism() -> int:
    return max(1, min(8, os.cpu_count() or 1))


@dataclass(frozen=True)
class Loaded:
    tree: Tree
    graph: LayerGraph


def load(path: Path, include: Sequence[str] = (), exclude: Sequence[str] = (), inputs: bool = True) -> Loaded:
    """Load and check a tree: schemas, graph (cycles, missing layers) and, optionally, module inputs."""
    tree = load_tree(path, include, exclude)
    graph = build_graph(tree)
    if inputs:
        check_inputs(tree.layers[i] for i in tree.selected)
    return Loaded(tree, graph)


@dataclass(frozen=True)
class RunRequest:
    command: str
    path: Path
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    parallelism: int = 0
    keep_going: bool = False
    max_layers: int = DEFAULT_MAX_LAYERS
    lock_timeout: str = "0s"


def prepare_run(request: RunRequest) -> RunPlan:
    loaded = load(request.path, request.include, request.exclude)
    plan = make_plan(request.command, loaded.tree, loaded.graph)
    count = len(plan.order)
    if request.command in MUTATING and count > request.max_layers:
        raise SafetyError(
            f"{request.command} would touch {count} layers, more than --max-layers {request.max_layers}",
            hint="check the path (is it the environment you meant?), or raise --max-layers",
        )
    return plan


def execute_plan(plan: RunPlan, request: RunRequest, echo: Callable[[str], None] | None) -> dict[str, LayerResult]:
    runner = LayerRunner(plan.tree, plan.command, RunOptions(lock_timeout=request.lock_timeout, echo=echo))
    return execute(
        plan.graph,
        runner,
        parallelism=request.parallelism or default_parallelism(),
        keep_going=request.keep_going,
        reverse=plan.reverse,
    )
