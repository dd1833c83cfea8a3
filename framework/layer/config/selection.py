"""A selection (--include/--exclude globs, a path) that matches no layer is an error, never an empty run."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from layer.config.tree import matches
from layer.errors import LayerNotFoundError, Location

EXAMPLES_SHOWN = 5


def check_selection(ids: Sequence[str], include: Sequence[str], exclude: Sequence[str], start: Path) -> None:
    """Raise when a glob of `include` or `exclude` matches none of `ids` (the layers at or below `start`),
    or when the globs together leave nothing selected: a typo must not turn into "0 layers, all fine"."""
    for option, patterns in (("--include", include), ("--exclude", exclude)):
        for pattern in patterns:
            if not any(matches(ident, (pattern,)) for ident in ids):
                raise LayerNotFoundError(
                    f"{option} {pattern!r} matches no layer under {start}",
                    Location(start),
                    closest_hint(pattern, ids),
                )
    selected = [i for i in ids if (not include or matches(i, include)) and not (exclude and matches(i, exclude))]
    if not selected:
        raise LayerNotFoundError(
            f"the selection ({_describe(include, exclude)}) leaves no layer under {start}",
            Location(start),
            "every layer that --include matches is also matched by --exclude; " + closest_hint("", ids),
        )


def closest_hint(wanted: str, ids: Sequence[str]) -> str:
    """'did you mean X?' when an id is close to `wanted`, and always a few ids that do exist."""
    ids = sorted(ids)
    if not ids:
        return "there is no layer (a directory holding a layer.yaml) at or below this path"
    names = sorted({"/".join(i.split("/")[:n]) for i in ids for n in range(1, i.count("/") + 2)})  # ids, their dirs
    guesses = difflib.get_close_matches(wanted.rstrip("/*"), names, n=3, cutoff=0.5) if wanted else []
    shown = ", ".join(ids[:EXAMPLES_SHOWN]) + (f" ... ({len(ids)} in all)" if len(ids) > EXAMPLES_SHOWN else "")
    hint = f"did you mean {' or '.join(repr(g) for g in guesses)}? " if guesses else ""
    return hint + f"layer ids are paths under the tree root, e.g. {shown}"


def _describe(include: Sequence[str], exclude: Sequence[str]) -> str:
    parts = [f"--include {p!r}" for p in include] + [f"--exclude {p!r}" for p in exclude]
    return " ".join(parts) or "no filter"


def ids_under(entries: Iterable[tuple[str, str]], project: Path, start: Path) -> list[str]:
    """The ids of (id, directory relative to `project`) entries at or below `start` (the index's layers)."""
    base = str(start.resolve())
    inside = base.rstrip(os.sep) + os.sep
    project_dir = str(project.resolve())
    found = []
    for ident, directory in entries:
        full = os.path.normpath(os.path.join(project_dir, directory))
        if full == base or full.startswith(inside):
            found.append(ident)
    return found
