"""The prod tree's cross-layer wiring, resolved the way a plan resolves it (dependencies' mock outputs)."""

from __future__ import annotations

from layer.config.loader import load_tree
from layer.config.resolve import Context, resolve
from tests.conftest import ROOT


def resolved_inputs(layer_id: str) -> dict[str, object]:
    tree = load_tree(ROOT / "live/prod")
    layer = tree.layers[layer_id]
    outputs = {dep.name: dep.mock_outputs or {} for dep in layer.dependencies}
    ctx = Context(layer_id=layer.id, layer_name=layer.name, outputs=outputs)
    return dict(resolve(layer.inputs, ctx, layer.location, ("inputs",)))


def test_atlantis_writes_its_metrics_to_the_monitoring_layers_prometheus_workspace() -> None:
    """ADR 0028: atlantis depends on monitoring (its ADOT collector remote-writes to the workspace), never the
    reverse; the Atlantis overview dashboard is the atlantis module's own resource, not a monitoring input."""
    tree = load_tree(ROOT / "live/prod")
    atlantis = tree.layers["prod/ap-northeast-2/atlantis"]
    monitoring = tree.layers["prod/ap-northeast-2/monitoring"]
    assert "prod/ap-northeast-2/monitoring" in {d.layer_id for d in atlantis.dependencies}
    assert "prod/ap-northeast-2/atlantis" not in {d.layer_id for d in monitoring.dependencies}
    assert atlantis.inputs["adot_collector"] == {
        "workspace_arn": "${dependency.monitoring.outputs.prometheus_workspace_arn}",
        "prometheus_endpoint": "${dependency.monitoring.outputs.prometheus_endpoint}",
    }
    collector = resolved_inputs("prod/ap-northeast-2/atlantis")["adot_collector"]
    assert isinstance(collector, dict)
    workspace_id = str(collector["workspace_arn"]).rsplit("/", 1)[1]
    assert str(collector["prometheus_endpoint"]).endswith(f"/workspaces/{workspace_id}/")
    # The outputs it reads exist, and the dashboard is created where the body is built.
    monitoring_outputs = (ROOT / "modules/monitoring/outputs.tf").read_text()
    assert 'output "prometheus_workspace_arn"' in monitoring_outputs
    assert 'output "prometheus_endpoint"' in monitoring_outputs
    assert 'resource "aws_cloudwatch_dashboard" "overview"' in (ROOT / "modules/atlantis/monitoring.tf").read_text()
