"""The fast paths of issue 9 answer exactly as the slow ones they stand in for.

- the compiled schema check (schema.is_valid) agrees with jsonschema;
- the index from the `module`/`dependencies` scanner (quick_index) equals the one from the loaded tree,
  and anything the scanner is not sure of goes to the full loader (errors with file and line as before);
- LayerGraph built without networkx orders, waves and walks like the networkx one;
- atlantis' direct YAML writer writes what yaml.dump writes;
- the YAML reader's tag cache reads what yaml.safe_load reads.
"""

from __future__ import annotations

import copy
import gc
import json
import random
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import yaml
from bench.treegen import TreeSpec, generate

from layer import atlantis
from layer.config import schema
from layer.config.graph import LayerGraph
from layer.config.loader import load_tree
from layer.config.reader import read_yaml
from layer.config.structure import scan_keys
from layer.config.tree import find_root, gc_paused
from layer.errors import GraphError, MultipleErrors, SchemaError
from layer.index import build_index, load_index, quick_index
from tests.conftest import TreeMaker, layer_yaml

VALID_LAYER: dict[str, Any] = {
    "module": "../../modules/m",
    "organisation": "acme",
    "environment": "prod",
    "account_id": "123456789012",
    "region": "ap-northeast-2",
    "tags": {"Owner": "platform", "CostCenter": "cc-1"},
    "backend": {"bucket": "acme-state", "region": "ap-northeast-2", "encrypt": True, "max_retries": 3},
    "provider": {"assume_role": {"role_arn": "arn:aws:iam::123456789012:role/x"}, "allowed_account_ids": ["1" * 12]},
    "terraform": {"required_version": ">= 1.9", "lock_timeout": "5m", "extra_args": {"plan": ["-refresh=false"]}},
    "env": {"AWS_PROFILE": "x"},
    "dependencies": {"net": "../net", "kms": {"path": "../kms", "mock_outputs": {"id": "k"}}},
    "inputs": {"name": "x", "size": 2},
    "enabled": True,
    "bootstrap": False,
}

ODD_VALUES: list[Any] = [None, True, False, 0, -1, 1.5, 2.0, "", "x", "aws:x", "a" * 300, [], ["x"], [1], {}, {"a": 1}]


def _mutations(data: Any, rng: random.Random, count: int) -> list[Any]:
    """Copies of `data` with one value somewhere replaced by an odd one, or a key added or removed."""
    found = []
    for _ in range(count):
        mutated = copy.deepcopy(data)
        node = mutated
        while True:
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            if not keys:
                break
            key = rng.choice(keys)
            if isinstance(node[key], dict | list) and node[key] and rng.random() < 0.6:
                node = node[key]
                continue
            action = rng.random()
            if action < 0.7:
                node[key] = rng.choice(ODD_VALUES)
            elif isinstance(node, dict) and action < 0.85:
                del node[key]
            elif isinstance(node, dict):
                node[rng.choice(["zz", "aws:tag", "Path", "path", "mock_outputs", "bucket", "x" * 130])] = rng.choice(
                    ODD_VALUES
                )
            break
        found.append(mutated)
    return found


@pytest.mark.parametrize("kind", schema.KINDS)
def test_compiled_check_agrees_with_jsonschema(kind: str) -> None:
    rng = random.Random(9)
    allowed = schema.schema_of(kind).get("properties", {})
    base = {k: v for k, v in VALID_LAYER.items() if kind != "defaults" or k in allowed}
    if kind == "defaults":
        base["root"] = True
    assert schema.validator(kind).is_valid(base)
    samples = [base, {}, [], "x", *_mutations(base, rng, 3000)]
    check = schema.is_valid(kind)
    full = schema.validator(kind)
    disagree = [s for s in samples if check(s) != full.is_valid(s)]
    assert not disagree, json.dumps(disagree[:3], default=str)
    assert sum(map(check, samples)) > 50, "some mutations stay valid: both answers are exercised"


def test_a_valid_layer_skips_jsonschema_and_an_invalid_one_is_still_explained(make_tree: TreeMaker) -> None:
    assert schema.validate_layer(VALID_LAYER, {}, None) == []
    bad = {**VALID_LAYER, "region": "Mars"}
    errors = schema.validate_layer(bad, {}, Path("layer.yaml"))
    assert [e.message for e in errors] == ["region: 'Mars' does not match the pattern ^[a-z]{2}(-[a-z]+)+-[0-9]$"]


# --------------------------------------------------------------------------------------------------
# The index without loading the tree


def _equal_indexes(start: Path) -> None:
    quick = quick_index(find_root(start))
    assert quick is not None, "the scanner reads this tree"
    assert quick.entries == build_index(start).entries


def test_quick_index_equals_the_loaded_one_on_a_generated_tree(tmp_path: Path) -> None:
    tree = generate(tmp_path, TreeSpec(120))
    _equal_indexes(tree.live)


def test_quick_index_reads_the_forms_layers_are_written_in(make_tree: TreeMaker) -> None:
    module = "module: ../../../modules/m\n"
    live = make_tree(
        {
            "env/_defaults.yaml": "inputs:\n  size: 2\n",
            "env/net/layer.yaml": module + "inputs:\n  name: net\ndependencies:\n",  # null: none
            "env/app/layer.yaml": "# comment\n"
            + module
            + "inputs:\n  name: app # trailing\n  settings: {enabled: true}\n",
            "env/db/layer.yaml": module + "dependencies:\n  app: '../app'   # quoted\n  kms:\n    path: ../kms\n"
            "    mock_outputs:\n      id: x\n\n      more: [1, 2]\n  net: ../net\ninputs: {name: db}\n",
            "env/kms/layer.yaml": layer_yaml("../../../modules/m", deps="net:\n  path: ../net\n"),
        }
    )
    _equal_indexes(live)
    index = quick_index(live)
    assert index is not None
    assert index.entries["env/db"].dependencies == ("env/app", "env/kms", "env/net")
    assert index.entries["env/net"].dependencies == ()


@pytest.mark.parametrize(
    "files",
    [
        {
            "_x/_defaults.yaml": "",
            "env/_defaults.yaml": "module: ../../modules/m\n",
            "env/a/layer.yaml": "inputs: {}\n",
        },
        {"a/layer.yaml": "module: ../../modules/${env:NOPE:-m}\ninputs:\n  name: a\n"},
        {"a/layer.yaml": "module: ../../modules/none\ninputs:\n  name: a\n"},
    ],
)
def test_what_the_scanner_does_not_judge_goes_to_the_loader(make_tree: TreeMaker, files: dict[str, str]) -> None:
    assert quick_index(make_tree(files)) is None


@pytest.mark.parametrize(
    "text",
    [
        "module: ../m\ndependencies: {a: ../a}\n",  # flow mapping
        "module: &m ../m\n",  # anchor
        "'module': ../m\n",  # quoted key
        "module: ../m\nmodule: ../n\n",  # duplicate
        "module:\n  ../m\n",  # value on the next line
        "module: ../m\ndependencies:\n  a: ../a\n    continued\n",
        "module: ../m\ndependencies:\n  a:\n    mock_outputs: {}\n",  # no path
        "module: ../m\ndependencies:\n\t a: ../a\n",  # tab
        "---\nmodule: ../m\n",  # document marker
        "  module: ../m\n",  # indented document
        "module: 12\n",  # not a string
        "module: ../m\ninputs: 'unclosed\n  more'\n",  # a value over several lines
        "module: ../m\npromotion:\n  repository: x\n",
    ],
)
def test_the_scanner_refuses_what_it_does_not_read(text: str, tmp_path: Path) -> None:
    assert scan_keys(text, tmp_path / "layer.yaml") is None


def test_scanner_reads_lines_and_paths(tmp_path: Path) -> None:
    path = tmp_path / "layer.yaml"
    found = scan_keys('# c\nmodule: ../m # x\ndependencies:\n  # note\n  a: ../a\n  b:\n    path: "../b"\n', path)
    assert found is not None
    data, prov = found
    assert data == {"module": "../m", "dependencies": {"a": "../a", "b": {"path": "../b"}}}
    assert prov[("module",)].line == 2 and prov[("dependencies", "b")].line == 6


def test_a_tree_the_scanner_is_unsure_of_is_loaded_and_its_errors_reported(make_tree: TreeMaker) -> None:
    live = make_tree(
        {
            "a/layer.yaml": layer_yaml(),
            "b/layer.yaml": layer_yaml(deps="a: ../nowhere"),
        }
    )
    assert quick_index(live) is None
    with pytest.raises((GraphError, MultipleErrors)) as caught:
        load_index(live)
    assert "b/layer.yaml" in str(caught.value.location if isinstance(caught.value, GraphError) else caught.value)


def test_a_cycle_goes_to_the_loader(make_tree: TreeMaker) -> None:
    live = make_tree({"a/layer.yaml": layer_yaml(deps="b: ../b"), "b/layer.yaml": layer_yaml(deps="a: ../a")})
    assert quick_index(live) is None
    with pytest.raises(GraphError, match="dependency cycle"):
        load_index(live)


def test_the_cache_written_from_the_quick_index_is_read_back(tmp_path: Path) -> None:
    tree = generate(tmp_path, TreeSpec(30))
    first = load_index(tree.live)
    cache = next((tmp_path / ".layer").glob("index-*.json"))
    stamp = cache.stat().st_mtime_ns
    assert load_index(tree.live).entries == first.entries
    assert cache.stat().st_mtime_ns == stamp


# --------------------------------------------------------------------------------------------------
# LayerGraph without networkx


@pytest.mark.parametrize("seed", range(10))
def test_layer_graph_from_dependencies_answers_as_networkx(seed: int) -> None:
    rng = random.Random(seed)
    names = [f"l{i:02d}" for i in range(25)]
    added = [(n, [m for m in names[:i] if rng.random() < 0.15]) for i, n in enumerate(names)]
    nx_graph = nx.DiGraph()
    for node, deps in added:
        nx_graph.add_node(node)
        for dep in deps:
            nx_graph.add_edge(dep, node)
    ours, theirs = LayerGraph(dependencies=added), LayerGraph(nx_graph)
    assert ours.nodes == theirs.nodes and ours.edges() == theirs.edges()
    for reverse in (False, True):
        assert ours.waves(reverse) == theirs.waves(reverse)
    for node in names:
        assert ours.dependencies(node) == theirs.dependencies(node)
        assert ours.dependents(node) == theirs.dependents(node)
        assert ours.descendants(node) == theirs.descendants(node)
    part = names[::2]
    assert ours.subgraph(part).waves() == theirs.subgraph(part).waves()
    assert set(ours.edges()) == set(nx_graph.edges), "the same edges as networkx"


# --------------------------------------------------------------------------------------------------
# YAML written and read directly


def test_atlantis_writer_writes_what_yaml_dump_writes() -> None:
    document = {
        "version": 3,
        "flag": False,
        "projects": [
            {
                "name": name,
                "dir": f"live/{name}",
                "autoplan": {"enabled": True, "when_modified": ["../x/*.tf", "*.yaml", "layer.yaml", "true", "@a"]},
                "execution_order_group": n,
                "depends_on": ["a", "null", "1.5", "#x", "a:b"],
            }
            for n, name in enumerate(["dev/a", "yes", "on", "0x1f", "-x", "a'b", '"q"', "ü"])
        ],
    }
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    assert atlantis.dump(document) == yaml.dump(document, Dumper=dumper, sort_keys=False, width=120)
    spaced = {"projects": [{"name": "has a space"}], "empty": []}
    assert atlantis.dump(spaced) == yaml.dump(spaced, Dumper=dumper, sort_keys=False, width=120)


def test_reader_reads_what_safe_load_reads(tmp_path: Path) -> None:
    text = (
        "a: yes\nb: 'yes'\nc: 1_000\nd: 0x1f\ne: ~\nf: 2024-01-02\ng: .5\nh: '12'\ni: 1.5e3\n"
        "j: [true, 'true', null, '']\nk: {x: 1, y: '1'}\nl: !!str 12\nm: &x {p: 1}\nn: *x\n"
        "o:\n  <<: *x\n  q: 2\n"
    )
    for name in ("one.yaml", "two.yaml"):  # the second read uses the tag cache the first filled
        path = tmp_path / name
        path.write_text(text)
        assert read_yaml(path).data == {**yaml.safe_load(text), "f": "2024-01-02"}  # a date stays text


def test_gc_is_paused_inside_and_restored() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_inherited_values_are_judged_once_and_references_after_resolving(make_tree: TreeMaker) -> None:
    live = make_tree(
        {
            "env/_defaults.yaml": "account_id: ${env:LAYER_TEST_UNSET_ACCOUNT:-12}\ntags:\n  Team: a\n",
            "env/a/layer.yaml": layer_yaml("../../../modules/m"),
            "env/b/layer.yaml": layer_yaml("../../../modules/m"),
            "ok/_defaults.yaml": "tags:\n  Team: b\n",
            "ok/c/layer.yaml": layer_yaml("../../../modules/m"),
        }
    )
    with pytest.raises(SchemaError) as caught:  # once, though two layers inherit it
        load_tree(live)
    assert caught.value.message == "account_id: '12' does not match the pattern ^[0-9]{12}$"
    assert caught.value.location is not None and caught.value.location.path == live / "env/_defaults.yaml"
    assert set(load_tree(live / "ok").layers) == {"ok/c"}
