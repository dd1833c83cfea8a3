"""The Prometheus rules the trees under live/ hand to AMP: generated SLO rules and hand-written rule groups."""

from __future__ import annotations

from functools import cache

from layer.config.loader import load_tree
from layer.slo import RULES_FILE
from tests.conftest import ROOT

LIVE = ROOT / "live"


@cache
def layer_rule_groups() -> dict[str, str]:
    """Every prometheus_rule_groups value of every layer of every environment: '<layer id>:<namespace>' -> text."""
    found: dict[str, str] = {}
    for environment in sorted(p for p in LIVE.iterdir() if p.is_dir()):
        for layer_id, layer in load_tree(environment).layers.items():
            groups = layer.inputs.get("prometheus_rule_groups") or {}
            for namespace, text in groups.items():
                found[f"{layer_id}:{namespace}"] = str(text)
    return found


def generated_rule_files() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in LIVE.rglob(RULES_FILE))
