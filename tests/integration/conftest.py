"""Fixtures that run the real moto emulator on a free 127.0.0.1 port and the real `layer` CLI."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest

from layer import emulator

LAYER_BIN = str(Path(sys.executable).parent / "layer")

# Every terraform these tests start (through `layer`) inherits this. The AWS provider builds its whole
# schema at each start and spends about a quarter of that CPU in Go's garbage collector at the default
# GOGC=100; the suite is CPU-bound on 2 cores. The module gate does the same (layer.gate.runner).
os.environ.setdefault("GOGC", "400")


# Longest files first. `make integration` runs `-n 3 --dist loadfile`, and xdist hands out files in the
# order of the collection (alphabetical): the platform test (demo up and down of every live/local layer,
# about 10 of the suite's 15 minutes, measured) used to start only after the files before it, and the
# suite ended with one worker running it alone. Started first, the other files fill the other workers.
LONGEST_FIRST = ("test_local_env.py", "test_secrets_leak.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: within a file, and among the other files, the order stays


@dataclass(frozen=True)
class Moto:
    url: str
    state_dir: Path

    def client(self, service: str) -> object:
        return boto3.client(
            service,
            endpoint_url=self.url,
            region_name="ap-northeast-2",
            aws_access_key_id="test",
            aws_secret_access_key="test",
        )


@pytest.fixture(scope="session")
def moto(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Moto]:
    state_dir = tmp_path_factory.mktemp("emulator")
    info = emulator.start(state_dir, emulator.free_port())
    try:
        yield Moto(info.url, state_dir)
    finally:
        emulator.stop(state_dir)


@pytest.fixture
def own_moto(tmp_path: Path) -> Iterator[Moto]:
    """An emulator for one test alone. The session's `moto` is one AWS account shared by every test of
    an xdist worker: a test that writes a fixed account-wide name (an SSM path such as
    /platform/local/..., live/local's state bucket, an ALB or ECR repository name) takes this one, so
    what it leaves behind never meets another test (a test that wrote /platform/local/network/vpc_id
    once made a later `publish:` apply fail with ParameterAlreadyExists)."""
    state_dir = tmp_path / "emulator"
    state_dir.mkdir()
    info = emulator.start(state_dir, emulator.free_port())
    try:
        yield Moto(info.url, state_dir)
    finally:
        emulator.stop(state_dir)


def faults_env(moto: Moto, tmp_path: Path, prefix: str) -> dict[str, str]:
    """The environment the faults fixture tree reads: its own versioned state bucket and work directory."""
    bucket = f"{prefix}-{tmp_path.name[-20:].lower().replace('_', '-')}".rstrip("-")
    make_state_bucket(moto, bucket)
    return {
        "LAYER_EMULATOR_URL": moto.url,
        "LAYER_TEST_STATE_BUCKET": bucket,
        "LAYER_WORK_DIR": str(tmp_path / "work"),
    }


def make_state_bucket(moto: Moto, name: str) -> None:
    s3 = moto.client("s3")
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "ap-northeast-2"})  # type: ignore[attr-defined]
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})  # type: ignore[attr-defined]


# How long `layer` may take to stop Terraform after SIGTERM (it forwards the signal and waits) before the
# whole process group is killed.
STOP_GRACE_SECONDS = 60


def layer_cli(
    args: list[str], env: dict[str, str], cwd: Path | None = None, timeout: int = 900
) -> subprocess.CompletedProcess[str]:
    """Run the real CLI. It runs in a process group of its own: on a timeout it gets SIGTERM (it stops
    its Terraform and releases its locks, as for a CI cancel), then the whole group SIGKILL, so no
    Terraform or provider process outlives the test (subprocess.run's timeout kills only `layer`)."""
    with subprocess.Popen(
        [LAYER_BIN, *args],
        env={**os.environ, **env},
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    ) as proc:
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.communicate(timeout=STOP_GRACE_SECONDS)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)
