from __future__ import annotations

from pathlib import Path

from layer.config.merge import merge
from layer.errors import Location


def loc(name: str, line: int) -> Location:
    return Location(Path(name), line)


def test_maps_deep_merge_and_deeper_file_wins() -> None:
    base = {"tags": {"Owner": "a", "Team": "x"}, "region": "eu"}
    base_prov = {
        ("tags",): loc("a", 1),
        ("tags", "Owner"): loc("a", 2),
        ("tags", "Team"): loc("a", 3),
        ("region",): loc("a", 4),
    }
    overlay = {"tags": {"Owner": "b"}}
    overlay_prov = {("tags",): loc("b", 1), ("tags", "Owner"): loc("b", 2)}
    merged, prov = merge(base, base_prov, overlay, overlay_prov)
    assert merged == {"tags": {"Owner": "b", "Team": "x"}, "region": "eu"}
    assert prov[("tags", "Owner")] == loc("b", 2)
    assert prov[("tags", "Team")] == loc("a", 3)
    assert base == {"tags": {"Owner": "a", "Team": "x"}, "region": "eu"}, "inputs must not be mutated"


def test_lists_replace_by_default_and_provenance_follows() -> None:
    base = {"azs": ["a", "b", "c"]}
    base_prov = {("azs",): loc("a", 1), ("azs", 0): loc("a", 1), ("azs", 2): loc("a", 1)}
    merged, prov = merge(base, base_prov, {"azs": ["z"]}, {("azs",): loc("b", 5), ("azs", 0): loc("b", 5)})
    assert merged == {"azs": ["z"]}
    assert ("azs", 2) not in prov
    assert prov[("azs", 0)] == loc("b", 5)


def test_lists_append_when_strategy_says_so() -> None:
    merged, prov = merge(
        {"args": ["-a"]},
        {("args", 0): loc("a", 1)},
        {"args": ["-b"]},
        {("args", 0): loc("b", 2)},
        strategy=lambda path: "append",
    )
    assert merged == {"args": ["-a", "-b"]}
    assert prov[("args", 1)] == loc("b", 2)


def test_null_removes_an_inherited_key() -> None:
    merged, prov = merge({"a": {"b": 1}}, {("a", "b"): loc("a", 1)}, {"a": None}, {("a",): loc("b", 1)})
    assert merged == {}
    assert ("a", "b") not in prov


def test_scalar_replaces_map_and_map_replaces_scalar() -> None:
    merged, _ = merge({"x": {"y": 1}}, {}, {"x": 3}, {})
    assert merged == {"x": 3}
    merged, _ = merge({"x": 3}, {}, {"x": {"y": 1}}, {})
    assert merged == {"x": {"y": 1}}


def test_null_for_a_key_nothing_inherited_stays_a_null_whatever_the_ancestors_hold() -> None:
    """The same `inputs: {x: null}` gives the same value whether or not an ancestor has an `inputs:`
    mapping: only an inherited key is removed by null."""
    overlay = {"inputs": {"x": None, "y": 1}}
    overlay_prov = {("inputs",): loc("b", 1), ("inputs", "x"): loc("b", 2), ("inputs", "y"): loc("b", 3)}
    with_ancestor, prov = merge({"inputs": {"z": 0}}, {("inputs",): loc("a", 1)}, overlay, overlay_prov)
    without_ancestor, _ = merge({}, {}, overlay, overlay_prov)
    assert with_ancestor == {"inputs": {"x": None, "y": 1, "z": 0}}
    assert without_ancestor == {"inputs": {"x": None, "y": 1}}
    assert prov[("inputs", "x")] == loc("b", 2)
