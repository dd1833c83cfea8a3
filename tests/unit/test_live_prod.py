"""The prod tree's cross-layer wiring, resolved the way a plan resolves it (dependencies' mock outputs)."""

from __future__ import annotations

import json
import re

from layer.config.loader import load_tree
from layer.config.resolve import Context, resolve
from tests.conftest import ROOT


def resolved_inputs(layer_id: str) -> dict[str, object]:
    tree = load_tree(ROOT / "live/prod")
    layer = tree.layers[layer_id]
    outputs = {dep.name: dep.mock_outputs or {} for dep in layer.dependencies}
    ctx = Context(layer_id=layer.id, layer_name=layer.name, outputs=outputs)
    return dict(resolve(layer.inputs, ctx, layer.location, ("inputs",)))


def dashboards_key_pattern() -> str:
    """The regex the monitoring module's `dashboards` validation applies to each key (read from the module)."""
    variables = (ROOT / "modules/monitoring/variables.tf").read_text()
    found = re.search(r'for k, v in var\.dashboards : can\(regex\("([^"]+)", k\)\)', variables)
    assert found, "modules/monitoring/variables.tf: the dashboards key validation moved; update this test"
    return found.group(1).replace("\\\\", "\\")


def test_monitoring_creates_the_atlantis_overview_dashboard_from_the_atlantis_layer() -> None:
    tree = load_tree(ROOT / "live/prod")
    monitoring = tree.layers["prod/ap-northeast-2/monitoring"]
    assert "prod/ap-northeast-2/atlantis" in {d.layer_id for d in monitoring.dependencies}
    dashboards = resolved_inputs("prod/ap-northeast-2/monitoring")["dashboards"]
    assert isinstance(dashboards, dict)
    assert "atlantis" in dashboards
    # The monitoring module's own validation of var.dashboards, applied to every real key and value: keys
    # match its regex, values are JSON bodies with a widgets list.
    key_pattern = dashboards_key_pattern()
    for key, body in dashboards.items():
        assert re.fullmatch(key_pattern, key), f"dashboards key {key!r} fails the module's {key_pattern}"
        assert isinstance(json.loads(body)["widgets"], list), f"dashboards[{key!r}] has no widgets list"
    # The value comes from the atlantis layer's output of that name (the module declares it).
    assert 'output "overview_dashboard_body"' in (ROOT / "modules/atlantis/outputs.tf").read_text()
