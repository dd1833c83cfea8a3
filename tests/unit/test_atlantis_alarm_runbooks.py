"""Atlantis's own alarms (modules/atlantis) link runbook sections that exist, and the layers that pass the alert
topics give both severities the module uses."""

from __future__ import annotations

import re

import pytest

from layer.config.loader import load_tree
from tests.conftest import ROOT
from tests.unit.test_runbook_links import section_exists

ATLANTIS_MONITORING_TF = ROOT / "modules" / "atlantis" / "monitoring.tf"


def alarm_settings(name: str) -> list[str]:
    """Every `NAME = "value"` of the module's alarms (runbook, topic)."""
    return re.findall(rf'^\s*{name}\s*=\s*"([^"]+)"', ATLANTIS_MONITORING_TF.read_text(), re.MULTILINE)


def test_every_atlantis_alarm_links_an_existing_runbook_section() -> None:
    runbooks = alarm_settings("runbook")
    assert len(runbooks) >= 2, f"{ATLANTIS_MONITORING_TF}: no alarm runbooks found; update this test"
    assert [r for r in runbooks if not section_exists(r)] == []


@pytest.mark.parametrize("environment", ["dev", "prod", "local"])
def test_alert_topics_reach_atlantis_from_the_monitoring_layer(environment: str) -> None:
    tree = load_tree(ROOT / "live" / environment)
    atlantis = tree.layers[f"{environment}/ap-northeast-2/atlantis"]
    monitoring = tree.layers[f"{environment}/ap-northeast-2/monitoring"]
    assert atlantis.inputs["alarm_topic_arns"] == "${dependency.monitoring.outputs.alert_topic_arns}"
    topics = set(monitoring.inputs["alert_topics"])
    assert set(alarm_settings("topic")) <= topics, "the monitoring layer must have every topic the alarms use"
