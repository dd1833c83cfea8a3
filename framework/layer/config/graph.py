"""The dependency graph of layers: ordering, waves, cycles, and its text forms."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from layer.config.model import Tree
from layer.errors import GraphError


@dataclass(frozen=True)
class LayerGraph:
    """Edges point from a dependency to the layer that needs it."""

    graph: nx.DiGraph

    @property
    def nodes(self) -> list[str]:
        return sorted(self.graph.nodes)

    def dependencies(self, ident: str) -> list[str]:
        return sorted(self.graph.predecessors(ident))

    def dependents(self, ident: str) -> list[str]:
        return sorted(self.graph.successors(ident))

    def descendants(self, ident: str) -> set[str]:
        return set(nx.descendants(self.graph, ident))

    def waves(self, reverse: bool = False) -> list[list[str]]:
        """Groups that can run together, in order; reversed for destroy."""
        waves = [sorted(w) for w in nx.topological_generations(self.graph)]
        return list(reversed(waves)) if reverse else waves

    def order(self, reverse: bool = False) -> list[str]:
        return [n for wave in self.waves(reverse) for n in wave]

    def subgraph(self, nodes: Iterable[str]) -> LayerGraph:
        return LayerGraph(self.graph.subgraph(nodes).copy())


def build_graph(tree: Tree) -> LayerGraph:
    graph = nx.DiGraph()
    for ident, layer in tree.layers.items():
        graph.add_node(ident)
        for dep in layer.dependencies:
            if dep.layer_id == ident:
                raise GraphError(f"layer {ident} depends on itself", dep.location, "remove the dependency")
            graph.add_edge(dep.layer_id, ident)
    if nx.is_directed_acyclic_graph(graph):  # linear time; find_cycle only when there is one
        return LayerGraph(graph)
    cycle = nx.find_cycle(graph)
    path = [edge[0] for edge in cycle] + [cycle[0][0]]
    # Report the cycle where it is declared: the dependency entry that closes it.
    closing_from, closing_to = cycle[-1][0], cycle[-1][1]
    location = next((d.location for d in tree.layers[closing_to].dependencies if d.layer_id == closing_from), None)
    raise GraphError(
        "dependency cycle: " + " -> ".join(path),
        location,
        "a layer may not depend, directly or through others, on a layer that depends on it; "
        "remove one of these dependencies",
    )


def to_text(lg: LayerGraph) -> str:
    lines = []
    for i, wave in enumerate(lg.waves(), start=1):
        lines.append(f"wave {i}:")
        for ident in wave:
            deps = lg.dependencies(ident)
            lines.append(f"  {ident}" + (f"  <- {', '.join(deps)}" if deps else ""))
    return "\n".join(lines)


def to_dot(lg: LayerGraph) -> str:
    lines = ["digraph layers {", "  rankdir=LR;"]
    lines += [f'  "{n}";' for n in lg.nodes]
    lines += [f'  "{a}" -> "{b}";' for a, b in sorted(lg.graph.edges)]
    lines.append("}")
    return "\n".join(lines)


def _mermaid_id(ident: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in ident)


def to_mermaid(lg: LayerGraph) -> str:
    lines = ["flowchart LR"]
    lines += [f'  {_mermaid_id(n)}["{n}"]' for n in lg.nodes]
    lines += [f"  {_mermaid_id(a)} --> {_mermaid_id(b)}" for a, b in sorted(lg.graph.edges)]
    return "\n".join(lines)


def to_json(lg: LayerGraph) -> str:
    payload = {
        "layers": [{"id": n, "dependencies": lg.dependencies(n)} for n in lg.nodes],
        "waves": lg.waves(),
    }
    return json.dumps(payload, indent=2)


FORMATS = {"text": to_text, "dot": to_dot, "mermaid": to_mermaid, "json": to_json}
