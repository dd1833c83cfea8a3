"""The dependency graph of layers: ordering, waves, cycles, and its text forms.

One implementation (docs/adr/0019-one-graph-implementation.md): each layer's dependencies and dependents
as dicts, waves and cycles from the standard library's graphlib. `generations` is also what
config/structure.py numbers its waves with, so `layer affected`/`atlantis` and `run-all` agree.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from graphlib import CycleError, TopologicalSorter
from typing import Protocol

from layer.config.model import Tree
from layer.errors import GraphError

__all__ = ["FORMATS", "CycleError", "LayerGraph", "build_graph", "find_cycle", "generations"]


class _DirectedGraph(Protocol):
    """What LayerGraph reads from a networkx.DiGraph handed to it (tests build graphs that way)."""

    @property
    def nodes(self) -> Iterable[str]: ...

    def predecessors(self, node: str) -> Iterable[str]: ...


def generations(dependencies: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The waves: first the layers with no dependency, then those whose dependencies are all in earlier
    waves, and so on; each wave sorted. Every dependency must be a key. Raises CycleError (the cycle in
    its args[1], each node a dependency of the next) when there is none."""
    sorter = TopologicalSorter(dependencies)
    sorter.prepare()
    waves: list[list[str]] = []
    while sorter.is_active():
        wave = sorted(sorter.get_ready())
        sorter.done(*wave)
        waves.append(wave)
    return waves


def find_cycle(dependencies: Mapping[str, Iterable[str]]) -> list[str] | None:
    """A cycle as a path that ends where it starts (each layer a dependency of the next), or None."""
    try:
        TopologicalSorter(dependencies).prepare()
    except CycleError as err:
        return list(err.args[1])
    return None


class LayerGraph:
    """Edges point from a dependency to the layer that needs it.

    Made by build_graph from each layer's dependencies (`LayerGraph(dependencies=...)`), or from any
    directed graph with `nodes` and `predecessors` (a networkx.DiGraph: `LayerGraph(g)`). Immutable."""

    def __init__(
        self, graph: _DirectedGraph | None = None, *, dependencies: Iterable[tuple[str, Sequence[str]]] = ()
    ) -> None:
        if graph is not None:
            dependencies = [(node, list(graph.predecessors(node))) for node in graph.nodes]
        self._added = tuple((node, tuple(deps)) for node, deps in dependencies)  # as given: subgraph keeps it
        preds: dict[str, set[str]] = {}
        for node, deps in self._added:
            preds.setdefault(node, set())
            for dep in deps:
                preds.setdefault(dep, set())
                preds[node].add(dep)
        self._preds = preds
        self._succs: dict[str, set[str]] | None = None
        self._waves: list[list[str]] | None = None

    def _successors(self) -> dict[str, set[str]]:
        if self._succs is None:
            succs: dict[str, set[str]] = {n: set() for n in self._preds}
            for node, deps in self._preds.items():
                for dep in deps:
                    succs[dep].add(node)
            self._succs = succs
        return self._succs

    @property
    def nodes(self) -> list[str]:
        return sorted(self._preds)

    def edges(self) -> list[tuple[str, str]]:
        """(dependency, dependent) pairs, sorted."""
        return sorted((dep, node) for node, deps in self._preds.items() for dep in deps)

    def has_edge(self, dependency: str, dependent: str) -> bool:
        return dependency in self._preds.get(dependent, ())

    def dependencies(self, ident: str) -> list[str]:
        return sorted(self._known(ident, self._preds))

    def dependents(self, ident: str) -> list[str]:
        return sorted(self._known(ident, self._successors()))

    def _known(self, ident: str, links: dict[str, set[str]]) -> set[str]:
        if ident not in links:
            raise KeyError(f"{ident} is not a layer of this graph")
        return links[ident]

    def descendants(self, ident: str, reverse: bool = False) -> set[str]:
        """Every layer that depends on `ident`, directly or through others (`reverse`: that it depends on)."""
        links = self._preds if reverse else self._successors()
        found: set[str] = set()
        queue = list(self._known(ident, links))
        while queue:
            node = queue.pop()
            if node not in found:
                found.add(node)
                queue.extend(links[node])
        return found

    def waves(self, reverse: bool = False) -> list[list[str]]:
        """Groups that can run together, in order; reversed for destroy. Raises CycleError on a cycle
        (build_graph refuses one first, naming it)."""
        if self._waves is None:
            self._waves = generations(self._preds)
        waves = [list(wave) for wave in self._waves]
        return list(reversed(waves)) if reverse else waves

    def order(self, reverse: bool = False) -> list[str]:
        return [n for wave in self.waves(reverse) for n in wave]

    def subgraph(self, nodes: Iterable[str]) -> LayerGraph:
        keep = {n for n in nodes if n in self._preds}
        kept = [(n, [d for d in deps if d in keep]) for n, deps in self._added if n in keep]
        listed = {n for n, _ in kept}
        kept += [(n, []) for n in sorted(keep - listed)]  # nodes known only as someone's dependency
        return LayerGraph(dependencies=kept)


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
    try:
        graph.waves()
    except CycleError as err:
        raise _cycle_error(tree, list(err.args[1])) from None
    return graph


def _cycle_error(tree: Tree, path: list[str]) -> GraphError:
    """The cycle, reported where it is declared: the dependency entry that closes it."""
    closing_from, closing_to = path[-2], path[-1]
    location = next((d.location for d in tree.layers[closing_to].dependencies if d.layer_id == closing_from), None)
    return GraphError(
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
