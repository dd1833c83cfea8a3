"""What a command will run, and in which order. Plain data; nothing runs here."""

from __future__ import annotations

from dataclasses import dataclass

from layer.config.graph import LayerGraph
from layer.config.model import Tree
from layer.errors import GraphError

COMMANDS = ("init", "validate", "plan", "apply", "destroy", "output")
MUTATING = ("apply", "destroy")


def run_order(graph: LayerGraph, reverse: bool = False) -> list[str]:
    """The apply order; destroy is its exact mirror (the waves reversed, and each wave too)."""
    order = graph.order()
    return list(reversed(order)) if reverse else order


def run_waves(graph: LayerGraph, reverse: bool = False) -> list[list[str]]:
    waves = graph.waves()
    return [list(reversed(wave)) for wave in reversed(waves)] if reverse else waves


@dataclass(frozen=True)
class RunPlan:
    command: str
    tree: Tree
    graph: LayerGraph  # only the layers that run
    disabled: dict[str, str]  # layer id -> reason
    bootstrap: tuple[str, ...] = ()  # state-backend layers: run by `layer bootstrap`, never by run-all

    @property
    def reverse(self) -> bool:
        return self.command == "destroy"

    @property
    def order(self) -> list[str]:
        """Apply order; destroy runs its exact mirror."""
        return run_order(self.graph, self.reverse)

    @property
    def waves(self) -> list[list[str]]:
        return run_waves(self.graph, self.reverse)


def make_plan(command: str, tree: Tree, graph: LayerGraph) -> RunPlan:
    disabled = {
        ident: str(tree.layers[ident].config.get("disabled_reason", "disabled by configuration"))
        for ident in tree.selected
        if not tree.layers[ident].enabled
    }
    bootstrap = tuple(i for i in tree.selected if i not in disabled and tree.layers[i].is_bootstrap)
    running = [ident for ident in tree.selected if ident not in disabled and ident not in bootstrap]
    if command != "destroy":
        for ident in running:
            for dep in tree.layers[ident].dependencies:
                target = tree.layers.get(dep.layer_id)
                if target is not None and not target.enabled:
                    raise GraphError(
                        f"layer {ident} depends on {dep.layer_id}, which is disabled here "
                        f"({target.config.get('disabled_reason', 'enabled: false')})",
                        dep.location,
                        "disable this layer too, or enable the dependency",
                    )
    return RunPlan(command, tree, graph.subgraph(running), disabled, bootstrap)
