"""Evidence for docs/adr/0004-terraform-invocation.md: where python-terraform 0.10.1 falls short.

If python-terraform is fixed upstream these tests fail, and the ADR should be revisited.
"""

from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path

import pytest

from layer.terraform.adapter import Terraform as Adapter
from layer.terraform.cliconfig import find_mirror, write_cli_config

pytestmark = [
    pytest.mark.terraform,
    pytest.mark.skipif(shutil.which("terraform") is None or find_mirror() is None, reason="needs terraform"),
]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "main.tf").write_text('resource "terraform_data" "x" { input = "a" }\n')
    monkeypatch.setenv("TF_CLI_CONFIG_FILE", str(write_cli_config(tmp_path / ".layer")))
    return tmp_path


def test_python_terraform_destroy_is_broken_on_terraform_1_11(workdir: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from python_terraform import Terraform

    tf = Terraform(working_dir=str(workdir))
    assert tf.init()[0] == 0
    assert tf.apply(skip_plan=True)[0] == 0
    code, _, err = tf.destroy()
    assert code == 1
    assert "flag provided but not defined: -force" in err


def test_python_terraform_does_not_raise_on_failure_by_default(workdir: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from python_terraform import Terraform

    (workdir / "main.tf").write_text("this is not HCL {\n")
    code, _, _ = Terraform(working_dir=str(workdir)).plan()
    assert code == 1  # an error is only a return code; nothing is raised unless raise_on_error=True


def test_adapter_streams_captures_and_logs(workdir: Path) -> None:
    seen: list[str] = []
    adapter = Adapter(workdir, env=dict(os.environ), log_path=workdir / "log.txt", echo=seen.append)
    result = adapter.run(["init", "-no-color"])
    assert result.returncode == 0
    assert any("Terraform has been successfully initialized" in line for line in seen), "streamed live"
    assert "successfully initialized" in result.output, "and captured for parsing"
    assert "successfully initialized" in (workdir / "log.txt").read_text(), "and logged"
    destroy = adapter.run(["destroy", "-auto-approve", "-no-color"])
    assert destroy.returncode == 0
