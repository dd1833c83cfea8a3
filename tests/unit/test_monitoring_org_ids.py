"""Alerts reach people (issue 15): prod's monitoring layer refuses organisation IDs left as PLACEHOLDER.

The refusal itself (a precondition naming every placeholder input) is tested in modules/monitoring
(tests/validation.tftest.hcl, placeholder_refused); this checks that prod is wired to use it and that the
placeholder convention of the module and of the tree agree."""

from __future__ import annotations

import re

from tests.conftest import ROOT
from tests.unit.test_runbook_links import monitoring_layers

PLACEHOLDER = "PLACEHOLDER"


def organisation_ids(inputs: dict[str, object]) -> list[str]:
    """The values only the organisation knows: Slack IDs, Identity Center IDs, subscription endpoints."""
    values: list[str] = []
    for channel in dict(inputs.get("chatbot_slack_channels") or {}).values():
        values += [channel["slack_team_id"], channel["slack_channel_id"]]
    for role in dict(inputs.get("grafana_role_associations") or {}).values():
        values += [*role.get("user_ids", []), *role.get("group_ids", [])]
    for topic in dict(inputs.get("alert_topics") or {}).values():
        values += [s["endpoint"] for s in dict(topic.get("subscriptions") or {}).values()]
    return [str(v) for v in values]


def test_the_module_and_the_tree_use_the_same_placeholder() -> None:
    module = (ROOT / "modules" / "monitoring" / "organisation.tf").read_text()
    assert f'strcontains(v, "{PLACEHOLDER}")' in module


def test_prod_reaches_people_or_refuses_to_apply() -> None:
    prod = [inputs for layer_id, inputs in monitoring_layers() if layer_id.startswith("prod/")]
    assert len(prod) == 1
    inputs = prod[0]
    assert inputs.get("refuse_placeholder_ids", True) is True, "prod must refuse placeholder IDs"
    topics = dict(inputs["alert_topics"])
    for severity in ("critical", "warning"):
        assert dict(topics[severity]).get("subscriptions"), f"prod's {severity} topic has no subscriptions"
    channels = dict(inputs["chatbot_slack_channels"])
    assert {t for c in channels.values() for t in c["alert_topics"]} == {"critical", "warning"}
    for channel in channels.values():
        guardrails = channel.get("guardrail_policy_arns", ["arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess"])
        assert all(re.search(r"ReadOnly", arn) for arn in guardrails), "Slack channels are read-only"
    assert set(dict(inputs["grafana_role_associations"])) == {"ADMIN", "EDITOR", "VIEWER"}
    assert organisation_ids(inputs), "prod sets no organisation IDs"


def test_environments_that_allow_placeholders_say_so() -> None:
    for layer_id, inputs in monitoring_layers():
        placeholders = [v for v in organisation_ids(inputs) if PLACEHOLDER in v]
        if placeholders and not layer_id.startswith("prod/"):
            assert inputs.get("refuse_placeholder_ids") is False, f"{layer_id}: placeholders would stop its plan"
