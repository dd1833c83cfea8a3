"""Hints that fit the environment (issue 14): a prod layer without AWS credentials hears about credentials,
never about the emulator; a layer whose local emulator is down hears `layer emulator start`; a custom
endpoint that is not local is named, not called an emulator. Through the real CLI, no Terraform started."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from layer.hints import backend_hint, terraform_hint
from tests.conftest import TreeMaker, git, layer_yaml
from tests.unit.contract_tree import ProdCopy, copy_prod

KMS = "live/prod/ap-northeast-2/kms"


def test_a_prod_layer_without_credentials_is_told_about_credentials(tmp_path: Path) -> None:
    prod: ProdCopy = copy_prod(tmp_path)
    outcome = prod.layer("plan", KMS)  # HOME is empty and no AWS_* variable is set: no credentials anywhere
    assert outcome.code == 1, outcome.output
    assert "no usable AWS credentials" in outcome.output and "AWS_PROFILE" in outcome.output, outcome.output
    assert "emulator" not in outcome.output, outcome.output
    assert outcome.terraform_calls == "" and "Traceback" not in outcome.output


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # nothing listens once the probe is closed


def endpoint_tree(make_tree: TreeMaker, url: str) -> Path:
    defaults = f"backend:\n  region: ap-northeast-2\n  endpoints:\n    s3: {url}\n    sts: {url}\n"
    return make_tree({"test/_defaults.yaml": defaults, "test/app/layer.yaml": layer_yaml("../../../modules/m")})


def run(live: Path, tmp_path: Path) -> tuple[int, str]:
    fake = tmp_path / "terraform-must-not-run"
    fake.write_text(f"#!/bin/sh\ntouch {tmp_path / 'terraform-ran'}\nexit 1\n")
    fake.chmod(0o755)
    done = subprocess.run(
        [str(Path(sys.executable).parent / "layer"), "plan", str(live / "test/app")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        stdin=subprocess.DEVNULL,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "LAYER_TERRAFORM_BIN": str(fake),
            "LAYER_WORK_DIR": str(tmp_path / "work"),
        },
    )
    assert not (tmp_path / "terraform-ran").exists()
    return done.returncode, done.stdout + done.stderr


def test_a_local_layer_with_the_emulator_down_is_told_to_start_it(make_tree: TreeMaker, tmp_path: Path) -> None:
    code, said = run(endpoint_tree(make_tree, f"http://127.0.0.1:{closed_port()}"), tmp_path)
    assert code == 1 and "`layer emulator start`" in said and "Traceback" not in said, said


def test_a_remote_custom_endpoint_is_named_not_called_an_emulator(make_tree: TreeMaker, tmp_path: Path) -> None:
    code, said = run(endpoint_tree(make_tree, "http://state.invalid:4566"), tmp_path)
    assert code == 1 and "http://state.invalid:4566" in said and "Traceback" not in said, said
    assert "emulator" not in said, said


@pytest.mark.parametrize(
    ("backend", "error", "expected", "absent"),
    [
        ({"region": "ap-northeast-2"}, "Unable to locate credentials", "no usable AWS credentials", "emulator"),
        ({"region": "ap-northeast-2"}, "Connect timeout on endpoint URL", "AWS did not answer", "emulator"),
        ({"endpoints": {"s3": "http://127.0.0.1:4566"}}, "Could not connect", "layer emulator start", "credentials"),
        ({"endpoints": {"s3": "https://minio.corp:9000"}}, "Could not connect", "minio.corp:9000", "emulator"),
    ],
)
def test_backend_hint_by_environment(backend: dict[str, object], error: str, expected: str, absent: str) -> None:
    hint = backend_hint(backend, error)
    assert expected in hint and absent not in hint, hint


def test_terraform_hint_for_credentials_and_a_stopped_emulator() -> None:
    prod = {"region": "ap-northeast-2"}
    assert "AWS_PROFILE" in terraform_hint("Error: No valid credential sources found", prod)
    local = {"endpoints": {"s3": "http://127.0.0.1:4566"}}
    assert "layer emulator start" in terraform_hint("dial tcp 127.0.0.1:4566: connect: connection refused", local)
    assert terraform_hint("Error: Invalid value for variable", prod) == ""


def test_affected_since_names_removed_layers_instead_of_saying_nothing(make_tree: TreeMaker, tmp_path: Path) -> None:
    live = make_tree(
        {"test/a/layer.yaml": layer_yaml("../../../modules/m"), "test/b/layer.yaml": layer_yaml("../../../modules/m")}
    )
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "two layers")
    git(tmp_path, "rm", "-q", "-r", "live/test/b")
    done = subprocess.run(
        [str(Path(sys.executable).parent / "layer"), "run-all", "plan", str(live), "--affected-since", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LAYER_WORK_DIR": str(tmp_path / "work")},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no layer under" in done.stdout
    assert "removed since HEAD: test/b; their resources stay in their state until destroyed" in done.stderr
    assert "--destroy-removed" in done.stderr
