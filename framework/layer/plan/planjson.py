"""A saved plan's results from `terraform show -json PLANFILE`, not from Terraform's human text.

The JSON plan format (https://developer.hashicorp.com/terraform/internals/json-format) lists every resource
instance with the actions Terraform will take on it. The counts are Terraform's own ("Plan: 1 to add, 2 to
change, 0 to destroy"): a create adds, an update changes, a delete destroys, a replacement (delete and create,
in either order) adds one and destroys one; reads, no-ops and forgets count in none of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from layer.terraform.adapter import Changes

CREATE, UPDATE, DELETE, REPLACE = "create", "update", "delete", "replace"
READ, NO_OP, FORGET = "read", "no-op", "forget"
SHOWN = (CREATE, UPDATE, DELETE, REPLACE, FORGET)  # what a reviewer is shown; reads and no-ops are not changes


class NotAPlanError(ValueError):
    """`terraform show -json` gave something that is not a plan document."""


@dataclass(frozen=True)
class ResourceChange:
    address: str
    action: str  # one of SHOWN

    def as_dict(self) -> dict[str, str]:
        return {"address": self.address, "action": self.action}


def action_of(actions: Sequence[str]) -> str:
    """One word for Terraform's list of actions: ["delete", "create"] and ["create", "delete"] are a replace."""
    found = set(actions)
    if {CREATE, DELETE} <= found:
        return REPLACE
    if len(actions) == 1 and actions[0] in (CREATE, UPDATE, DELETE, READ, NO_OP, FORGET):
        return actions[0]
    raise NotAPlanError(f"unknown actions {list(actions)!r}")


def resource_changes(document: Mapping[str, Any]) -> tuple[ResourceChange, ...]:
    """The resource instances the plan changes, in Terraform's order (by address)."""
    entries = document.get("resource_changes", [])
    if "format_version" not in document or not isinstance(entries, list):
        raise NotAPlanError("no format_version or resource_changes")
    found = []
    for entry in entries:
        action = action_of(_actions(entry))
        if action in SHOWN:
            found.append(ResourceChange(str(entry.get("address", "?")), action))
    return tuple(found)


def _actions(entry: Any) -> list[str]:
    change = entry.get("change") if isinstance(entry, dict) else None
    actions = change.get("actions") if isinstance(change, dict) else None
    if not isinstance(actions, list) or not all(isinstance(a, str) for a in actions):
        raise NotAPlanError(f"a resource change without actions: {entry!r:.200}")
    return actions


def counts(changes: Sequence[ResourceChange]) -> Changes:
    """Terraform's add/change/destroy counts of these resource changes."""
    add = sum(1 for c in changes if c.action in (CREATE, REPLACE))
    change = sum(1 for c in changes if c.action == UPDATE)
    destroy = sum(1 for c in changes if c.action in (DELETE, REPLACE))
    return Changes(add, change, destroy)
