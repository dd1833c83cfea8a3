"""The CLI as a user installs it: a wheel built from the repository, in a fresh virtualenv.

Nothing of the repository's own virtualenv is visible there (no --system-site-packages, no PYTHONPATH):
the schemas must travel inside the wheel as package data, and the dependencies come from the package
index (pip's cache makes a repeated run fast).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.integration

PIP = [sys.executable, "-m", "pip"]
SOURCE_IGNORED = shutil.ignore_patterns("__pycache__", "*.egg-info", "build", ".layer")


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=600)
    assert result.returncode == 0, f"{' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result


def build_wheel(tmp_path: Path) -> Path:
    """`pip wheel` from a copy of the sources, so the repository gets no build/ directory."""
    source = tmp_path / "source"
    source.mkdir()
    shutil.copy2(ROOT / "pyproject.toml", source / "pyproject.toml")
    shutil.copytree(ROOT / "framework", source / "framework", ignore=SOURCE_IGNORED)
    dist = tmp_path / "dist"
    run([*PIP, "wheel", "--no-deps", "--quiet", "--wheel-dir", str(dist), str(source)], cwd=tmp_path)
    (wheel,) = dist.glob("*.whl")
    return wheel


def fresh_venv(tmp_path: Path, wheel: Path) -> Path:
    """A virtualenv of its own; this interpreter's pip installs the wheel and its dependencies into it."""
    target = tmp_path / "venv"
    venv.create(target, with_pip=False, system_site_packages=False)
    python = target / "bin" / "python"
    run([*PIP, "--python", str(python), "install", "--quiet", str(wheel)], cwd=tmp_path)
    return target


def user_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["LAYER_WORK_DIR"] = str(tmp_path / "work")
    return env


def test_wheel_in_a_fresh_virtualenv_validates_a_clone_of_the_repository(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path)
    assert wheel.name.startswith("layer_tf-"), "the distribution name is layer-tf (`layer` on PyPI is another project)"
    target = fresh_venv(tmp_path, wheel)
    env = user_env(tmp_path)
    clone = tmp_path / "elsewhere" / "platform"
    run(["git", "clone", "--quiet", "--local", str(ROOT), str(clone)], cwd=tmp_path)

    where = run([str(target / "bin/python"), "-c", "import layer; print(layer.__file__)"], cwd=tmp_path, env=env)
    assert Path(where.stdout.strip()).is_relative_to(target), "layer is imported from the new virtualenv"
    validated = run([str(target / "bin/layer"), "validate", "live"], cwd=clone, env=env)
    assert validated.stdout.startswith("ok: "), validated.stdout
    version = run([str(target / "bin/layer"), "version"], cwd=tmp_path, env=env)
    assert version.stdout.startswith("layer "), version.stdout
    atlantis = run([str(target / "bin/layer"), "atlantis", "generate", "--check"], cwd=clone, env=env)
    assert atlantis.stdout.startswith("ok: "), "the clone's atlantis.yaml agrees with no arguments"
