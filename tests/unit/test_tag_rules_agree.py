"""The tag rules exist once (modules/common-tags/tag-rules.json): the Terraform module and layer.interface.tags
are generated from it and agree, value for value and verdict for verdict."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import hcl2
import pytest

from layer.interface import tag_rules_gen
from layer.interface.spec import clear_cache, load_module
from layer.interface.tags import (
    MAX_KEY_LENGTH,
    MAX_TAGS,
    MAX_VALUE_LENGTH,
    NAME_PREFIX_MAX_LENGTH,
    STANDARD_TAG_KEYS,
    build_tags,
    validate_name_prefix,
    validate_tags,
)
from layer.interface.validation import run_validations
from tests.conftest import ROOT

MODULE = ROOT / "modules" / "common-tags"
BASE = {"Environment": "prod", "Owner": "platform-team", "CostCenter": "CC-1234", "ManagedBy": "terraform"}


@pytest.fixture(autouse=True)
def _fresh_specs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAYER_CACHE_DIR", "off")
    clear_cache()


def test_generated_files_are_current() -> None:
    assert tag_rules_gen.stale(ROOT) == [], "run `python -m layer.interface.tag_rules_gen` and commit the result"


def test_a_change_to_the_data_file_reaches_both_sides(tmp_path: Path) -> None:
    """Regenerating from an edited copy changes the module and the Python constants alike."""
    copy = tmp_path / "repo"
    shutil.copytree(MODULE, copy / "modules" / "common-tags")
    (copy / "framework" / "layer" / "interface").mkdir(parents=True)
    data = json.loads((MODULE / "tag-rules.json").read_text())
    data["max_tags"] = 40
    data["environment_pattern"] = "[a-z]{2,8}"
    (copy / tag_rules_gen.DATA).write_text(json.dumps(data))
    assert tag_rules_gen.main([str(copy)]) == 0
    python = (copy / tag_rules_gen.PYTHON).read_text()
    assert "MAX_TAGS = 40\n" in python and 'ENVIRONMENT_PATTERN = "[a-z]{2,8}"' in python
    outputs = (copy / "modules" / "common-tags" / "outputs.tf").read_text()
    variables = (copy / "modules" / "common-tags" / "variables.tf").read_text()
    assert "length(local.tags) <= 40" in outputs
    assert 'regex("^[a-z]{2,8}$", var.environment)' in variables
    assert tag_rules_gen.main(["--check", str(copy)]) == 0
    (copy / "modules" / "common-tags" / "outputs.tf").write_text(outputs.replace("<= 40", "<= 41"))
    assert tag_rules_gen.main(["--check", str(copy)]) == 1


def test_the_module_declares_the_standard_keys_in_order() -> None:
    main = hcl2.loads((MODULE / "main.tf").read_text())
    standard = next(block["standard_tags"] for block in main["locals"] if "standard_tags" in block)
    assert tuple(standard) == STANDARD_TAG_KEYS
    extra = load_module(MODULE).variables["extra_tags"]
    keys = re.findall(r'"([A-Za-z]+)"', extra.validations[-1].condition)
    assert tuple(keys) == STANDARD_TAG_KEYS


def _module_says(variable: str, value: object, unevaluated: int = 0) -> bool:
    """True when the module's own validation conditions (evaluated by layer) accept `value`; `unevaluated`
    conditions use functions layer's evaluator leaves to Terraform."""
    spec = load_module(MODULE)
    failures, skipped = run_validations(spec.variables[variable], value, spec.variables, {variable: value})
    assert len(skipped) == unevaluated, skipped
    return not failures


def _python_says(tag: str, value: str) -> bool:
    return not [p for p in validate_tags({**BASE, tag: value}) if p.startswith(f"tag {tag}")]


ENVIRONMENTS = ["prod", "dev-eu", "p", "Prod", "1prod", "dev_eu", "a" * 32, "a" * 33, "dev-", "pr od"]
COST_CENTERS = ["CC-1234", "cc", "C", "CC_1", "x" * 32, "x" * 33, "CC 1", "-1"]
SLUGS = ["payments", "p", "Payments", "pay-ments", "9pay", "a" * 32, "a" * 33]


@pytest.mark.parametrize("value", ENVIRONMENTS)
def test_environment_verdicts_agree(value: str) -> None:
    assert _module_says("environment", value) == _python_says("Environment", value)


@pytest.mark.parametrize("value", COST_CENTERS)
def test_cost_center_verdicts_agree(value: str) -> None:
    assert _module_says("cost_center", value) == _python_says("CostCenter", value)


@pytest.mark.parametrize("value", SLUGS)
def test_project_verdicts_agree(value: str) -> None:
    assert _module_says("project", value) == _python_says("Project", value)


@pytest.mark.parametrize("length", [1, MAX_VALUE_LENGTH, MAX_VALUE_LENGTH + 1])
def test_value_length_limits_agree(length: int) -> None:
    value = "o" * length
    assert _module_says("owner", value) == _python_says("Owner", value)
    assert _module_says("layer", value) == _python_says("Layer", value)


@pytest.mark.parametrize("key", ["Team", "k" * MAX_KEY_LENGTH, "k" * (MAX_KEY_LENGTH + 1), "aws:x", "AWS:x"])
def test_extra_tag_keys_agree(key: str) -> None:
    """The standard-key rule (setintersection, left to Terraform by layer) is checked by key list above."""
    module_accepts = _module_says("extra_tags", {key: "v"}, unevaluated=1)
    assert module_accepts == (not validate_tags({**BASE, key: "v"}))
    with pytest.raises(ValueError, match="may not set the standard tag"):
        build_tags(environment="prod", owner="o", cost_center="CC-1", extra_tags={"Layer": "x"})


def test_output_limits_agree() -> None:
    outputs = hcl2.loads((MODULE / "outputs.tf").read_text())
    blocks = [out for block in outputs["output"] for out in block.values()]
    conditions = " ".join(str(pre["condition"]) for out in blocks for pre in out.get("precondition", []))
    assert f"length(local.tags) <= {MAX_TAGS}" in conditions
    assert f"length(local.name_prefix) <= {NAME_PREFIX_MAX_LENGTH}" in conditions
    assert validate_name_prefix("a" * NAME_PREFIX_MAX_LENGTH) == []
    assert validate_name_prefix("a" * (NAME_PREFIX_MAX_LENGTH + 1)) != []
