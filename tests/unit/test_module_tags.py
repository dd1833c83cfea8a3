"""The standard tag rules in Python: the same cases as modules/common-tags/tests/common_tags.tftest.hcl."""

from __future__ import annotations

import pytest

from layer.interface.tags import (
    MAX_TAGS,
    OPTIONAL_TAG_KEYS,
    REQUIRED_TAG_KEYS,
    STANDARD_TAG_KEYS,
    build_name_prefix,
    build_tags,
    validate_name_prefix,
    validate_tags,
)

BASE = {"Environment": "prod", "Owner": "platform-team", "CostCenter": "CC-1234", "ManagedBy": "terraform"}


def test_required_keys() -> None:
    assert REQUIRED_TAG_KEYS == ("Environment", "Owner", "CostCenter", "ManagedBy")
    assert OPTIONAL_TAG_KEYS == ("Project", "Repository", "Layer")
    assert set(STANDARD_TAG_KEYS) == set(REQUIRED_TAG_KEYS) | set(OPTIONAL_TAG_KEYS)


def test_defaults_hold_only_the_required_tags() -> None:
    tags = build_tags(environment="prod", owner="platform-team", cost_center="CC-1234")
    assert tags == BASE
    assert validate_tags(tags) == []
    assert build_name_prefix("prod") == "prod"


def test_optional_tags_and_extra_tags_are_merged() -> None:
    tags = build_tags(
        environment="prod",
        owner="platform-team",
        cost_center="CC-1234",
        managed_by="layer",
        project="payments",
        repository="github.com/acme/platform",
        layer="network/vpc",
        extra_tags={"DataClass": "internal", "Team": ""},
    )
    assert tags == {
        **BASE,
        "ManagedBy": "layer",
        "Project": "payments",
        "Repository": "github.com/acme/platform",
        "Layer": "network/vpc",
        "DataClass": "internal",
        "Team": "",
    }
    assert validate_tags(tags) == []
    assert build_name_prefix("prod", project="payments", organization="acme") == "payments-prod"


def test_organization_starts_the_prefix_without_project() -> None:
    assert build_name_prefix("prod", organization="acme") == "acme-prod"
    tags = build_tags(environment="prod", owner="o", cost_center="CC-1")
    assert "Project" not in tags and "Organization" not in tags


def test_empty_optional_tags_are_left_out() -> None:
    tags = build_tags(environment="prod", owner="o", cost_center="CC-1", project=None, layer="")
    assert "Project" not in tags and "Layer" not in tags


def test_extra_tags_may_not_redefine_standard_keys() -> None:
    with pytest.raises(ValueError, match="Environment"):
        build_tags(environment="prod", owner="o", cost_center="CC-1", extra_tags={"Environment": "dev"})


@pytest.mark.parametrize("key", REQUIRED_TAG_KEYS)
def test_missing_required_tag(key: str) -> None:
    tags = {k: v for k, v in BASE.items() if k != key}
    assert validate_tags(tags) == [f"missing required tag {key}"]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("Environment", "Prod"),  # invalid_environment
        ("Environment", "p"),
        ("Environment", "1prod"),
        ("Environment", "prod\n"),  # Python's $ would accept this; fullmatch does not
        ("Environment", "e" + "x" * 32),
        ("Owner", "   "),  # empty_owner
        ("Owner", "a" * 257),  # owner_too_long
        ("CostCenter", "CC 1234"),  # invalid_cost_center
        ("CostCenter", "C"),
        ("CostCenter", "C" * 33),
        ("ManagedBy", ""),  # empty_managed_by
        ("Project", "Payments"),  # invalid_project
        ("Repository", ""),  # empty_repository
        ("Layer", "l" * 257),  # layer_too_long
    ],
)
def test_invalid_standard_tag_values(key: str, value: str) -> None:
    problems = validate_tags({**BASE, key: value})
    assert problems and all(key in p for p in problems)


@pytest.mark.parametrize(
    ("key", "value"),
    [("Environment", "dev-eu-1"), ("Environment", "pr"), ("CostCenter", "cc"), ("Owner", "x" * 256)],
)
def test_valid_edge_values(key: str, value: str) -> None:
    assert validate_tags({**BASE, key: value}) == []


def test_aws_limits_on_extra_tags() -> None:
    assert validate_tags({**BASE, "k" * 128: "v" * 256}) == []
    assert any("longer than 128" in p for p in validate_tags({**BASE, "k" * 129: "v"}))  # key_too_long
    assert any("256" in p for p in validate_tags({**BASE, "Note": "v" * 257}))  # value_too_long
    assert any("reserved" in p for p in validate_tags({**BASE, "AWS:CreatedBy": "me"}))  # any case
    assert any("reserved" in p for p in validate_tags({**BASE, "aws:x": "me"}))
    assert validate_tags({**BASE, "": "v"}) == ["a tag key must not be empty"]


def test_at_most_fifty_tags() -> None:
    fifty = {**BASE, **{f"Extra{i}": "x" for i in range(MAX_TAGS - len(BASE))}}
    assert len(fifty) == 50 and validate_tags(fifty) == []
    assert validate_tags({**fifty, "One": "more"}) == ["51 tags: AWS allows at most 50 per resource"]


def test_non_string_values_are_reported() -> None:
    problems = validate_tags({**BASE, "Count": 3})  # type: ignore[dict-item]
    assert problems == ["tag 'Count': keys and values must be strings, got int"]


@pytest.mark.parametrize("prefix", ["prod", "payments-prod", "acme-dev-eu", "a1", "x" * 64])
def test_valid_name_prefixes(prefix: str) -> None:
    assert validate_name_prefix(prefix) == []


@pytest.mark.parametrize(
    "prefix",
    [
        "prod-",  # name_prefix_ending_with_hyphen
        "p" + "a" * 31 + "-e" + "b" * 31,  # name_prefix_too_long (65)
        "a--b",
        "Prod",
        "1prod",
        "p",
    ],
)
def test_invalid_name_prefixes(prefix: str) -> None:
    assert validate_name_prefix(prefix)
