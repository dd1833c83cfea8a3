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
    for a, b in graph.graph.edges:
        assert position[a] < position[b], f"{a} must run before {b}"
    reverse = graph.order(reverse=True)
    rpos = {n: i for i, n in enumerate(reverse)}
    for a, b in graph.graph.edges:
        assert rpos[b] < rpos[a], f"destroy {b} before {a}"
    assert graph.waves(reverse=True) == list(reversed(graph.waves()))
    for wave in graph.waves():
        for a in wave:
            for b in wave:
                assert not graph.graph.has_edge(a, b), "a wave holds only independent layers"
