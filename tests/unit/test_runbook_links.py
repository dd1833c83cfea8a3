"""Every alarm and every Prometheus alert links a runbook section that exists (docs/runbooks/).

Covers the layers that run the working tree's monitoring module (dev, prod, local); stage runs a pinned commit
and gets the runbook input with its next promotion (docs/promotion.md)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from layer.config.loader import load_tree
from tests.conftest import ROOT
from tests.unit.rule_files import generated_rule_files, layer_rule_groups

RUNBOOKS = ROOT / "docs" / "runbooks"
BASE_URL = "https://github.com/connectly/platform/blob/main/docs/runbooks/"
MONITORING = (ROOT / "modules" / "monitoring").resolve()


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading: lower case, punctuation dropped, spaces to '-'."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


@cache
def anchors(file_name: str) -> frozenset[str]:
    path = RUNBOOKS / file_name
    if not path.is_file():
        return frozenset()
    headings = re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", path.read_text(), flags=re.MULTILINE)
    return frozenset(github_anchor(h) for h in headings)


def section_exists(reference: str) -> bool:
    file_name, _, anchor = reference.partition("#")
    return bool(anchor) and anchor in anchors(file_name)


def monitoring_layers() -> list[tuple[str, dict[str, object]]]:
    found = []
    for environment in sorted(p for p in (ROOT / "live").iterdir() if p.is_dir()):
        for layer_id, layer in load_tree(environment).layers.items():
            if layer.module_dir is not None and Path(layer.module_dir).resolve() == MONITORING:
                found.append((layer_id, layer.inputs))
    return found


def test_anchor_rules() -> None:
    assert github_anchor("Port allocation errors") == "port-allocation-errors"
    assert github_anchor("shared-alb-5xx") == "shared-alb-5xx"
    assert not section_exists("nat-gateway.md#no-such-section")
    assert not section_exists("no-such-file.md#port-allocation-errors")


def test_every_alarm_links_an_existing_runbook_section() -> None:
    layers = monitoring_layers()
    assert {layer_id.split("/")[0] for layer_id, _ in layers} >= {"dev", "prod", "local"}
    for layer_id, inputs in layers:
        alarms = inputs.get("alarms") or {}
        assert isinstance(alarms, dict)
        for key, alarm in alarms.items():
            runbook = alarm.get("runbook")
            assert runbook, f"{layer_id}: alarm {key} has no runbook"
            assert section_exists(str(runbook)), f"{layer_id}: alarm {key}: docs/runbooks/{runbook} does not exist"


def test_every_prometheus_alert_links_an_existing_runbook_section() -> None:
    texts = {path: (ROOT / path).read_text() for path in generated_rule_files()}
    texts.update(layer_rule_groups())
    checked = 0
    for where, text in texts.items():
        for group in yaml.safe_load(text)["groups"]:
            for rule in group["rules"]:
                if "alert" not in rule:
                    continue
                url = rule.get("annotations", {}).get("runbook_url", "")
                assert url.startswith(BASE_URL), f"{where}: {rule['alert']} has no runbook_url under {BASE_URL}"
                assert section_exists(url.removeprefix(BASE_URL)), f"{where}: {rule['alert']}: {url} does not exist"
                checked += 1
    assert checked > 0
