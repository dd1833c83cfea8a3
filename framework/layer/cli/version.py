"""`layer version`: the versions a bug report needs: layer, Python, Terraform and the AWS provider."""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from layer import __version__
from layer.cli.main import cli
from layer.errors import LayerError
from layer.terraform.adapter import TERRAFORM_ENV, Terraform
from layer.terraform.cliconfig import MIRROR_ENV, find_mirror

REGISTRY = "registry.terraform.io"
LOCK_FILE = ".terraform.lock.hcl"
_TERRAFORM_LINE = re.compile(r"^Terraform v(\S+)", re.MULTILINE)
_LOCKED_PROVIDER = re.compile(r'provider\s+"([^"]+)"\s*\{[^}]*?\bversion\s*=\s*"([^"]+)"', re.DOTALL)


@dataclass(frozen=True)
class Provider:
    source: str  # namespace/name, e.g. hashicorp/aws
    version: str
    origin: str  # where it was found: the mirror or a lock file


def terraform_version() -> str | None:
    """Terraform's version through the adapter (the one place that starts Terraform); None when not found."""
    result = Terraform(workdir=Path.cwd(), env={}).run(["version"])
    found = _TERRAFORM_LINE.search(result.output)
    return found.group(1) if result.returncode == 0 and found else None


def mirrored_providers(mirror: Path) -> list[Provider]:
    """Every provider version unpacked in a filesystem mirror (registry.terraform.io/NAMESPACE/NAME/VERSION)."""
    found = []
    for version_dir in sorted((mirror / REGISTRY).glob("*/*/*")):
        if version_dir.is_dir():
            source = f"{version_dir.parent.parent.name}/{version_dir.parent.name}"
            found.append(Provider(source, version_dir.name, f"mirror {mirror}"))
    return found


def locked_providers(lock_file: Path) -> list[Provider]:
    """The provider versions a dependency lock file selects."""
    text = lock_file.read_text(encoding="utf-8", errors="replace")
    return [
        Provider(address.removeprefix(f"{REGISTRY}/"), version, str(lock_file))
        for address, version in _LOCKED_PROVIDER.findall(text)
    ]


def providers() -> list[Provider]:
    mirror = find_mirror()
    found = mirrored_providers(mirror) if mirror is not None else []
    lock_file = Path.cwd() / LOCK_FILE
    if lock_file.is_file():
        found += locked_providers(lock_file)
    return found


@cli.command(name="version")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of lines.")
def version_command(as_json: bool) -> None:
    """Print the versions of layer, Python, Terraform and the providers (from the mirror or ./.terraform.lock.hcl)."""
    terraform = terraform_version()
    found = providers()
    python = sys.version.split()[0]
    if as_json:
        payload = {
            "layer": __version__,
            "python": python,
            "terraform": terraform,
            "providers": [{"source": p.source, "version": p.version, "origin": p.origin} for p in found],
        }
        click.echo(json.dumps(payload, indent=2))
    else:
        click.echo(f"layer {__version__}")
        click.echo(f"python {python}")
        click.echo(f"terraform {terraform or 'not found'}")
        for provider in found:
            click.echo(f"provider {provider.source} {provider.version} ({provider.origin})")
        if not found:
            click.echo(f"provider: no mirror (${MIRROR_ENV}) and no ./{LOCK_FILE}: the registry decides at init")
    if terraform is None:
        raise LayerError(
            "terraform was not found or did not report its version",
            hint=f"install Terraform >= 1.9 on PATH, or set {TERRAFORM_ENV} to its binary",
        )
