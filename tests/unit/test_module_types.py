"""Terraform type constraints: parsing every kind, and Terraform's conversion rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from layer.errors import ConfigSyntaxError
from layer.interface.types import (
    ANY,
    BOOL,
    NUMBER,
    STRING,
    AnyType,
    ListType,
    MapType,
    ObjectAttribute,
    ObjectType,
    PrimitiveType,
    SetType,
    TupleType,
    TypeExpressionError,
    Unknown,
    check_value,
    find_problems,
    parse_type,
    short_type,
)
from tests.terraform_verdicts import TERRAFORM, Case, terraform_accepts

# --------------------------------------------------------------------------------------------------
# parse_type


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("string", STRING),
        ("number", NUMBER),
        ("bool", BOOL),
        ("any", ANY),
        ("list(string)", ListType(STRING)),
        ("set(number)", SetType(NUMBER)),
        ("map(bool)", MapType(BOOL)),
        ("map(any)", MapType(AnyType())),
        ("tuple([string, number, bool])", TupleType((STRING, NUMBER, BOOL))),
        ("tuple([])", TupleType(())),
        ("list(list(map(string)))", ListType(ListType(MapType(STRING)))),
    ],
)
def test_parse_simple_and_collection_types(expr: str, expected: object) -> None:
    assert parse_type(expr) == expected


@pytest.mark.parametrize("wrapped", ["${list(string)}", "  ${ list( string ) }  ", "${${list(string)}}"])
def test_parse_strips_python_hcl2_wrapper(wrapped: str) -> None:
    assert parse_type(wrapped) == ListType(STRING)


def test_parse_object_with_optional_and_defaults() -> None:
    constraint = parse_type(
        '${object({name = string, size = optional(number), mode = optional(string, "fast"), '
        "tags = optional(map(string), {}), ports = optional(list(number), [80, 443]), "
        "on = optional(bool, true), none = optional(string, null), neg = optional(number, -1.5)})}"
    )
    assert isinstance(constraint, ObjectType)
    assert constraint.names == ("name", "size", "mode", "tags", "ports", "on", "none", "neg")
    assert constraint.attribute("name") == ObjectAttribute("name", STRING)
    assert constraint.attribute("size") == ObjectAttribute("size", NUMBER, optional=True)
    assert constraint.attribute("mode") == ObjectAttribute(
        "mode", STRING, optional=True, default="fast", has_default=True
    )
    tags = constraint.attribute("tags")
    assert tags is not None and tags.default == {} and tags.has_default
    ports = constraint.attribute("ports")
    assert ports is not None and ports.default == [80, 443]
    on = constraint.attribute("on")
    assert on is not None and on.default is True
    none = constraint.attribute("none")
    assert none is not None and none.has_default and none.default is None
    neg = constraint.attribute("neg")
    assert neg is not None and neg.default == -1.5
    assert constraint.attribute("missing") is None


def test_parse_multiline_nested_object_as_written_in_a_tf_file() -> None:
    constraint = parse_type(
        """object({
          # a comment
          subnets = map(object({
            cidr = string
            az   = optional(string)
          }))
          "quoted-key" = tuple([string, object({ a = bool })])
          nested = optional(object({ x = optional(list(string), ["a", "b"]) }), { x = ["c"] })
        })"""
    )
    assert isinstance(constraint, ObjectType)
    subnets = constraint.attribute("subnets")
    assert subnets is not None
    assert subnets.type == MapType(
        ObjectType((ObjectAttribute("cidr", STRING), ObjectAttribute("az", STRING, optional=True)))
    )
    quoted = constraint.attribute("quoted-key")
    assert quoted is not None
    assert quoted.type == TupleType((STRING, ObjectType((ObjectAttribute("a", BOOL),))))
    nested = constraint.attribute("nested")
    assert nested is not None and nested.default == {"x": ["c"]}


def test_constraints_are_frozen_and_hashable() -> None:
    constraint = parse_type("object({a = list(string)})")
    assert hash(constraint) == hash(parse_type("object({ a = list(string) })"))
    assert isinstance(constraint, ObjectType)
    with pytest.raises(AttributeError):
        constraint.attributes = ()  # type: ignore[misc]


def test_str_renders_a_canonical_expression_that_parses_back() -> None:
    text = 'object({a = optional(string, "x|y"), "b.c" = map(list(number)), d = tuple([bool, any])})'
    constraint = parse_type(text)
    assert str(constraint) == text
    assert parse_type(str(constraint)) == constraint
    assert str(PrimitiveType("string")) == "string"


@pytest.mark.parametrize(
    "expr",
    [
        "",
        "strin",
        "list(string",
        "list()",
        "map(string, number)",
        "tuple(string)",
        "object({a string})",
        "object({a = string, a = number})",
        "optional(string)",
        "list(string) extra",
        "object({a = optional(string, var.x)})",
        "list(string$)",
    ],
)
def test_parse_rejects_invalid_expressions(expr: str) -> None:
    with pytest.raises(TypeExpressionError) as info:
        parse_type(expr)
    assert isinstance(info.value, ConfigSyntaxError)
    assert isinstance(info.value, ValueError)


# --------------------------------------------------------------------------------------------------
# check_value: primitives and Terraform's conversions


@pytest.mark.parametrize("value", ["x", "", 1, 1.5, True, False])
def test_string_accepts_strings_numbers_and_bools(value: object) -> None:
    assert check_value(value, STRING) == []


@pytest.mark.parametrize(("value", "kind"), [([1], "list"), ({"a": 1}, "object")])
def test_string_rejects_collections(value: object, kind: str) -> None:
    assert check_value(value, STRING, "name") == [f"name: expected string, got {kind}"]


@pytest.mark.parametrize("value", [0, -3, 2.5, "12", "-1.5", "+1", "1e3", ".5", "5."])
def test_number_accepts_numbers_and_decimal_strings(value: object) -> None:
    assert check_value(value, NUMBER) == []


@pytest.mark.parametrize("value", [" 12", "0x10", "1_000", "inf", "NaN", "abc", ""])
def test_number_rejects_strings_terraform_cannot_convert(value: str) -> None:
    problems = check_value(value, NUMBER, "count")
    assert len(problems) == 1 and problems[0].startswith("count: expected number, got string")


def test_number_rejects_bool() -> None:
    assert check_value(True, NUMBER, "n") == ["n: expected number, got bool"]


@pytest.mark.parametrize("value", [True, False, "true", "false", "1", "0"])
def test_bool_accepts_bools_and_terraform_strings(value: object) -> None:
    assert check_value(value, BOOL) == []


def test_bool_rejects_capitalised_strings_with_a_hint() -> None:
    assert check_value("True", BOOL, "enabled") == [
        'enabled: expected bool, got string "True" (use lowercase "true" or "false")'
    ]


@pytest.mark.parametrize("value", [1, 0, "yes", [True]])
def test_bool_rejects_numbers_and_other_strings(value: object) -> None:
    assert len(check_value(value, BOOL, "b")) == 1


def test_any_accepts_everything() -> None:
    for value in ("x", 1, True, None, [1, "a"], {"a": [1]}):
        assert check_value(value, ANY) == []


# --------------------------------------------------------------------------------------------------
# null


def test_null_is_valid_anywhere_by_default() -> None:
    constraint = parse_type("object({a = string, b = list(number), c = map(bool)})")
    assert check_value(None, constraint) == []
    assert check_value({"a": None, "b": [1, None], "c": {"x": None}}, constraint) == []


def test_null_rejected_at_top_level_when_not_nullable() -> None:
    assert check_value(None, STRING, "name", nullable=False) == ["name: must not be null"]
    # nullable=False applies to the variable itself, not to what is inside it
    assert check_value(["a", None], ListType(STRING), "l", nullable=False) == []


# --------------------------------------------------------------------------------------------------
# collections


def test_list_and_set_check_each_element_with_its_index() -> None:
    assert check_value(["a", 1, True], ListType(STRING)) == []
    assert check_value(("a", "b"), SetType(STRING)) == []
    assert check_value({"a", "b"}, SetType(STRING)) == []
    assert check_value(["1", "x", 3], ListType(NUMBER), "ports") == ['ports[1]: expected number, got string "x"']
    assert check_value("a", ListType(STRING), "l") == ["l: expected list, got string"]
    assert check_value({"a": 1}, SetType(STRING), "s") == ["s: expected set, got object"]


def test_map_checks_each_value_with_its_key() -> None:
    assert check_value({"a": "1", "b": 2}, MapType(NUMBER)) == []
    assert check_value({"a": [1]}, MapType(STRING), "tags") == ["tags.a: expected string, got list"]
    assert check_value({"10.0.0.0/16": [1]}, MapType(STRING), "cidrs") == [
        'cidrs["10.0.0.0/16"]: expected string, got list'
    ]
    assert check_value(["a"], MapType(STRING), "m") == ["m: expected map, got list"]


def test_tuple_needs_the_exact_length_and_element_types() -> None:
    constraint = TupleType((STRING, NUMBER))
    assert check_value(["a", "1"], constraint) == []
    assert check_value(["a"], constraint, "t") == ["t: expected a tuple of 2 elements, got 1"]
    assert check_value(["a", "b"], constraint, "t") == ['t[1]: expected number, got string "b"']
    assert check_value({"a": 1}, constraint, "t") == ["t: expected tuple, got object"]


# --------------------------------------------------------------------------------------------------
# objects


SUBNETS = parse_type("map(object({cidr = string, az = optional(string), public = optional(bool, false)}))")


def test_object_accepts_declared_attributes_and_omitted_optionals() -> None:
    assert check_value({"a": {"cidr": "10.0.0.0/24"}}, SUBNETS) == []
    assert check_value({"a": {"cidr": "10.0.0.0/24", "az": "x", "public": "true"}}, SUBNETS) == []


def test_object_error_names_the_path_inside_the_value() -> None:
    assert check_value({"a": {"cidr": ["10.0.0.0/24"]}}, SUBNETS, "subnets") == [
        "subnets.a.cidr: expected string, got list"
    ]


def test_object_missing_required_attribute() -> None:
    assert check_value({"a": {"az": "x"}}, SUBNETS, "subnets") == ['subnets.a: missing required attribute "cidr"']


def test_object_attribute_present_but_null_is_not_missing() -> None:
    assert check_value({"a": {"cidr": None}}, SUBNETS) == []


def test_object_undeclared_attribute_is_named_with_a_suggestion() -> None:
    problems = check_value({"a": {"cdir": "10.0.0.0/24"}}, SUBNETS, "subnets")
    assert problems == [
        'subnets.a.cdir: attribute not declared in the type (allowed: cidr, az, public); did you mean "cidr"?',
        'subnets.a: missing required attribute "cidr"',
    ]


def test_object_rejects_non_mappings() -> None:
    assert check_value("x", parse_type("object({a = string})"), "o") == ["o: expected object, got string"]


def test_every_problem_is_reported() -> None:
    constraint = parse_type("object({a = number, b = list(string), c = object({d = bool})})")
    problems = check_value({"a": "x", "b": [[1]], "c": {"d": "maybe"}, "e": 1}, constraint, "v")
    assert len(problems) == 4
    assert 'v.a: expected number, got string "x"' in problems
    assert "v.b[0]: expected string, got list" in problems
    assert 'v.c.d: expected bool, got string "maybe"' in problems
    assert any(p.startswith("v.e: attribute not declared") for p in problems)


def test_message_without_path_has_no_prefix() -> None:
    assert check_value([1], STRING) == ["expected string, got list"]


# --------------------------------------------------------------------------------------------------
# collections of `any`: Terraform converts the elements to ONE type (verdicts of Terraform 1.11.4)

ANY_COLLECTIONS: list[tuple[str, object, bool]] = [
    ("list(any)", [{"a": 1}, {"b": 2}], True),  # objects with other attributes unify as maps
    ("list(any)", [1, "a", True], True),  # primitives unify to string
    ("list(any)", [{"a": 1}, "s"], False),
    ("list(any)", [1, [2]], False),
    ("list(any)", [[1], ["a"]], True),
    ("list(any)", [{"a": 1}, {"a": "x"}], True),
    ("list(any)", [{"a": 1}, {"a": [1]}], False),
    ("list(any)", [1, None], True),
    ("list(any)", [{"a": 1, "b": "q"}, {"c": True}], True),
    ("map(any)", {"a": {"x": 1}, "b": "s"}, False),
    ("map(map(any))", {"a": {"x": 1, "y": [1]}}, False),
    ("map(any)", {"a": 1, "b": "s"}, True),
    ("set(any)", [1, "1"], True),
    ("list(any)", [True, 1], False),  # a bool and a number: neither converts to the other
    ("list(any)", [[1], [1, 2]], True),  # tuples of other lengths unify as lists
    ("list(object({a=any}))", [{"a": 1}, {"a": "x"}], True),
    ("list(object({a=any}))", [{"a": 1}, {"a": [1]}], False),
    ("list(any)", [{"a": 1}, {"a": 1, "b": [1]}], False),
    ("list(any)", [[], [1]], True),
    ("list(any)", [{}, {"a": 1}], True),
    ("list(any)", [None, {"a": 1}], False),  # null next to an object, in a list
    ("map(any)", {"a": None, "b": {"x": 1}}, True),  # ... but not in a map
    ("map(list(any))", {"a": [1, "x"], "b": [True]}, True),
    ("list(any)", [["a"], {"b": 1}], False),
    ("list(any)", [["a"], [[1]]], False),
    ("map(any)", {"a": [1], "b": {"c": 1}}, False),
    ("map(any)", {"a": {"x": {"y": 1}}, "b": {"x": {"z": "q"}}}, True),
    ("map(any)", {"a": {"x": {"y": 1}}, "b": {"x": "s"}}, False),
    ("map(any)", {"a": [1, 2], "b": [True]}, False),
    ("list(map(any))", [{"a": 1}, {"b": [1]}], False),
    ("map(any)", {"a": True, "b": 2}, False),
    ("set(any)", [{"a": 1}, {"a": 2, "b": 3}], True),
    ("list(list(any))", [[1], ["x", {"a": 1}]], False),
    ("object({a=list(any), b=any})", {"a": [1, {}], "b": [1, {}]}, False),
    ("list(any)", [None, None], True),
    ("list(any)", [[None], [1]], True),
]


@pytest.mark.parametrize(("type_expr", "value", "accepted"), ANY_COLLECTIONS)
def test_collections_of_any_unify_like_terraform(type_expr: str, value: object, accepted: bool) -> None:
    problems = check_value(value, parse_type(type_expr), "x")
    assert (problems == []) is accepted, problems
    if not accepted:
        assert "elements must have the same type" in problems[0]


def test_unification_problem_names_the_inner_collection() -> None:
    [problem] = check_value({"a": {"x": 1, "y": [1]}}, parse_type("map(map(any))"), "tags")
    assert problem.startswith("tags.a: all map elements must have the same type")
    assert "found: list, number" in problem


@pytest.mark.terraform
@pytest.mark.skipif(TERRAFORM is None, reason="needs terraform")
def test_unification_verdicts_are_terraforms(tmp_path: Path) -> None:
    """The table above, decided again by real Terraform in one plan."""
    cases = [Case(type_expr, value) for type_expr, value, _ in ANY_COLLECTIONS]
    assert terraform_accepts(cases, tmp_path) == [accepted for _, _, accepted in ANY_COLLECTIONS]


# --------------------------------------------------------------------------------------------------
# problems carry the key path; long types are summarised


def test_problem_path_is_a_key_path_with_the_expected_type() -> None:
    constraint = parse_type("map(object({ports = list(number)}))")
    [problem] = find_problems({"web": {"ports": [80, "x"]}}, constraint)
    assert problem.path == ("web", "ports", 1)
    assert problem.expected == NUMBER


def test_huge_object_types_are_summarised() -> None:
    attributes = ", ".join(f"attribute_{i} = optional(map(list(string)))" for i in range(420))
    constraint = parse_type(f"map(object({{{attributes}}}))")
    assert len(str(constraint)) > 18_000
    shown = short_type(constraint)
    assert len(shown) <= 400 and shown.startswith("map(object({attribute_0, attribute_1")
    assert "and 408 more attributes" in shown
    [problem] = check_value({"a": {"atribute_1": []}}, constraint, "v")
    assert len(problem) < 600 and 'did you mean "attribute_1"' in problem


def test_null_for_a_non_nullable_variable_with_a_default_is_the_default() -> None:
    assert find_problems(None, STRING, nullable=False, has_default=True) == []
    [problem] = find_problems(None, STRING, nullable=False, has_default=False)
    assert "must not be null" in problem.message


def test_a_dependency_reference_is_unknown_but_an_interpolated_one_is_a_string() -> None:
    assert check_value(Unknown("any", "${dependency.a.outputs.b}"), parse_type("list(string)")) == []
    assert check_value(Unknown("string", "-${dependency.a.outputs.b}"), NUMBER) == []
    [problem] = check_value(Unknown("string", "x-${dependency.a.outputs.b}"), parse_type("list(string)"), "l")
    assert problem.startswith("l: expected list, got a string")
    assert check_value(Unknown("string", "1${dependency.a.outputs.b}"), NUMBER) == []
    assert check_value(Unknown("string", "p-${dependency.a.outputs.b}"), NUMBER, "n") == [
        'n: expected number, got string "p-${dependency.a.outputs.b}"'
    ]
    mocked = Unknown("any", "${dependency.a.outputs.b}", ["a"], has_sample=True)
    [problem] = check_value({"p": mocked}, parse_type("object({p = number})"), "o")
    assert problem.startswith("o.p: expected number, got list (the mock output")


def test_unification_problem_names_the_attribute_to_blame() -> None:
    [problem] = check_value([{"a": 1}, {"a": [1]}], parse_type("list(any)"), "rules")
    assert 'attribute "a" is list in one, number in another' in problem
