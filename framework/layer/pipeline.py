"""The pipeline in one place: files → merged config → validated layers → graph → run plan → Terraform.

The CLI calls these functions and prints what they return; nothing here prints or prompts except
through the callbacks it is given.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from layer.config.backends import check_shared_state
from layer.config.graph import LayerGraph, build_graph
from layer.config.loadcache import LoadCache
from layer.config.loader import load_tree
from layer.config.model import LAYER_FILE, Layer, Tree
from layer.config.references import check_outputs
from layer.config.tree import absolute, find_root
from layer.errors import InputError, LayerError, LayerNotFoundError, Location, MultipleErrors, SafetyError, StateError
from layer.policy import POLICY_STATUS
from layer.terraform.generate import backend_config, work_root

if TYPE_CHECKING:  # imported where used: `validate` and `graph` with a warm load cache need none of them
    from layer.interface.spec import ModuleSpec
    from layer.plan.executor import LayerResult
    from layer.plan.plan import RunPlan
    from layer.plan.progress import Progress
    from layer.policy import PolicyEngine

DEFAULT_MAX_LAYERS = 100


def default_parallelism() -> int:
    return max(1, min(8, os.cpu_count() or 1))


@dataclass(frozen=True)
class Loaded:
    tree: Tree
    graph: LayerGraph
    notes: tuple[str, ...] = ()  # what could not be checked, and why


def load(path: Path, include: Sequence[str] = (), exclude: Sequence[str] = (), inputs: bool = True) -> Loaded:
    """Load and check a tree: schemas, references, that no two layers of the whole tree share a state
    object, the graph (cycles, missing layers) and, optionally, module inputs and the dependency outputs
    references name. What passed is kept in the tree's persistent load cache (layer.config.loadcache) for
    the next run."""
    cache = LoadCache(store_dir=work_root)
    try:
        tree = load_tree(path, include, exclude, cache)
    except LayerError:
        cache.save()  # the layers that loaded stay warm; those with an error are not stored
        raise
    whole = absolute(path) == tree.root and not tree.excluded
    check_shared_state(tree, whole_tree_loaded=whole)
    graph = build_graph(tree)
    notes: list[str] = []
    if inputs:
        errors: list[LayerError] = []
        input_notes: list[str] = []
        try:
            input_notes = check_inputs_cached((tree.layers[i] for i in tree.selected), cache)
        except MultipleErrors as many:
            errors += many.errors
        except LayerError as err:
            errors.append(err)
        found, notes = check_outputs_cached(tree, cache)
        notes = [*notes, *input_notes]
        errors += found
        if errors:
            cache.save()  # the layers that passed stay warm
            raise errors[0] if len(errors) == 1 else MultipleErrors(errors)
    cache.save()
    return Loaded(tree, graph, tuple(notes))


def layer_id_of(layer_path: Path) -> str:
    """A layer's id from its directory: the directory relative to the tree's root."""
    return layer_path.resolve().relative_to(find_root(layer_path)).as_posix()


def load_layer_at(layer_path: Path, why_one: str) -> tuple[Tree, Layer]:
    """The one layer in `layer_path`, loaded and checked like any run's (only it selected), with its tree;
    LayerNotFoundError at the directory when no layer is there (`why_one`: why the command takes one)."""
    ident = layer_id_of(layer_path)
    tree = load(layer_path.resolve(), include=(ident,)).tree
    layer = tree.layers.get(ident)
    if layer is None:
        where = layer_path.resolve()
        raise LayerNotFoundError(f"{ident} is not a layer (no {LAYER_FILE} in {where})", Location(where), why_one)
    return tree, layer


def check_outputs_cached(tree: Tree, cache: LoadCache) -> tuple[list[LayerError], list[str]]:
    """layer.config.references.check_outputs for the selected layers not checked before against their
    dependencies' modules as they are now; the tree-wide checks (published paths) always run."""
    unchecked = [ident for ident in tree.selected if not cache.outputs_checked(tree, ident)]
    found, notes = check_outputs(tree, unchecked)
    if not found and not notes:
        for ident in unchecked:
            cache.record_outputs(tree, ident)
    return found, notes


def check_inputs_cached(layers: Iterable[Layer], cache: LoadCache) -> list[str]:
    """layer.config.inputs.check_inputs, skipping each layer whose check passed before on the same files
    and module (the notes it gave then are given again). Raises every problem at once; returns the notes."""
    from layer.config.inputs import check_layer_inputs
    from layer.interface.spec import load_module

    errors: list[InputError] = []
    skipped: list[str] = []
    specs: dict[Path, ModuleSpec] = {}  # thousands of layers share a few modules: read each once per check
    for layer in layers:
        if layer.module_dir is None or not layer.enabled:
            continue
        known = cache.inputs_checked(layer.id)
        if known is not None:
            skipped.extend(known)
            continue
        spec = specs.get(layer.module_dir)
        if spec is None:
            spec = specs[layer.module_dir] = load_module(layer.module_dir)
        own: list[str] = []
        found = check_layer_inputs(layer, spec, own)
        errors.extend(found)
        skipped.extend(own)
        if not found:
            cache.record_inputs(layer.id, tuple(own))
    if errors:
        raise errors[0] if len(errors) == 1 else MultipleErrors(list[LayerError](errors))
    return list(dict.fromkeys(skipped))


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
    saved_plan: bool = False
    backend_change: str = ""  # "reconfigure" | "migrate-state": when a layer's state location moved
    for_apply: bool = False  # plan: the plan `layer apply` shows and then applies (no mock outputs)
    policy: bool = False  # plan: evaluate the Rego policies against each layer's saved plan
    policy_dir: Path | None = None  # default: $LAYER_POLICY_DIR, else atlantis/policies/ of the repository
    replan: frozenset[str] = frozenset()  # apply of reviewed plans: these layers plan afresh (their preview was mocked)
    done_before: Mapping[str, str] = field(default_factory=dict)  # run-all apply --resume: layer id -> why not run


def prepare_run(request: RunRequest) -> RunPlan:
    from layer.plan.plan import MUTATING, make_plan

    loaded = load(request.path, request.include, request.exclude)
    plan = make_plan(request.command, loaded.tree, loaded.graph)
    count = len(plan.order)
    if request.command in MUTATING and count > request.max_layers:
        raise SafetyError(
            f"{request.command} would touch {count} layers, more than --max-layers {request.max_layers}",
            hint="check the path (is it the environment you meant?), or raise --max-layers",
        )
    return plan


def preflight(plan: RunPlan) -> None:
    """Fail once, clearly, before any layer runs: the provider mirror, and each custom backend endpoint."""
    import socket
    from urllib.parse import urlparse

    from layer.hints import unreachable_endpoint_hint
    from layer.terraform.cliconfig import write_cli_config

    write_cli_config(work_root(plan.tree.root))
    checked: set[str] = set()
    for ident in plan.order:
        url = backend_config(plan.tree.layers[ident]).get("endpoints", {}).get("s3")
        if not url or url in checked:
            continue
        checked.add(url)
        parsed = urlparse(url)
        try:
            socket.create_connection((parsed.hostname or "", parsed.port or 443), timeout=3).close()
        except OSError as err:
            raise StateError(
                f"cannot reach the state backend endpoint {url} ({err.strerror or err})",
                hint=unreachable_endpoint_hint(url),
            ) from None


def execute_plan(
    plan: RunPlan,
    request: RunRequest,
    echo: Callable[[str], None] | None,
    progress: Progress | None = None,
) -> dict[str, LayerResult]:
    """Run the plan's command in every layer (the one way every command runs layers); with request.policy,
    check each saved plan against the policies; with progress, each layer's start and end are shown."""
    engine = policy_engine(request, plan.tree.root)  # a policy that does not load: nothing runs
    preflight(plan)
    from layer.plan.actions import LayerRunner, RunOptions  # Terraform's side: not needed by validate/graph
    from layer.plan.executor import execute

    options = RunOptions(
        lock_timeout=request.lock_timeout,
        echo=echo,
        saved_plan=request.saved_plan,
        backend_change=request.backend_change,
        for_apply=request.for_apply,
        show_plan_json=engine is not None,
        replan=request.replan,
        done_before=request.done_before,
    )
    runner = LayerRunner(plan.tree, request.command, options)
    results = execute(
        plan.graph,
        progress.wrap(runner) if progress is not None else runner,
        parallelism=request.parallelism or default_parallelism(),
        keep_going=request.keep_going,
        reverse=plan.reverse,
    )
    if engine is not None:
        check_policy(engine, runner.plan_documents, results)
    return results


def policy_engine(request: RunRequest, tree_root: Path) -> PolicyEngine | None:
    if not request.policy:
        return None
    if request.command != "plan":
        raise SafetyError(f"--policy checks plans; {request.command} does not plan", hint="use it with plan")
    from layer.policy import PolicyEngine, PolicySettings, find_policy_dir, load_policies, override_from_environment

    directory = find_policy_dir(request.policy_dir, tree_root)
    engine = PolicyEngine(load_policies(directory), PolicySettings(override=override_from_environment()))
    engine.evaluate(EMPTY_PLAN, "compile check")  # a policy that does not compile fails before any Terraform
    return engine


EMPTY_PLAN: dict[str, Any] = {"format_version": "1.2", "resource_changes": []}


def check_policy(engine: PolicyEngine, documents: dict[str, dict[str, Any]], results: dict[str, LayerResult]) -> None:
    """A layer whose plan violates a failing rule fails ("policy violation"); warnings keep it as it was."""
    for ident, document in sorted(documents.items()):
        result = results[ident]
        if not result.ok:
            continue
        try:
            verdict = engine.evaluate(document, ident)
        except LayerError as err:
            result.status, result.message = "failed", f"policy: {err.render()}"
            continue
        result.policy = verdict.violations
        if not verdict.passed:
            rules = sorted({v.rule for v in verdict.failures})
            lines = [f"policy: {len(verdict.failures)} violation(s) of {', '.join(rules)}"]
            lines += [v.line() for v in verdict.failures]
            result.status = POLICY_STATUS
            result.message = "\n".join([*lines, result.message] if result.message else lines)
