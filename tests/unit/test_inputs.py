from __future__ import annotations

from pathlib import Path

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


NON_NULLABLE = """
variable "name" {
  type     = string
  nullable = false
  default  = "n"
}

variable "required" {
  type     = string
  nullable = false
}

variable "rules" {
  type    = map(object({ port = number, cidrs = optional(list(string), []) }))
  default = {}
}

variable "ids" {
  type    = list(string)
  default = []
}
"""


def _module(tmp_path: Path, text: str) -> None:
    (tmp_path / "modules/n").mkdir(parents=True, exist_ok=True)
    (tmp_path / "modules/n/main.tf").write_text(text)


@pytest.mark.parametrize("ancestor_inputs", ["", "inputs:\n  required: r\n"])
def test_null_for_a_non_nullable_variable_with_a_default_is_accepted(
    make_tree: TreeMaker, tmp_path: Path, ancestor_inputs: str
) -> None:
    """Terraform uses the default; the verdict must not depend on whether an ancestor has `inputs:`."""
    _module(tmp_path, NON_NULLABLE)
    inputs = "name: null" if ancestor_inputs else "name: null\nrequired: r"
    live = make_tree(
        {"env/_defaults.yaml": ancestor_inputs or "{}\n", "env/a/layer.yaml": layer_yaml("../../../modules/n", inputs)}
    )
    assert problems(load_tree(live).layers.values()) == []


def test_null_for_a_non_nullable_variable_without_default_is_refused(make_tree: TreeMaker, tmp_path: Path) -> None:
    _module(tmp_path, NON_NULLABLE)
    live = make_tree({"a/layer.yaml": layer_yaml("../../modules/n", "required: null")})
    [err] = problems(load_tree(live).layers.values())
    assert "must not be null" in err.message
    assert err.location is not None and err.location.line == 3


def test_nested_errors_point_at_the_nested_key(make_tree: TreeMaker, tmp_path: Path) -> None:
    _module(tmp_path, NON_NULLABLE)
    inputs = (
        "required: r\nrules:\n  web:\n    port: 443\n  ssh:\n    port: 22\n    cidrs:\n      - 10.0.0.0/8\n      - [x]"
    )
    live = make_tree({"a/layer.yaml": layer_yaml("../../modules/n", inputs)})
    [err] = problems(load_tree(live).layers.values())
    assert err.location is not None
    assert (err.location.line, err.location.key) == (11, "inputs.rules.ssh.cidrs[1]")
    assert err.hint is not None and "rules.ssh.cidrs[1] must be string" in err.hint


def test_values_with_dependency_references_are_checked_around_them(make_tree: TreeMaker, tmp_path: Path) -> None:
    _module(tmp_path, NON_NULLABLE)
    inputs = (
        "required: ${dependency.net.outputs.id}\n"
        "ids: ['${dependency.net.outputs.id}', 'arn:${dependency.net.outputs.id}']\n"
        "rules:\n  web:\n    port: 'p-${dependency.net.outputs.id}'\n    cidrs: ${dependency.net.outputs.id}\n"
        "  ssh:\n    port: ${dependency.net.outputs.id}\n    cidrz: []"
    )
    live = make_tree(
        {"net/layer.yaml": layer_yaml(), "a/layer.yaml": layer_yaml("../../modules/n", inputs, deps="net: ../net")}
    )
    errs = problems(load_tree(live).layers.values())
    assert sorted((e.location.key if e.location else "") for e in errs) == [
        "inputs.rules.ssh.cidrz",  # undeclared, next to a reference
        "inputs.rules.web.port",  # "p-..." is a string that can never be a number
    ]


def test_whole_value_reference_is_checked_as_its_mock_output(make_tree: TreeMaker, tmp_path: Path) -> None:
    _module(tmp_path, NON_NULLABLE)
    live = make_tree(
        {
            "net/layer.yaml": layer_yaml(),
            "a/layer.yaml": layer_yaml("../../modules/n", "required: r\nids: ${dependency.net.outputs.id}")
            + "dependencies:\n  net:\n    path: ../net\n    mock_outputs: {id: mock-id}\n",
        }
    )
    [err] = problems(load_tree(live).layers.values())
    assert "expected list, got string (the mock output that stands for ${dependency.net.outputs.id})" in err.message


def test_hints_stay_readable_for_huge_types(make_tree: TreeMaker, tmp_path: Path) -> None:
    attributes = "\n".join(f"    attribute_{i} = optional(map(list(string)))" for i in range(500))
    _module(tmp_path, f'variable "big" {{\n  type = object({{\n{attributes}\n  }})\n}}\n')
    live = make_tree({"a/layer.yaml": layer_yaml("../../modules/n", "big:\n  attribute_1: [x]")})
    [err] = problems(load_tree(live).layers.values())
    assert err.hint is not None and len(err.render()) < 1000
    assert "attribute_1" in err.message and "and 488 more attributes" in err.hint


def test_thousands_of_problems_print_the_first_hundred_and_a_count(make_tree: TreeMaker) -> None:
    """A generated file with thousands of unknown inputs: every problem is found, the first hundred are
    printed, and the rest are counted, so the screen stays readable."""
    unknown = "".join(f"\nunknown_{i}: x" for i in range(1_500))
    live = make_tree({"a/layer.yaml": layer_yaml(inputs="name: x" + unknown)})
    errors = problems(load_tree(live).layers.values())
    assert len(errors) == 1_500
    text = MultipleErrors(list(errors)).render()
    assert text.count("error: ") == 100
    assert "... and 1400 more" in text
    assert text.endswith("1500 problem(s) found.")
