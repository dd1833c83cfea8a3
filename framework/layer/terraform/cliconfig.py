"""The Terraform CLI configuration that every `layer` run writes for itself.

Terraform is never left to read a hand-made ~/.terraformrc: where a provider filesystem mirror
exists, providers come from it (and are symlinked, not copied); otherwise they come from the
registry through one shared plugin cache, so no layer holds its own copy of a provider.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

from layer.errors import LayerError

DEFAULT_MIRRORS = (Path("/opt/tf-plugins"),)
MIRROR_ENV = "LAYER_PROVIDER_MIRROR"


@dataclass(frozen=True)
class CliConfig:
    mirror: Path | None
    plugin_cache: Path

    def render(self) -> str:
        # With a mirror, Terraform symlinks the unpacked provider straight from it; a plugin cache
        # on top would only copy it once more. Without one, the shared cache keeps one copy.
        if self.mirror is not None:
            lines = [
                "provider_installation {",
                "  filesystem_mirror {",
                f'    path    = "{self.mirror.as_posix()}"',
                '    include = ["registry.terraform.io/*/*"]',
                "  }",
                "}",
            ]
        else:
            lines = [
                f'plugin_cache_dir = "{self.plugin_cache.as_posix()}"',
                "provider_installation {",
                "  direct {}",
                "}",
            ]
        return "\n".join(lines) + "\n"


def find_mirror(explicit: str | None = None) -> Path | None:
    """The provider mirror to use: an explicit path, $LAYER_PROVIDER_MIRROR, or a known default."""
    candidates = [explicit, os.environ.get(MIRROR_ENV)]
    for candidate in candidates:
        if candidate:
            path = Path(candidate)
            if not (path / "registry.terraform.io").is_dir():
                raise LayerError(
                    f"provider mirror {path} does not exist or holds no registry.terraform.io/ tree",
                    hint=f"unset {MIRROR_ENV} to use the registry with a shared plugin cache, "
                    "or point it at an unpacked mirror (terraform providers mirror DIR)",
                )
            return path
    for path in DEFAULT_MIRRORS:
        if (path / "registry.terraform.io").is_dir():
            return path
    return None


def write_cli_config(state_dir: Path, mirror: str | None = None) -> Path:
    """Write `terraformrc` under state_dir (normally `.layer/`) and return its path."""
    state_dir.mkdir(parents=True, exist_ok=True)
    cache = state_dir / "plugin-cache"
    cache.mkdir(exist_ok=True)
    config = CliConfig(mirror=find_mirror(mirror), plugin_cache=cache.resolve())
    path = state_dir / "terraformrc"
    text = config.render()
    if not path.exists() or path.read_text() != text:
        _replace_atomically(path, text)
    return path.resolve()


def _replace_atomically(path: Path, text: str) -> None:
    """Concurrent runs share this file: a Terraform starting meanwhile reads the old one or the new one,
    never half of one."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_text(text)
    os.replace(temporary, path)


def main() -> None:
    """`python -m layer.terraform.cliconfig [DIR]`: write the config and print its path."""
    import sys

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(".layer")
    print(write_cli_config(target))


if __name__ == "__main__":
    main()
