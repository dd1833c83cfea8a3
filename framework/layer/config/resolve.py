"""Resolvers: small plugins that turn `${prefix...}` references in config values into values.

- `${env:NAME}` / `${env:NAME:-default}`: an environment variable (resolved when the tree loads).
- `${layer.id}`, `${layer.name}`: the layer's own identity.
- `${dependency.NAME.outputs.KEY[.SUB...]}`: an output of a dependency, read from its state at run time; a
  key that contains dots goes in brackets: `${dependency.certificates.outputs.certificate_arns["connectly.io"]}`.
- `${ssm:/PATH}`: an SSM parameter, read when the layer runs (config/ssm.py); like a dependency output it
  stays as written until then.

A string that is exactly one reference keeps the referenced value's type; a reference inside a longer
string is formatted into it. Anything else in `${...}` (an IAM policy variable, a Terraform template)
is left alone.

`$${...}` is the escape for a literal `${...}`, as in Terraform: it is never resolved, and the value
holds `${...}` once its references are resolved (the Terraform writer escapes it again for Terraform).
A string whose dependency references wait for the run keeps its escapes until then (`$${` in it is
still the escape); a string that is final and holds a literal `${` is a `Literal`, which no later
resolve() pass touches. Scanning is linear in the length of the string.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from layer.config.reader import KeyPath
from layer.errors import LayerError, Location

# `${...}` not preceded by `$` (`$${` is the escape); no brace inside, so that each scan stops at the next
# `${` and a string of many unclosed `${` is scanned once (linear), not once from each.
REF = re.compile(r"(?<!\$)\$\{([^{}]*)\}")
_TOKEN = re.compile(r"\$(\$\{)|(?<!\$)\$\{([^{}]*)\}")  # group 1: an escape; group 2: a reference
ESCAPE = "$${"
DEPENDENCY_PREFIX = "dependency."
SSM_PREFIX = "ssm:"


class Literal(str):
    """A final string that holds a literal `${` (written `$${` in YAML, or a value that contained it): later
    resolve() passes leave it as it is."""

    __slots__ = ()


for _dumper in {yaml.SafeDumper, yaml.Dumper, getattr(yaml, "CSafeDumper", yaml.SafeDumper)}:
    _dumper.add_representer(Literal, yaml.representer.SafeRepresenter.represent_str)  # written as the text


class UnresolvedError(LayerError):
    """A reference names something that is not there."""


@dataclass
class Context:
    layer_id: str = ""
    layer_name: str = ""
    # The live environment, read only when an `${env:...}` reference is resolved (a copy per layer was a
    # large share of loading a big tree).
    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    outputs: Mapping[str, Mapping[str, Any]] | None = None  # dependency name -> outputs
    parameters: Mapping[str, Any] | None = None  # SSM parameter path -> its (decoded) value, at run time


Resolver = Callable[[str, Context], Any]
Locator = Callable[[KeyPath], Location]
_SKIP = object()


def _env(expr: str, ctx: Context) -> Any:
    name, _, default = expr[len("env:") :].partition(":-")
    if name in ctx.environ:
        return ctx.environ[name]
    if ":-" in expr:
        return default
    raise UnresolvedError(
        f"environment variable {name} is not set", hint=f"export {name}=... or write ${{env:{name}:-default}}"
    )


def _layer(expr: str, ctx: Context) -> Any:
    attr = expr[len("layer.") :]
    if attr == "id":
        return ctx.layer_id
    if attr == "name":
        return ctx.layer_name
    raise UnresolvedError(f"unknown reference ${{{expr}}}", hint="use ${layer.id} or ${layer.name}")


_PATH_TOKEN = re.compile(r"""\.([^.\[\]"']+)|\[(?:"([^"]*)"|'([^']*)'|(\d+))\]""")


def split_path(expr: str) -> list[str] | None:
    """`dependency.certs.outputs.arns["connectly.io"].value` -> [dependency, certs, outputs, arns,
    connectly.io, value]: dots separate keys; brackets hold a key that contains dots, or an index."""
    head, _, rest = expr.partition(".")
    keys = [head]
    rest = "." + rest if rest else ""
    position = 0
    while position < len(rest):
        match = _PATH_TOKEN.match(rest, position)
        if match is None:
            return None
        keys.append(next(group for group in match.groups() if group is not None))
        position = match.end()
    return keys


def _dependency(expr: str, ctx: Context) -> Any:
    if ctx.outputs is None:
        return _SKIP
    parts = split_path(expr)
    if parts is None or len(parts) < 4 or parts[2] != "outputs":
        raise UnresolvedError(
            f"malformed reference ${{{expr}}}",
            hint='write ${dependency.NAME.outputs.OUTPUT[.KEY...]}; a key with dots goes in brackets: ["connectly.io"]',
        )
    name = parts[1]
    if name not in ctx.outputs:
        raise UnresolvedError(
            f"${{{expr}}} names dependency '{name}', which this layer does not declare",
            hint=f"add '{name}' under dependencies:",
        )
    value, depth = walk(ctx.outputs[name], parts[3:])
    if depth < len(parts) - 3:
        key = parts[3 + depth]
        walked = f"dependency.{name}.outputs" + "".join(
            f'["{k}"]' if "." in k else f".{k}" for k in parts[3 : 3 + depth]
        )
        available = ", ".join(sorted(map(str, value))) if isinstance(value, Mapping) else "none"
        raise UnresolvedError(f"${{{expr}}}: {walked} has no '{key}'", hint=f"available: {available}")
    return value


def _ssm(expr: str, ctx: Context) -> Any:
    if ctx.parameters is None:
        return _SKIP
    from layer.config.ssm import split_reference  # ssm imports this module

    split = split_reference(expr[len(SSM_PREFIX) :])
    if split is None or split[0] not in ctx.parameters:
        raise UnresolvedError(f"SSM parameter of ${{{expr}}} was not read", hint="a bug in layer: report it")
    path, keys = split
    value, depth = walk(ctx.parameters[path], keys)
    if depth < len(keys):
        available = ", ".join(sorted(map(str, value))) if isinstance(value, Mapping) else "none"
        walked = path + "".join(f'["{k}"]' for k in keys[:depth])
        raise UnresolvedError(f"${{{expr}}}: {walked} has no '{keys[depth]}'", hint=f"available: {available}")
    return value


def walk(value: Any, keys: Sequence[str]) -> tuple[Any, int]:
    """Follow keys (map keys, or list indexes as digits) into a value: the value reached, and how many keys
    were followed (fewer than len(keys) when one is not there; the value is then where it stopped)."""
    for depth, key in enumerate(keys):
        if isinstance(value, Mapping) and key in value:
            value = value[key]
        elif isinstance(value, list) and key.isdigit() and int(key) < len(value):
            value = value[int(key)]
        else:
            return value, depth
    return value, len(keys)


RESOLVERS: dict[str, Resolver] = {"env:": _env, "layer.": _layer, DEPENDENCY_PREFIX: _dependency, SSM_PREFIX: _ssm}


def _resolver_for(expr: str) -> Resolver | None:
    for prefix, resolver in RESOLVERS.items():
        if expr.startswith(prefix):
            return resolver
    return None


def resolve(value: Any, ctx: Context, where: Locator | None = None, path: KeyPath = ()) -> Any:
    """Resolve references in a value tree. Dependency references stay as written when ctx.outputs is None.

    `where` maps a key path to its file and line, so that an unresolvable reference is reported there.
    Containers are always copied: the result shares no dict or list with `value`."""
    if isinstance(value, dict):
        return {k: _resolve_item(v, ctx, where, path, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve_item(v, ctx, where, path, i) for i, v in enumerate(value)]
    return _resolve_item(value, ctx, where, path, None)


def _resolve_item(value: Any, ctx: Context, where: Locator | None, parent: KeyPath, key: str | int | None) -> Any:
    """resolve() of one child of a container (key None: `value` itself is at `parent`); the key path is
    built only for containers and references, not for every plain value."""
    if isinstance(value, str):
        if "${" not in value or type(value) is Literal:
            return value
    elif isinstance(value, (dict, list)):
        return resolve(value, ctx, where, parent if key is None else (*parent, key))
    else:
        return value
    try:
        return _resolve_string(value, ctx)
    except UnresolvedError as err:
        if where is not None and err.location is None:
            err.location = where(parent if key is None else (*parent, key))
        raise


def _resolve_string(value: str, ctx: Context) -> Any:
    whole = REF.fullmatch(value)
    if whole:
        resolver = _resolver_for(whole.group(1))
        result = resolver(whole.group(1), ctx) if resolver is not None else value
        if result is _SKIP:
            return value
        return final(result) if isinstance(result, str) else result
    pending = False  # a dependency reference left for the run: the string stays a template

    def substitute(match: re.Match[str]) -> str:
        nonlocal pending
        if match.group(1) is not None:
            return "${"  # the escape (the template pass below keeps it when a reference waits for the run)
        resolver = _resolver_for(match.group(2))
        if resolver is None:
            return match.group(0)
        result = resolver(match.group(2), ctx)
        if result is _SKIP:
            pending = True
            return match.group(0)
        return str(result)

    text = _TOKEN.sub(substitute, value)
    if not pending:
        return final(text)
    return _TOKEN.sub(_as_template(ctx), value)


def _as_template(ctx: Context) -> Callable[[re.Match[str]], str]:
    """A substitution that keeps the escapes and the dependency references (for the run) and puts the
    other references' values in escaped, so that the run's pass reads them as text."""

    def substitute(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            return match.group(0)
        resolver = _resolver_for(match.group(2))
        if resolver is None:
            return match.group(0)
        result = resolver(match.group(2), ctx)
        return match.group(0) if result is _SKIP else str(result).replace("${", ESCAPE)

    return substitute


def final(text: str) -> str:
    """A resolved string: a Literal when it holds `${`, which is then text, not a reference."""
    return Literal(text) if "${" in text else text


def references(value: str) -> list[str]:
    """The expressions of the `${...}` references in a string (not escapes; none in a Literal)."""
    if type(value) is Literal or "${" not in value:
        return []
    return [m.group(1) for m in REF.finditer(value)]


def _strings(value: Any) -> Iterator[str]:
    """Every string in a value tree (without recursion)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def has_dependency_ref(value: Any) -> bool:
    return any(expr.startswith(DEPENDENCY_PREFIX) for text in _strings(value) for expr in references(text))


def dependency_names(value: Any) -> set[str]:
    found: set[str] = set()
    for text in _strings(value):
        for expr in references(text):
            if expr.startswith(DEPENDENCY_PREFIX):
                found.add(expr.split(".")[1] if "." in expr else "")
    return found
