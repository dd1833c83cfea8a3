"""The dependency graph of layers: ordering, waves, cycles, and its text forms."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from layer.config.model import Tree
from layer.errors import GraphError

if TYPE_CHECKING:
    import networkx as nx


class LayerGraph:
    """Edges point from a dependency to the layer that needs it.

    Made from a networkx DiGraph (`LayerGraph(g)`), or by build_graph from each layer's dependencies, in
    which case networkx is imported only when `graph` is first asked for (by the executor): importing it was
    a large share of the start-up of `layer validate`, `graph` and `atlantis`. Both answer alike."""

    def __init__(self, graph: nx.DiGraph | None = None, *, dependencies: Sequence[tuple[str, Sequence[str]]] = ()):
        self._graph = graph
        self._added = tuple((node, tuple(deps)) for node, deps in dependencies)  # the nx insertion order
        self._preds: dict[str, set[str]] | None = None
        self._succs: dict[str, set[str]] | None = None
        if graph is None:
            preds: dict[str, set[str]] = {}
            for node, deps in self._added:
                preds.setdefault(node, set())
                for dep in deps:
                    preds.setdefault(dep, set())
                    preds[node].add(dep)
            self._preds = preds

    @property
    def graph(self) -> nx.DiGraph:
        if self._graph is None:
            import networkx as nx

            graph = nx.DiGraph()
            for node, deps in self._added:
                graph.add_node(node)
                for dep in deps:
                    graph.add_edge(dep, node)
            self._graph = graph
        return self._graph

    def _successors(self) -> dict[str, set[str]]:
        assert self._preds is not None
        if self._succs is None:
            succs: dict[str, set[str]] = {n: set() for n in self._preds}
            for node, deps in self._preds.items():
                for dep in deps:
                    succs[dep].add(node)
            self._succs = succs
        return self._succs

    @property
    def nodes(self) -> list[str]:
        return sorted(self._preds if self._preds is not None else self.graph.nodes)

    def edges(self) -> list[tuple[str, str]]:
        """(dependency, dependent) pairs, sorted."""
        if self._preds is None:
            return sorted(self.graph.edges)
        return sorted((dep, node) for node, deps in self._preds.items() for dep in deps)

    def dependencies(self, ident: str) -> list[str]:
        if self._preds is None or ident not in self._preds:
            return sorted(self.graph.predecessors(ident))
        return sorted(self._preds[ident])

    def dependents(self, ident: str) -> list[str]:
        if self._preds is None or ident not in self._preds:
            return sorted(self.graph.successors(ident))
        return sorted(self._successors()[ident])

    def descendants(self, ident: str) -> set[str]:
        if self._preds is None or ident not in self._preds:
            import networkx as nx

            return set(nx.descendants(self.graph, ident))
        succs = self._successors()
        found: set[str] = set()
        queue = [ident]
        while queue:
            for child in succs[queue.pop()]:
                if child not in found:
                    found.add(child)
                    queue.append(child)
        return found

    def waves(self, reverse: bool = False) -> list[list[str]]:
        """Groups that can run together, in order; reversed for destroy."""
        if self._preds is None:
            import networkx as nx

            waves = [sorted(w) for w in nx.topological_generations(self.graph)]
        else:
            found = _generations(self._preds, self._successors())
            if found is None:
                import networkx as nx

                list(nx.topological_generations(self.graph))  # raises networkx's error for the cycle
                raise AssertionError("unreachable: a cycle")
            waves = [sorted(w) for w in found]
        return list(reversed(waves)) if reverse else waves

    def order(self, reverse: bool = False) -> list[str]:
        return [n for wave in self.waves(reverse) for n in wave]

    def subgraph(self, nodes: Iterable[str]) -> LayerGraph:
        if self._preds is None:
            return LayerGraph(self.graph.subgraph(nodes).copy())
        keep = {n for n in nodes if n in self._preds}
        kept = [(n, [d for d in deps if d in keep]) for n, deps in self._added if n in keep]
        listed = {n for n, _ in kept}
        kept += [(n, []) for n in sorted(keep - listed)]  # nodes known only as someone's dependency
        return LayerGraph(dependencies=kept)


def _generations(preds: Mapping[str, set[str]], succs: Mapping[str, set[str]]) -> list[list[str]] | None:
    """networkx.topological_generations (as sets: each wave is sorted by the caller); None on a cycle."""
    waiting = {n: len(deps) for n, deps in preds.items()}
    current = [n for n, count in waiting.items() if count == 0]
    generations = []
    done = 0
    while current:
        generations.append(current)
        done += len(current)
        following = []
        for node in current:
            for child in succs[node]:
                waiting[child] -= 1
                if waiting[child] == 0:
                    following.append(child)
        current = following
    return generations if done == len(preds) else None


def build_graph(tree: Tree) -> LayerGraph:
    added: list[tuple[str, list[str]]] = []
    for ident, layer in tree.layers.items():
        deps = []
        for dep in layer.dependencies:
            if dep.layer_id == ident:
                raise GraphError(f"layer {ident} depends on itself", dep.location, "remove the dependency")
            deps.append(dep.layer_id)
        added.append((ident, deps))
    graph = LayerGraph(dependencies=added)
    assert graph._preds is not None
    if _generations(graph._preds, graph._successors()) is not None:  # linear time; find_cycle only on a cycle
        return graph
    import networkx as nx

    cycle = nx.find_cycle(graph.graph)
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
    lines += [f'  "{a}" -> "{b}";' for a, b in lg.edges()]
    lines.append("}")
    return "\n".join(lines)


def _mermaid_id(ident: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in ident)


def to_mermaid(lg: LayerGraph) -> str:
    lines = ["flowchart LR"]
    lines += [f'  {_mermaid_id(n)}["{n}"]' for n in lg.nodes]
    lines += [f"  {_mermaid_id(a)} --> {_mermaid_id(b)}" for a, b in lg.edges()]
    return "\n".join(lines)


def to_json(lg: LayerGraph) -> str:
    payload = {
        "layers": [{"id": n, "dependencies": lg.dependencies(n)} for n in lg.nodes],
        "waves": lg.waves(),
    }
    return json.dumps(payload, indent=2)


FORMATS = {"text": to_text, "dot": to_dot, "mermaid": to_mermaid, "json": to_json}
