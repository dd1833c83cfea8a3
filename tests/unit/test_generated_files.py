"""Generated files in the repository are what the generators produce today (else `make docs`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

LAYER = str(Path(sys.executable).parent / "layer")


@pytest.mark.parametrize(
    "args",
    [
        ["architecture", "live/prod", "--check"],
        ["atlantis", "generate", "live", "--exclude", "local/*", "--check"],
        ["docs", "--check"],
    ],
    ids=["docs/architecture.md", "atlantis.yaml", "module READMEs"],
)
def test_generated_file_is_current(args: list[str]) -> None:
    result = subprocess.run([LAYER, *args], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr + "\nrun `make docs` and commit the result"
