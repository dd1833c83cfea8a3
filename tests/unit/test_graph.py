from __future__ import annotations

import json
import random

import networkx as nx
import pytest

from layer.config.graph import LayerGraph, build_graph, to_dot, to_json, to_mermaid, to_text
from layer.config.loader import load_tree
from layer.errors import GraphError
from tests.conftest import TreeMaker, layer_yaml


def test_cycle_error_prints_the_path_and_where_it_closes(make_tree: TreeMaker) -> None:
    live = make_tree(
        {
            "a/layer.yaml": layer_yaml(deps="c: ../c"),
            "b/layer.yaml": layer_yaml(deps="a: ../a"),
            "c/layer.yaml": layer_yaml(deps="b: ../b"),
        }
    )
    with pytest.raises(GraphError, match="dependency cycle") as caught:
        build_graph(load_tree(live))
    message = caught.value.message
    path = message.split(": ", 1)[1].split(" -> ")
    assert path[0] == path[-1] and set(path) == {"a", "b", "c"}
    assert caught.value.location is not None
    assert caught.value.location.path is not None
    assert caught.value.location.path.name == "layer.yaml"


def test_self_dependency_is_an_error(make_tree: TreeMaker) -> None:
    live = make_tree({"a/layer.yaml": layer_yaml(deps="me: ../a")})
    with pytest.raises(GraphError, match="depends on itself"):
        build_graph(load_tree(live))


def test_formats(make_tree: TreeMaker) -> None:
    live = make_tree(
        {
            "net/layer.yaml": layer_yaml(),
            "kms/layer.yaml": layer_yaml(deps="net: ../net"),
            "app/layer.yaml": layer_yaml(deps="net: ../net\nkms: ../kms"),
        }
    )
    graph = build_graph(load_tree(live))
    payload = json.loads(to_json(graph))
    assert payload["waves"] == [["net"], ["kms"], ["app"]]
    assert {"id": "app", "dependencies": ["kms", "net"]} in payload["layers"]
    assert '"net" -> "kms";' in to_dot(graph)
    assert "net --> kms" in to_mermaid(graph)
    assert to_text(graph).splitlines()[0] == "wave 1:"


def random_dag(seed: int, size: int = 30) -> LayerGraph:
    rng = random.Random(seed)
    graph = nx.DiGraph()
    names = [f"l{i:02d}" for i in range(size)]
    graph.add_nodes_from(names)
    for i in range(size):
        for j in range(i + 1, size):
            if rng.random() < 0.12:
                graph.add_edge(names[i], names[j])
    return LayerGraph(graph)


@pytest.mark.parametrize("seed", range(25))
def test_order_respects_every_edge_and_destroy_is_exact_reverse(seed: int) -> None:
    graph = random_dag(seed)
    order = graph.order()
    position = {n: i for i, n in enumerate(order)}
    assert sorted(order) == graph.nodes
    for a, b in graph.edges():
        assert position[a] < position[b], f"{a} must run before {b}"
    reverse = graph.order(reverse=True)
    rpos = {n: i for i, n in enumerate(reverse)}
    for a, b in graph.edges():
        assert rpos[b] < rpos[a], f"destroy {b} before {a}"
    assert graph.waves(reverse=True) == list(reversed(graph.waves()))
    for wave in graph.waves():
        for a in wave:
            for b in wave:
                assert not graph.has_edge(a, b), "a wave holds only independent layers"


# --------------------------------------------------------------------------------------------------
# One implementation (graphlib), checked against networkx as the reference


@pytest.mark.parametrize("seed", range(20))
def test_graphlib_graph_answers_as_networkx(seed: int) -> None:
    rng = random.Random(seed)
    names = [f"l{i:02d}" for i in rng.sample(range(40), 40)]  # not in dependency order
    reference = nx.DiGraph()
    reference.add_nodes_from(names)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if rng.random() < 0.1:
                reference.add_edge(*((a, b) if a < b else (b, a)))  # a DAG: edges only towards larger names
    ours = LayerGraph(dependencies=[(n, list(reference.predecessors(n))) for n in names])
    assert ours.waves() == [sorted(w) for w in nx.topological_generations(reference)]
    assert ours.waves(reverse=True) == list(reversed(ours.waves()))
    for node in names:
        assert ours.descendants(node) == nx.descendants(reference, node)
        assert ours.descendants(node, reverse=True) == nx.ancestors(reference, node)
        assert ours.dependents(node) == sorted(reference.successors(node))
    part = names[::3]
    expected = [sorted(w) for w in nx.topological_generations(reference.subgraph(part))]
    assert ours.subgraph(part).waves() == expected


def test_structure_waves_number_layers_as_the_graph_does() -> None:
    from layer.config.structure import waves

    dependencies = {"net": (), "kms": (), "db": ("net", "kms"), "app": ("db", "net"), "dns": ("app",)}
    numbered = waves(dependencies)
    graph = LayerGraph(dependencies=list(dependencies.items()))
    assert numbered == {ident: n for n, wave in enumerate(graph.waves()) for ident in wave}
    assert numbered == {"net": 0, "kms": 0, "db": 1, "app": 2, "dns": 3}
    assert waves({"a": ("b",), "b": ("c",), "c": ("a",), "d": ()}) is None


def test_a_cycle_is_named_in_dependency_order_and_located_where_it_closes(make_tree: TreeMaker) -> None:
    live = make_tree(
        {
            "net/layer.yaml": layer_yaml(),
            "a/layer.yaml": layer_yaml(deps="net: ../net\nb: ../b"),
            "b/layer.yaml": layer_yaml(deps="a: ../a"),
        }
    )
    with pytest.raises(GraphError) as caught:
        build_graph(load_tree(live))
    path = caught.value.message.removeprefix("dependency cycle: ").split(" -> ")
    assert path in (["a", "b", "a"], ["b", "a", "b"])
    closing_from, closing_to = path[-2], path[-1]
    location = caught.value.location
    assert location is not None and location.path == live / closing_to / "layer.yaml"
    assert location.line is not None
    line = (live / closing_to / "layer.yaml").read_text().splitlines()[location.line - 1]
    assert line.strip().startswith(f"{closing_from}:"), line
