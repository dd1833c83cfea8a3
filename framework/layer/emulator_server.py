"""moto_server with the project's emulator patches: `python -m layer.emulator_server -H HOST -p PORT`.

`layer emulator start` (layer.emulator) runs moto through this entry point. A patch here makes moto
keep what a request sent where moto drops it, as AWS does; it never invents a result that AWS would
not return for the same request (ADR 0022, docs/emulator.md "Emulator patches").

ecs-create-service-keeps-request: moto's CreateService passes a fixed list of parameters to its model
and drops the rest (availabilityZoneRebalancing, enableECSManagedTags, healthCheckGracePeriodSeconds,
...), while its UpdateService stores every parameter it gets. So DescribeServices after a create omits
them and Terraform shows a change on every plan. The patch stores the parameters CreateService did not
pass on, the way moto's UpdateService does, and applies AWS's documented create default for
availabilityZoneRebalancing (ENABLED) when the request has none.

s3-lifecycle-keeps-object-sizes (ADR 0030): moto's PutBucketLifecycleConfiguration keeps a rule filter's
Prefix, Tag and And.Prefix/And.Tags but drops ObjectSizeGreaterThan and ObjectSizeLessThan, at the top of
the filter and inside And. GetBucketLifecycleConfiguration then answers a filter that differs from the
request, and hashicorp/aws, which waits until the answer equals what it sent, polls to its 3-minute timeout
and fails. AWS returns the sizes it was sent; the patch stores them with the rule and returns them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

PATCHES = ("ecs-create-service-keeps-request", "s3-lifecycle-keeps-object-sizes")

# The CreateService parameters moto 5.2.5 hands to its model itself (moto/ecs/responses.py), and the
# idempotency token, which is no property of the service.
ECS_CREATE_SERVICE_HANDLED = frozenset(
    {
        "cluster",
        "serviceName",
        "taskDefinition",
        "desiredCount",
        "loadBalancers",
        "schedulingStrategy",
        "serviceRegistries",
        "tags",
        "deploymentController",
        "launchType",
        "platformVersion",
        "propagateTags",
        "networkConfiguration",
        "role",
        "clientToken",
    }
)
# "For create service requests, when no value is specified for AvailabilityZoneRebalancing, Amazon ECS
# defaults the value to ENABLED." (ECS API reference, CreateService)
ECS_CREATE_DEFAULTS = {"availability_zone_rebalancing": "ENABLED"}


def keep_create_service_request(service: object, params: dict[str, Any]) -> None:
    """Store on moto's Service what CreateService sent and moto did not pass on (as UpdateService does)."""
    from moto.core.utils import camelcase_to_underscores

    for name, value in params.items():
        if name not in ECS_CREATE_SERVICE_HANDLED and value is not None:
            setattr(service, camelcase_to_underscores(name), value)
    for attribute, default in ECS_CREATE_DEFAULTS.items():
        if getattr(service, attribute, None) is None:
            setattr(service, attribute, default)


def patch_ecs_create_service() -> None:
    from moto.core.responses import ActionResult
    from moto.ecs.responses import EC2ContainerServiceResponse

    original: Callable[[EC2ContainerServiceResponse], ActionResult] = EC2ContainerServiceResponse.create_service

    def create_service(self: EC2ContainerServiceResponse) -> ActionResult:
        result = original(self)
        payload = result.result
        if isinstance(payload, dict) and payload.get("service") is not None:
            keep_create_service_request(payload["service"], self._get_params())
        return result

    EC2ContainerServiceResponse.create_service = create_service  # type: ignore[method-assign]


# The lifecycle filter's size conditions moto 5.2.5 drops (moto/s3/models.py FakeBucket.set_lifecycle).
LIFECYCLE_SIZE_KEYS = ("ObjectSizeGreaterThan", "ObjectSizeLessThan")


def lifecycle_sizes(conditions: object) -> dict[str, int]:
    """The size conditions a request's Filter (or its And) carries, as the integers AWS returns."""
    if not isinstance(conditions, dict):
        return {}
    return {key: int(conditions[key]) for key in LIFECYCLE_SIZE_KEYS if conditions.get(key) is not None}


def keep_lifecycle_sizes(stored_rules: list[Any], sent_rules: list[dict[str, Any]]) -> None:
    """On each rule moto stored (one per rule sent, in order): the sizes its filter and its And were sent."""
    for stored, sent in zip(stored_rules, sent_rules, strict=False):
        sent_filter = sent.get("Filter") if isinstance(sent, dict) else None
        if stored.filter is None or not isinstance(sent_filter, dict):
            continue
        stored.filter.object_sizes = lifecycle_sizes(sent_filter)
        if stored.filter.and_filter is not None:
            stored.filter.and_filter.object_sizes = lifecycle_sizes(sent_filter.get("And"))


def add_lifecycle_sizes(answered_rules: list[dict[str, Any]], stored_rules: list[Any]) -> None:
    """Into GetBucketLifecycleConfiguration's rules (moto's answer, in stored order): the sizes kept."""
    for answer, stored in zip(answered_rules, stored_rules, strict=False):
        answered_filter = answer.get("Filter")
        if stored.filter is None or not isinstance(answered_filter, dict):
            continue
        answered_filter.update(getattr(stored.filter, "object_sizes", {}))
        answered_and = answered_filter.get("And")
        if stored.filter.and_filter is not None and isinstance(answered_and, dict):
            answered_and.update(getattr(stored.filter.and_filter, "object_sizes", {}))


def patch_s3_lifecycle_sizes() -> None:
    from moto.core.responses import ActionResult
    from moto.s3.models import FakeBucket
    from moto.s3.responses import S3Response

    original_set: Callable[[FakeBucket, list[dict[str, Any]]], None] = FakeBucket.set_lifecycle
    original_get: Callable[[S3Response], Any] = S3Response.get_bucket_lifecycle

    def set_lifecycle(self: FakeBucket, rules: list[dict[str, Any]]) -> None:
        original_set(self, rules)
        keep_lifecycle_sizes(self.rules, rules)

    def get_bucket_lifecycle(self: S3Response) -> Any:
        stored = self.backend.get_bucket_lifecycle(self.bucket_name)
        serialize = self.serialized

        def serialized(action_result: ActionResult) -> Any:
            payload = action_result.result
            if isinstance(payload, dict) and isinstance(payload.get("Rules"), list):
                add_lifecycle_sizes(payload["Rules"], stored)
            return serialize(action_result)

        self.serialized = serialized  # type: ignore[method-assign]  # this request's instance only
        try:
            return original_get(self)
        finally:
            del self.serialized

    FakeBucket.set_lifecycle = set_lifecycle  # type: ignore[method-assign]
    S3Response.get_bucket_lifecycle = get_bucket_lifecycle  # type: ignore[method-assign]


def apply_patches() -> tuple[str, ...]:
    patch_ecs_create_service()
    patch_s3_lifecycle_sizes()
    return PATCHES


def main(argv: list[str] | None = None) -> int:
    from moto.server import main as moto_main

    apply_patches()
    moto_main(sys.argv[1:] if argv is None else argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
