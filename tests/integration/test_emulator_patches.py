"""The emulator patches (ADR 0022) are applied by the launcher, and moto without them still needs them.

ECS CreateService: moto 5.2.5 drops availabilityZoneRebalancing, enableECSManagedTags and
healthCheckGracePeriodSeconds, so the atlantis layer's ECS service showed a change on every plan.
S3 PutBucketLifecycleConfiguration: moto 5.2.5 drops a filter's ObjectSizeGreaterThan/ObjectSizeLessThan (at
the top and inside And), so hashicorp/aws waited 3 minutes for an answer equal to its request, then failed.
"""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
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


# A size condition inside And, one alone, and two filters moto keeps without the patch (for comparison).
LIFECYCLE_RULES: list[dict[str, Any]] = [
    {
        "ID": "and-sizes",
        "Status": "Enabled",
        "Filter": {"And": {"Prefix": "logs/", "ObjectSizeGreaterThan": 1024, "ObjectSizeLessThan": 4096}},
        "Expiration": {"Days": 30},
    },
    {"ID": "size-alone", "Status": "Enabled", "Filter": {"ObjectSizeGreaterThan": 128}, "Expiration": {"Days": 30}},
    {"ID": "prefix", "Status": "Enabled", "Filter": {"Prefix": ""}, "Expiration": {"Days": 30}},
    {
        "ID": "and-tags",
        "Status": "Enabled",
        "Filter": {"And": {"Prefix": "a/", "Tags": [{"Key": "k", "Value": "v"}]}},
        "Expiration": {"Days": 30},
    },
]


def lifecycle_filters(moto: Moto) -> dict[str, Any]:
    """Each rule's Filter as GetBucketLifecycleConfiguration answers it after LIFECYCLE_RULES were put."""
    s3: Any = moto.client("s3")
    bucket = f"lifecycle-sizes-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "ap-northeast-2"})
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": LIFECYCLE_RULES})
    return {rule["ID"]: rule["Filter"] for rule in s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]}


def test_launcher_runs_moto_with_the_s3_lifecycle_sizes_patch(moto: Moto) -> None:
    sent = {rule["ID"]: rule["Filter"] for rule in LIFECYCLE_RULES}
    assert lifecycle_filters(moto) == sent, "every filter comes back as it was sent, sizes included"


def test_moto_without_the_patch_still_drops_the_lifecycle_sizes(plain_moto: Moto) -> None:
    """When this fails, moto keeps the sizes itself: drop the patch (layer/emulator_server.py, ADR 0030)."""
    filters = lifecycle_filters(plain_moto)
    assert filters["and-sizes"] == {"And": {"Prefix": "logs/"}}, filters
    assert "ObjectSizeGreaterThan" not in filters["size-alone"], filters
