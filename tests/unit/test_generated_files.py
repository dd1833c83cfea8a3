"""Generated files in the repository are what the generators produce today (else `make docs`)."""

from __future__ import annotations

import pytest

from tests.cli_zygote import layer_process
from tests.conftest import ROOT


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
    result = layer_process(args, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr + "\nrun `make docs` and commit the result"
