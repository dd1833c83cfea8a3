"""The emulator patches (ADR 0022) are applied by the launcher, and moto without them still needs them.

ECS CreateService: moto 5.2.5 drops availabilityZoneRebalancing, enableECSManagedTags and
healthCheckGracePeriodSeconds, so the atlantis layer's ECS service showed a change on every plan.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from layer import emulator
from tests.integration.conftest import Moto

pytestmark = pytest.mark.integration
SENT = {"availabilityZoneRebalancing": "DISABLED", "enableECSManagedTags": True, "healthCheckGracePeriodSeconds": 120}


@pytest.fixture
def plain_moto(tmp_path: Path) -> Iterator[Moto]:
    """moto_server as shipped, without the project's patches."""
    port = emulator.free_port()
    log = (tmp_path / "plain-moto.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", emulator.HOST, "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    url = f"http://{emulator.HOST}:{port}"
    try:
        deadline = time.monotonic() + 30
        while not emulator.answers(url) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert emulator.answers(url), (tmp_path / "plain-moto.log").read_text()
        yield Moto(url, tmp_path)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


def create_services(moto: Moto) -> dict[str, dict[str, Any]]:
    """One service created with the three values, one with none; both as DescribeServices returns them."""
    ecs: Any = moto.client("ecs")
    ecs.create_cluster(clusterName="patch-check")
    ecs.register_task_definition(family="app", containerDefinitions=[{"name": "app", "image": "app", "memory": 128}])
    common = {"cluster": "patch-check", "taskDefinition": "app", "desiredCount": 1}
    ecs.create_service(serviceName="sent", **common, **SENT)
    ecs.create_service(serviceName="defaults", **common)
    described = ecs.describe_services(cluster="patch-check", services=["sent", "defaults"])["services"]
    return {service["serviceName"]: service for service in described}


def test_launcher_runs_moto_with_the_ecs_create_service_patch(moto: Moto) -> None:
    services = create_services(moto)
    assert {key: services["sent"].get(key) for key in SENT} == SENT, "CreateService keeps what the request sent"
    assert services["defaults"]["availabilityZoneRebalancing"] == "ENABLED", "AWS's documented create default"
    assert "enableECSManagedTags" not in services["defaults"], "nothing invented for a value not sent"


def test_moto_without_the_patch_still_drops_them(plain_moto: Moto) -> None:
    """When this fails, moto keeps the values itself: drop the patch (layer/emulator_server.py, ADR 0022)."""
    services = create_services(plain_moto)
    assert all(key not in services["sent"] for key in SENT), services["sent"]
