"""The modules' one Lambda zip builder (modules/_build/lambda_zip.py), which modules/secrets and
modules/security call from their functions/build.py: the same sources give the same bytes whatever the
files' times, permissions and caches, and each module keeps its own compression and output folder."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

MODULES = ROOT / "modules"


def run_build(functions: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(functions / "build.py"), *args], capture_output=True, text=True, check=False
    )


def module_copy(tmp_path: Path, module: str) -> Path:
    """modules/MODULE/functions (sources and build.py, no zips) and modules/_build, copied under tmp_path."""
    functions = tmp_path / "modules" / module / "functions"
    shutil.copytree(MODULES / "_build", tmp_path / "modules/_build")
    shutil.copytree(MODULES / module / "functions", functions, ignore=shutil.ignore_patterns("build", "dist"))
    return functions


def test_the_same_sources_give_the_same_bytes_whatever_their_times_permissions_and_caches(tmp_path: Path) -> None:
    sys.path.insert(0, str(MODULES / "_build"))
    try:
        import lambda_zip
    finally:
        sys.path.remove(str(MODULES / "_build"))
    src = MODULES / "security/functions/remediate/src"
    copy = tmp_path / "src"
    shutil.copytree(src, copy)
    for path in copy.rglob("*"):
        os.utime(path, (1_900_000_000, 1_900_000_000))
        path.chmod(0o700 if path.is_dir() else 0o600)
    (copy / "__pycache__").mkdir(exist_ok=True)
    (copy / "__pycache__/handler.cpython-311.pyc").write_bytes(b"\0cache")
    (copy / ".editor-swap").write_text("x")
    for deflate in (False, True):
        assert lambda_zip.zip_bytes(copy, deflate) == lambda_zip.zip_bytes(src, deflate)
    assert lambda_zip.zip_bytes(src, False) == (MODULES / "security/functions/dist/remediate.zip").read_bytes()


@pytest.mark.parametrize(
    ("module", "out", "compression"),
    [("secrets", "build", zipfile.ZIP_DEFLATED), ("security", "dist", zipfile.ZIP_STORED)],
)
def test_each_module_builds_into_its_folder_with_its_compression(
    tmp_path: Path, module: str, out: str, compression: int
) -> None:
    functions = module_copy(tmp_path, module)
    missing = run_build(functions, "--check")
    assert missing.returncode == 1 and "missing or out of date" in missing.stdout, missing.stdout + missing.stderr
    built = run_build(functions)
    assert built.returncode == 0, built.stderr
    zips = sorted((functions / out).glob("*.zip"))
    names = sorted(p.parent.name for p in functions.glob("*/src"))
    assert [z.stem for z in zips] == names and names
    for path in zips:
        entries = zipfile.ZipFile(io.BytesIO(path.read_bytes())).infolist()
        assert entries and {e.compress_type for e in entries} == {compression}
        assert [e.filename for e in entries] == sorted(e.filename for e in entries)
        assert {e.date_time for e in entries} == {(1980, 1, 1, 0, 0, 0)}
    assert run_build(functions, "--check").returncode == 0
