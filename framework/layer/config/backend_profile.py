"""Backend profiles: another state location the tree defines, chosen for a whole run by LAYER_BACKEND_PROFILE.

An environment's `_defaults.yaml` may name alternative backend settings under `backend.profiles.NAME`, e.g.
the replica of the state bucket in the DR region (docs/disaster-recovery.md):

    backend:
      bucket: prod-connectly
      region: ap-northeast-2
      profiles:
        dr: {bucket: prod-connectly-ap-northeast-1, region: ap-northeast-1}

`LAYER_BACKEND_PROFILE=dr layer run-all plan live/prod` then runs every layer against the replica: each key
of the profile replaces the backend's (a mapping such as `endpoints` as a whole), before references are
resolved and the result is validated like any backend. A layer whose tree does not define the chosen
profile is a config error: during an outage nothing may silently fall back to the primary bucket. The
generated files are never edited by hand; the switch is one variable, the locations are in the tree.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from layer.config.reader import Provenance, locate
from layer.errors import SchemaError

PROFILE_VARIABLE = "LAYER_BACKEND_PROFILE"
PROFILES_KEY = "profiles"
HINT = (
    "define backend.profiles.{name} (the replica bucket, its region, key and lock table) in the environment's "
    "_defaults.yaml (docs/disaster-recovery.md), or unset " + PROFILE_VARIABLE
)


def active_profile() -> str | None:
    """The profile this run uses; None (the default) is the backend as written."""
    return os.environ.get(PROFILE_VARIABLE, "").strip() or None


def select_backend_profile(
    data: dict[str, Any], prov: Provenance, layer_file: Path
) -> tuple[dict[str, Any], Provenance]:
    """`data` with the active profile laid over `backend` (provenance follows: an error in a profile's value
    names the profile's line). Unchanged when no profile is chosen."""
    name = active_profile()
    if name is None:
        return data, prov
    backend = data.get("backend")
    profiles = backend.get(PROFILES_KEY) if isinstance(backend, Mapping) else None
    profile = profiles.get(name) if isinstance(profiles, Mapping) else None
    if not isinstance(backend, Mapping) or not isinstance(profile, Mapping):
        defined = sorted(profiles) if isinstance(profiles, Mapping) else []
        known = f" (defined: {', '.join(map(str, defined))})" if defined else " (the tree defines no profiles)"
        raise SchemaError(
            f"{PROFILE_VARIABLE}={name}: backend.{PROFILES_KEY}.{name} is not defined for this layer{known}",
            locate(prov, ("backend",), layer_file),
            HINT.format(name=name),
        )
    return {**data, "backend": {**backend, **profile}}, _moved_provenance(prov, name, profile)


def _moved_provenance(prov: Provenance, name: str, profile: Mapping[str, Any]) -> Provenance:
    source = ("backend", PROFILES_KEY, name)
    moved: Provenance = {
        path: where
        for path, where in prov.items()
        if not (len(path) > 1 and path[0] == "backend" and path[1] in profile)
    }
    for path, where in prov.items():
        if path[: len(source)] == source and len(path) > len(source):
            moved[("backend", *path[len(source) :])] = where
    return moved
