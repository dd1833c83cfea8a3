from __future__ import annotations

import pytest

from layer.config.inputs import check_inputs
from layer.config.loader import load_tree
from layer.errors import InputError, MultipleErrors
from tests.conftest import TreeMaker, layer_yaml


def problems(live_layers: object) -> list[InputError]:
    try:
        check_inputs(live_layers)  # type: ignore[arg-type]
    except MultipleErrors as many:
        return many.errors  # type: ignore[return-value]
    except InputError as one:
        return [one]
    return []


def test_valid_inputs_pass(make_tree: TreeMaker) -> None:
    live = make_tree({"a/layer.yaml": layer_yaml(inputs="name: x\nsize: '3'\nsettings:\n  enabled: true")})
    assert problems(load_tree(live).layers.values()) == []


def test_unknown_input_names_yaml_line_and_lists_variables(make_tree: TreeMaker) -> None:
    live = make_tree({"a/layer.yaml": layer_yaml(inputs="name: x\nsiez: 3")})
    [err] = problems(load_tree(live).layers.values())
    assert "unknown input 'siez'" in err.message
    assert err.location is not None and err.location.line == 4 and err.location.key == "inputs.siez"
    assert err.hint is not None and "name, settings, size" in err.hint


def test_missing_required_input(make_tree: TreeMaker) -> None:
    live = make_tree({"a/layer.yaml": layer_yaml(inputs="size: 2")})
    [err] = problems(load_tree(live).layers.values())
    assert "missing required input 'name'" in err.message
    assert err.hint is not None and "main.tf:2" in err.hint


@pytest.mark.parametrize(
    ("inputs", "fragment"),
    [
        ("name: x\nsize: big", "size"),
        ("name: [1, 2]", "name"),
        ("name: x\nsettings:\n  enabled: true\n  colour: red", "colour"),
        ("name: x\nsettings:\n  tags: {}", "enabled"),
    ],
)
def test_wrong_type_names_yaml_line_and_variable(make_tree: TreeMaker, inputs: str, fragment: str) -> None:
    live = make_tree({"a/layer.yaml": layer_yaml(inputs=inputs)})
    errs = problems(load_tree(live).layers.values())
    assert errs, "a mistyped input must be an error"
    err = errs[0]
    assert fragment in err.message
    assert err.location is not None and err.location.path is not None
    assert err.location.path.name == "layer.yaml"
    assert err.hint is not None and "declared at" in err.hint and "main.tf" in err.hint


def test_dependency_references_are_not_type_checked_before_outputs_exist(make_tree: TreeMaker) -> None:
    live = make_tree(
        {
            "net/layer.yaml": layer_yaml(),
            "a/layer.yaml": layer_yaml(inputs="name: x\nsize: ${dependency.net.outputs.id}", deps="net: ../net"),
        }
    )
    assert problems(load_tree(live).layers.values()) == []


def test_inherited_input_error_points_at_the_inheriting_file(make_tree: TreeMaker) -> None:
    live = make_tree(
        {"env/_defaults.yaml": "inputs:\n  nme: x\n", "env/a/layer.yaml": layer_yaml("../../../modules/m")}
    )
    errs = problems(load_tree(live).layers.values())
    unknown = [e for e in errs if "unknown input 'nme'" in e.message]
    assert unknown and unknown[0].location is not None
    assert unknown[0].location.path == live / "env/_defaults.yaml"
