"""Section 4: disk per layer after `terraform init`, and init time, by provider installation method."""

from __future__ import annotations

import shutil
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from bench.emu import EmulatorTree
from bench.measure import du_kb, run
from layer.terraform.cliconfig import CliConfig, find_mirror, write_cli_config


@dataclass
class Variant:
    name: str
    init_seconds: tuple[float, ...] = ()
    disk_kb: tuple[int, ...] = ()
    shared_kb: int = 0  # the one store every layer links to (mirror or cache), counted once
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and bool(self.init_seconds)

    @property
    def init_median(self) -> float:
        return statistics.median(self.init_seconds)

    @property
    def disk_median_kb(self) -> float:
        return statistics.median(self.disk_kb)


@dataclass
class ProvidersResult:
    layers: int
    mirror: str | None
    provider_package_kb: int = 0  # one unpacked copy of the provider: what a layer holds without sharing
    variants: list[Variant] = field(default_factory=list)


def _mirror_as_cache(mirror: Path, cache: Path) -> str:
    """A plugin cache filled from the local mirror on first use (no network needed)."""
    return (
        CliConfig(mirror=mirror, plugin_cache=cache)
        .render()
        .replace("provider_installation {", f'plugin_cache_dir = "{cache.as_posix()}"\nprovider_installation {{', 1)
    )


def _measure(tree: EmulatorTree, name: str, config: Path, shared: Path | None, keep_lock: bool = False) -> Variant:
    tree.reset(keep_lock)
    variant = Variant(name)
    seconds, disk = [], []
    for directory in tree.work_dirs():
        result = run(["terraform", "init", "-input=false", "-no-color"], tree.terraform_env(config), directory)
        if result.returncode != 0:
            variant.error = result.failure()
            return variant
        seconds.append(result.seconds)
        disk.append(du_kb(directory))
    variant.init_seconds, variant.disk_kb = tuple(seconds), tuple(disk)
    variant.shared_kb = du_kb(shared) if shared is not None and shared.exists() else 0
    return variant


def run_providers(workspace: Path, tree: EmulatorTree) -> ProvidersResult:
    mirror = find_mirror()
    result = ProvidersResult(len(tree.work_dirs()), str(mirror) if mirror else None)
    if mirror is None:
        result.variants.append(Variant("filesystem mirror", error="no provider mirror on this machine"))
    else:
        package = next(mirror.glob("registry.terraform.io/hashicorp/aws/*/*"), None)
        result.provider_package_kb = du_kb(package) if package else 0
        config = write_cli_config(tree.work)
        result.variants.append(_measure(tree, "filesystem mirror, symlinked (layer's CLI config)", config, mirror))
        cache = workspace / "mirror-cache"
        cache.mkdir(exist_ok=True)
        rc = workspace / "terraformrc-mirror-cache"
        rc.write_text(_mirror_as_cache(mirror, cache))
        result.variants.append(_measure(tree, "plugin cache filled from the local mirror", rc, cache))
    result.variants.append(_registry_variant(workspace, tree))
    return result


def _registry_variant(workspace: Path, tree: EmulatorTree) -> Variant:
    """layer's config without a mirror: the registry through a shared plugin cache. Offline it can only
    fail; it is tried with the cache already filled and the lock files kept, its best case."""
    cache = workspace / "registry-cache"
    filled = workspace / "mirror-cache"
    if filled.is_dir() and not cache.exists():
        shutil.copytree(filled, cache, symlinks=True)
    cache.mkdir(exist_ok=True)
    config = workspace / "terraformrc-registry"
    config.write_text(CliConfig(mirror=None, plugin_cache=cache).render())
    name = "registry + shared plugin cache (layer's CLI config without a mirror)"
    return _measure(tree, name, config, cache, keep_lock=True)
