"""SSM Parameter Store: `${ssm:/PATH}` references and published outputs (docs/adr/0026-published-outputs.md).

- A layer's `publish:` list names module outputs the generated root writes to SSM as
  `/platform/ENV/LAYER/OUTPUT` (terraform/generate.py), so that other repositories read the platform
  without its state bucket.
- `${ssm:/PATH}` in `inputs` is read when the layer runs (state/ssm_parameters.py), like a dependency
  output; `mock_ssm_parameters:` (path -> value, in a layer or a _defaults.yaml) stands in for a parameter
  that does not exist yet, for init, validate and plan only.
- Encoding: a string output is written as it is when it is not itself JSON text; anything else
  (numbers, booleans, lists, maps, null, a string holding JSON) as JSON. Reading decodes JSON, so the
  value keeps its type, and otherwise takes the text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from layer.config.reader import KeyPath
from layer.config.resolve import SSM_PREFIX

PUBLISH_KEY = "publish"
MOCKS_KEY = "mock_ssm_parameters"
PUBLISH_ROOT = "/platform"
FORM = 'write ${ssm:/PATH} or ${ssm:/PATH["KEY"]}, e.g. ${ssm:/platform/prod/network/vpc_id}'
MAX_NAME_LENGTH = 1011  # SSM's limit for a parameter name
MAX_LEVELS = 15  # SSM's limit for the depth of a hierarchy
_SEGMENT = re.compile(r"[A-Za-z0-9_.-]+")
_REFERENCE = re.compile(r"(?<!\$)\$\{ssm:([^{}]*)\}")
_KEY = re.compile(r"""\[(?:"([^"]*)"|'([^']*)'|(\d+))\]""")


def path_problem(path: str) -> str | None:
    """What makes `path` an invalid SSM parameter name (None: it is valid)."""
    if not path.startswith("/"):
        return "the parameter path must start with '/' (a fully qualified name, e.g. /platform/prod/network/vpc_id)"
    if len(path) > MAX_NAME_LENGTH:
        return f"the parameter path is {len(path)} characters long; SSM allows at most {MAX_NAME_LENGTH}"
    segments = path[1:].split("/")
    if any(not segment for segment in segments):
        return "the parameter path has an empty segment ('//', or a '/' at the end)"
    for segment in segments:
        if not _SEGMENT.fullmatch(segment):
            bad = sorted({c for c in segment if not _SEGMENT.fullmatch(c)})
            shown = " ".join(repr(c) for c in bad)
            return f"segment '{segment}' holds {shown}: SSM allows only letters, digits, '.', '-' and '_'"
    if segments[0].lower().startswith(("aws", "ssm")):
        return f"'/{segments[0]}': names starting with 'aws' or 'ssm' are reserved by AWS"
    if len(segments) > MAX_LEVELS:
        return f"the parameter path has {len(segments)} levels; SSM allows at most {MAX_LEVELS}"
    return None


def split_reference(reference: str) -> tuple[str, list[str]] | None:
    """`/platform/prod/kms/key_arns["logs"]` -> ("/platform/prod/kms/key_arns", ["logs"]): the parameter
    path, then keys into its (JSON) value, each in brackets (SSM names never hold brackets): a quoted
    key or a list index. None when the part from the first `[` on is not such keys."""
    bracket = reference.find("[")
    if bracket < 0:
        return reference, []
    keys: list[str] = []
    position = bracket
    while position < len(reference):
        match = _KEY.match(reference, position)
        if match is None:
            return None
        keys.append(next(group for group in match.groups() if group is not None))
        position = match.end()
    return reference[:bracket], keys


def malformed(expr: str) -> str | None:
    """What is wrong with the expression inside `${ }` of an ssm reference (None: nothing)."""
    if not expr.startswith(SSM_PREFIX):
        return "expected 'ssm:' and a parameter path"
    split = split_reference(expr[len(SSM_PREFIX) :])
    if split is None:
        return 'after the parameter path only keys in brackets may follow: ["KEY"] or [0]'
    return path_problem(split[0])


def published_path(environment: str, layer_name: str, output: str) -> str:
    return f"{PUBLISH_ROOT}/{environment}/{layer_name}/{output}"


def parameter_paths(value: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    """(key path, parameter path) of every `${ssm:...}` reference in a value tree (escapes `$${` excluded;
    a Literal, a final string, holds none)."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from parameter_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from parameter_paths(item, (*path, index))
    elif type(value) is str and "${ssm:" in value:
        for match in _REFERENCE.finditer(value):
            split = split_reference(match.group(1))
            if split is not None:
                yield path, split[0]


def decode(text: str) -> Any:
    """A parameter's value as the output it was published from (see the module docstring)."""
    try:
        return json.loads(text, parse_constant=_not_json)
    except ValueError:
        return text


def encode(value: Any) -> str:
    """What `publish_expression` writes for a known value (the mocks and the tests use it)."""
    if isinstance(value, str) and value and not _is_json(value):
        return value
    return json.dumps(value, separators=(",", ":"))


def _is_json(text: str) -> bool:
    try:
        json.loads(text, parse_constant=_not_json)  # NaN and Infinity are Python's, not JSON (Terraform's)
    except ValueError:
        return False
    return True


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")


def publish_expression(reference: str) -> str:
    """The Terraform expression that encodes the value of `reference` (e.g. module.this.vpc_id) as `encode`."""
    return (
        f'${{{reference} == null ? "null" : try(tostring({reference}) != "" && '
        f"!can(jsondecode({reference})) ? tostring({reference}) : jsonencode({reference}), jsonencode({reference}))}}"
    )
