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
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

PATCHES = ("ecs-create-service-keeps-request",)

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


def apply_patches() -> tuple[str, ...]:
    patch_ecs_create_service()
    return PATCHES


def main(argv: list[str] | None = None) -> int:
    from moto.server import main as moto_main

    apply_patches()
    moto_main(sys.argv[1:] if argv is None else argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
