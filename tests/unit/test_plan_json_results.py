"""Plan results from `terraform show -json`: actions, Terraform's counts, and how the reports show them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from layer.config.graph import build_graph
from layer.config.loader import load_tree
from layer.plan.executor import LayerResult
from layer.plan.plan import make_plan
from layer.plan.planjson import NotAPlanError, ResourceChange, action_of, counts, resource_changes
from layer.plan.report import json_report, markdown_summary, summary_table
from layer.report_merge import markdown, merge
from layer.terraform.adapter import Changes
from tests.conftest import TreeMaker, layer_yaml


def change(address: str, *actions: str) -> dict[str, Any]:
    return {"address": address, "change": {"actions": list(actions)}}


PLAN = {
    "format_version": "1.2",
    "resource_changes": [
        change("aws_s3_bucket.new", "create"),
        change("aws_iam_role.r", "update"),
        change("aws_kms_key.old", "delete"),
        change("aws_instance.a", "delete", "create"),
        change("aws_instance.b", "create", "delete"),
        change("data.aws_caller_identity.me", "read"),
        change("aws_vpc.main", "no-op"),
        change("aws_sqs_queue.kept", "forget"),
    ],
}


def test_actions_and_counts_are_terraforms() -> None:
    found = resource_changes(PLAN)
    assert [(c.address, c.action) for c in found] == [
        ("aws_s3_bucket.new", "create"),
        ("aws_iam_role.r", "update"),
        ("aws_kms_key.old", "delete"),
        ("aws_instance.a", "replace"),
        ("aws_instance.b", "replace"),
        ("aws_sqs_queue.kept", "forget"),
    ]
    assert counts(found) == Changes(add=3, change=1, destroy=3)  # "Plan: 3 to add, 1 to change, 3 to destroy"


@pytest.mark.parametrize(
    "document",
    [
        {"resource_changes": []},
        {"format_version": "1.2", "resource_changes": {}},
        {"format_version": "1.2", "resource_changes": [{"address": "x"}]},
        {"format_version": "1.2", "resource_changes": [change("x", "explode")]},
    ],
)
def test_what_is_not_a_plan_is_refused(document: dict[str, Any]) -> None:
    with pytest.raises(NotAPlanError):
        resource_changes(document)


def test_action_words() -> None:
    assert action_of(["delete", "create"]) == action_of(["create", "delete"]) == "replace"
    assert action_of(["no-op"]) == "no-op"


@pytest.fixture
def two_layers(make_tree: TreeMaker) -> Any:
    live = make_tree(
        {"test/a/layer.yaml": layer_yaml("../../../modules/m"), "test/b/layer.yaml": layer_yaml("../../../modules/m")}
    )
    tree = load_tree(live)
    return make_plan("plan", tree, build_graph(tree))


def test_reports_list_resource_changes_and_dash_for_what_did_not_finish(two_layers: Any, tmp_path: Path) -> None:
    planned = (ResourceChange('aws_s3_bucket.b["x|y"]', "create"), ResourceChange("aws_iam_role.r", "update"))
    results = {
        "test/a": LayerResult("test/a", "changes", Changes(1, 1, 0), resources=planned),
        "test/b": LayerResult("test/b", "failed", message="terraform plan: boom"),
    }
    comment = markdown_summary(two_layers, results)
    assert "| `test/a` | 📝 changes | 1 | 1 | 0 |" in comment
    assert "| `test/b` | ❌ failed | - | - | - |" in comment, "a failed layer's counts are unknown, not 0"
    assert "<details><summary><code>test/a</code>: 2 resource change(s)</summary>" in comment
    assert '| + create | `aws_s3_bucket.b["x\\|y"]` |' in comment and "| ~ update | `aws_iam_role.r` |" in comment
    assert "<code>test/b</code>" not in comment
    table = summary_table(two_layers, results).splitlines()
    assert table[2].split()[:5] == ["test/b", "failed", "-", "-", "-"]
    report = json_report(two_layers, results)
    assert report["layers"][0]["resource_changes"] == [
        {"address": 'aws_s3_bucket.b["x|y"]', "action": "create"},
        {"address": "aws_iam_role.r", "action": "update"},
    ]
    merged = markdown(merge([report]))
    assert "<details><summary><code>test/a</code>: 2 resource change(s)</summary>" in merged
