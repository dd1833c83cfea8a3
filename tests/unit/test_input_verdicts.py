"""The module-input check keeps one verdict per (variable, value, the other inputs its conditions name) for
as long as the module's spec lives (issue 20): layers that share a value share its verdict, and nothing a
verdict depends on can be left out of its key."""

from __future__ import annotations

from pathlib import Path

from layer.config.inputs import check_inputs, value_key
from layer.config.loader import load_tree
from layer.errors import InputError, MultipleErrors
from layer.interface.spec import load_module
from layer.interface.types import ListType, MapType, ObjectAttribute, ObjectType, _has_any, parse_type
from tests.conftest import TreeMaker, layer_yaml

MODULE = """
variable "name" {
  type = string
  validation {
    condition     = length(var.name) <= var.limit
    error_message = "name is longer than ${var.limit}."
  }
}
variable "limit" {
  type    = number
  default = 5
}
variable "size" {
  type = number
  validation {
    condition     = var.size < 10
    error_message = "size must be below 10."
  }
}
variable "flag" {
  type    = any
  default = null
  validation {
    condition     = var.flag != true
    error_message = "flag must not be true."
  }
}
variable "port" {
  type    = any
  default = null
  validation {
    condition     = var.port == null || var.port != 443
    error_message = "port 443 is taken."
  }
}
"""


def _errors(live: Path) -> list[InputError]:
    try:
        check_inputs(load_tree(live).layers.values())
    except MultipleErrors as many:
        return many.errors  # type: ignore[return-value]
    except InputError as one:
        return [one]
    return []


def _tree(make_tree: TreeMaker, tmp_path: Path, layers: dict[str, str]) -> Path:
    (tmp_path / "modules/v").mkdir(parents=True, exist_ok=True)
    (tmp_path / "modules/v/main.tf").write_text(MODULE)
    return make_tree({f"{name}/layer.yaml": layer_yaml("../../modules/v", inputs) for name, inputs in layers.items()})


def test_same_value_different_other_input_gets_its_own_verdict(make_tree: TreeMaker, tmp_path: Path) -> None:
    """`name` is validated against `limit`: the same name passes with one limit and fails with another."""
    live = _tree(
        make_tree,
        tmp_path,
        {
            "a": "name: abcdefg\nlimit: 10\nsize: 1",
            "b": "name: abcdefg\nlimit: 3\nsize: 1",
            "c": "name: abcdefg\nsize: 1",
        },
    )
    failed = sorted((e.location.path.parent.name, e.message) for e in _errors(live) if e.location and e.location.path)
    assert failed == [("b", "input name: name is longer than 3."), ("c", "input name: name is longer than 5.")]


def test_values_equal_in_python_but_not_in_type_are_told_apart(make_tree: TreeMaker, tmp_path: Path) -> None:
    """1 == 1.0 == true in Python; as inputs they are different values with different verdicts."""
    live = _tree(
        make_tree,
        tmp_path,
        {"a": "name: a\nsize: 1\nflag: 1", "b": "name: a\nsize: 1\nflag: true", "c": "name: a\nsize: 1\nflag: 1.0"},
    )
    failed = [(e.location.path.parent.name, e.message) for e in _errors(live) if e.location and e.location.path]
    assert failed == [("b", "input flag: flag must not be true.")]


def test_a_reference_is_keyed_by_its_mock_output(make_tree: TreeMaker, tmp_path: Path) -> None:
    """The same reference text stands for different mock outputs in two layers: one passes, one fails."""
    (tmp_path / "modules/v").mkdir(parents=True, exist_ok=True)
    (tmp_path / "modules/v/main.tf").write_text(MODULE)
    inputs = "name: a\nsize: ${dependency.net.outputs.port}"
    live = make_tree(
        {
            "net/layer.yaml": layer_yaml(),
            "a/layer.yaml": layer_yaml("../../modules/v", inputs)
            + "dependencies:\n  net:\n    path: ../net\n    mock_outputs: {port: 80}\n",
            "b/layer.yaml": layer_yaml("../../modules/v", inputs)
            + "dependencies:\n  net:\n    path: ../net\n    mock_outputs: {port: [443]}\n",
        }
    )
    failed = [(e.location.path.parent.name, e.message) for e in _errors(live) if e.location and e.location.path]
    assert len(failed) == 1 and failed[0][0] == "b" and "expected number, got list" in failed[0][1]


def test_shared_verdict_errors_name_each_layers_own_file_and_line(make_tree: TreeMaker, tmp_path: Path) -> None:
    live = _tree(make_tree, tmp_path, {"a": "name: a\nsize: 12", "b": "name: b\n\n\nsize: 12"})
    found = sorted(
        (e.location.path.parent.name, e.location.line) for e in _errors(live) if e.location and e.location.path
    )
    assert found == [("a", 4), ("b", 6)]


def test_verdicts_are_computed_once_per_distinct_value(make_tree: TreeMaker, tmp_path: Path) -> None:
    layers = {f"l{i}": f"name: n{i % 2}\nsize: 3" for i in range(6)}
    live = _tree(make_tree, tmp_path, layers)
    assert _errors(live) == []
    spec = load_module(tmp_path / "modules/v")
    kept = [key for key in spec.verdicts if isinstance(key, tuple) and key[0] in ("name", "size")]
    assert len(kept) == 3  # name n0, name n1 (with the default limit), size 3


def test_value_key_tells_types_and_str_subclasses_apart() -> None:
    from layer.config.resolve import Literal

    assert value_key(1) != value_key(True) != value_key(1.0)
    assert value_key({"a": [1, "x"]}) == value_key({"a": [1, "x"]})
    assert value_key(Literal("x")) is None  # not keyed: checked every time


def test_has_any_answers_by_the_constraint_itself() -> None:
    """Issue 19: the memo lives on the (immutable) constraint, not in an id()-keyed table, and a constraint
    holding an unhashable default still works."""
    assert _has_any(parse_type("map(list(any))")) is True
    assert _has_any(parse_type("map(list(string))")) is False
    with_default = ObjectType((ObjectAttribute("tags", MapType(parse_type("any")), True, {"a": "b"}, True),))
    assert _has_any(ListType(with_default)) is True
    assert _has_any(ObjectType((ObjectAttribute("n", parse_type("string"), True, {"a": 1}, True),))) is False
    assert ListType(parse_type("string")) == ListType(parse_type("string"))  # equality ignores the memo
