"""The standard tag set, in Python: the same rules as `modules/common-tags`.

The rules (keys, patterns, AWS limits) live in one data file, `modules/common-tags/tag-rules.json`;
`python -m layer.interface.tag_rules_gen` writes from it the module's variables.tf and outputs.tf and
the constants in `tag_rules.py` that this file uses (tests/unit/test_tag_rules_agree.py checks that
they agree). tests/unit/test_module_tags.py and the module's tests/*.tftest.hcl pin the same cases.

Both sides use whole-string matches (`re.fullmatch` here, `^...$` in RE2 there: Python's `$` would
also accept a trailing newline). Terraform's `length()` counts grapheme clusters and Python's
`len()` code points, so for text with combining characters Python is the stricter of the two.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from layer.interface.tag_rules import (
    COST_CENTER_PATTERN,
    DEFAULT_MANAGED_BY,
    ENVIRONMENT_PATTERN,
    MAX_KEY_LENGTH,
    MAX_TAGS,
    MAX_VALUE_LENGTH,
    NAME_PREFIX_MAX_LENGTH,
    NAME_PREFIX_PATTERN,
    OPTIONAL_TAG_KEYS,
    REQUIRED_TAG_KEYS,
    RESERVED_PREFIX,
    SLUG_PATTERN,
)

__all__ = [
    "COST_CENTER_PATTERN",
    "DEFAULT_MANAGED_BY",
    "ENVIRONMENT_PATTERN",
    "MAX_KEY_LENGTH",
    "MAX_TAGS",
    "MAX_VALUE_LENGTH",
    "NAME_PREFIX_MAX_LENGTH",
    "OPTIONAL_TAG_KEYS",
    "REQUIRED_TAG_KEYS",
    "RESERVED_PREFIX",
    "SLUG_PATTERN",
    "STANDARD_TAG_KEYS",
    "build_name_prefix",
    "build_tags",
    "validate_name_prefix",
    "validate_tags",
]

STANDARD_TAG_KEYS: tuple[str, ...] = REQUIRED_TAG_KEYS + OPTIONAL_TAG_KEYS
_NAME_PREFIX = re.compile(NAME_PREFIX_PATTERN)

_RULES: dict[str, tuple[re.Pattern[str], str]] = {
    "Environment": (re.compile(ENVIRONMENT_PATTERN), f"^{ENVIRONMENT_PATTERN}$"),
    "CostCenter": (re.compile(COST_CENTER_PATTERN), f"^{COST_CENTER_PATTERN}$"),
    "Project": (re.compile(SLUG_PATTERN), f"^{SLUG_PATTERN}$"),
}


def validate_tags(tags: Mapping[str, str]) -> list[str]:
    """Every problem with a final tag map (the standard set merged with extra tags); [] if none."""
    problems: list[str] = []
    for key in REQUIRED_TAG_KEYS:
        if key not in tags:
            problems.append(f"missing required tag {key}")
    for key, value in tags.items():
        if not isinstance(key, str) or not isinstance(value, str):
            problems.append(f"tag {key!r}: keys and values must be strings, got {type(value).__name__}")
            continue
        problems.extend(_aws_limits(key, value))
        rule = _RULES.get(key)
        if rule is not None and not rule[0].fullmatch(value):
            problems.append(f"tag {key}: {value!r} does not match {rule[1]}")
        elif key in ("Owner", "ManagedBy") and not value.strip():
            problems.append(f"tag {key}: must not be empty")
        elif key in ("Repository", "Layer") and not value.strip():
            problems.append(f"tag {key}: must not be empty (leave it out instead)")
    if len(tags) > MAX_TAGS:
        problems.append(f"{len(tags)} tags: AWS allows at most {MAX_TAGS} per resource")
    return problems


def _aws_limits(key: str, value: str) -> list[str]:
    problems: list[str] = []
    if not key:
        problems.append("a tag key must not be empty")
    if len(key) > MAX_KEY_LENGTH:
        problems.append(f"tag key {key[:40]!r}...: longer than {MAX_KEY_LENGTH} characters")
    if len(value) > MAX_VALUE_LENGTH:
        problems.append(f"tag {key}: value longer than {MAX_VALUE_LENGTH} characters")
    if key.lower().startswith(RESERVED_PREFIX):
        problems.append(f"tag {key}: the {RESERVED_PREFIX} prefix is reserved for AWS")
    return problems


def build_tags(
    *,
    environment: str,
    owner: str,
    cost_center: str,
    managed_by: str = DEFAULT_MANAGED_BY,
    project: str | None = None,
    repository: str | None = None,
    layer: str | None = None,
    extra_tags: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The tag map the module's `tags` output holds for the same inputs (unvalidated; see validate_tags).

    Optional tags that are None or empty are left out. An extra tag may not redefine a standard key
    (the module rejects it in var.extra_tags): ValueError.
    """
    extra = dict(extra_tags or {})
    clashes = sorted(set(extra) & set(STANDARD_TAG_KEYS))
    if clashes:
        raise ValueError(f"extra_tags may not set the standard tag(s) {', '.join(clashes)}")
    standard: dict[str, str | None] = {
        "Environment": environment,
        "Owner": owner,
        "CostCenter": cost_center,
        "ManagedBy": managed_by,
        "Project": project,
        "Repository": repository,
        "Layer": layer,
    }
    merged = dict(extra)
    merged.update({k: v for k, v in standard.items() if v is not None and v != ""})
    return dict(sorted(merged.items()))


def build_name_prefix(environment: str, project: str | None = None, organization: str | None = None) -> str:
    """`<project>-<environment>`, else `<organization>-<environment>`, else `<environment>`."""
    head = project or organization
    return f"{head}-{environment}" if head else environment


def validate_name_prefix(prefix: str) -> list[str]:
    """The module's precondition on `name_prefix`: lowercase, no `--`, no trailing `-`, <= 64."""
    problems: list[str] = []
    if not _NAME_PREFIX.fullmatch(prefix):
        problems.append(
            f"name prefix {prefix!r} must start with a lowercase letter, end with a letter or digit "
            "and hold only lowercase letters, digits and hyphens"
        )
    if "--" in prefix:
        problems.append(f"name prefix {prefix!r} must not contain '--'")
    if len(prefix) > NAME_PREFIX_MAX_LENGTH:
        problems.append(f"name prefix {prefix!r} is longer than {NAME_PREFIX_MAX_LENGTH} characters")
    return problems
