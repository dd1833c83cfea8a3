"""The benchmarks' own moto emulator (a free 127.0.0.1 port, stopped by its PID) and small emulator trees."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import boto3

from bench.measure import LAYER, Run, run
from bench.treegen import Emulator, GeneratedTree, TreeSpec, generate
from layer import emulator

REGION = "ap-northeast-2"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": REGION}


@contextmanager
def running_emulator(workspace: Path) -> Iterator[str]:
    state_dir = workspace / "emulator"
    info = emulator.start(state_dir, emulator.free_port())
    try:
        yield info.url
    finally:
        emulator.stop(state_dir)


def make_bucket(url: str, name: str) -> None:
    s3 = boto3.client(
        "s3", endpoint_url=url, region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test"
    )
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "ap-northeast-2"})


@dataclass(frozen=True)
class EmulatorTree:
    """N independent terraform_data layers whose state lives in the emulator."""

    tree: GeneratedTree
    work: Path  # LAYER_WORK_DIR
    env: dict[str, str]  # for `layer`

    @property
    def cli_config(self) -> Path:
        return self.work / "terraformrc"

    def work_dirs(self) -> list[Path]:
        root = self.work / "work" / self.tree.live.name
        return [root / d.relative_to(self.tree.live) for d in self.tree.layer_dirs]

    def terraform_env(self, cli_config: Path | None = None) -> dict[str, str]:
        """What `layer` gives Terraform, for running the same commands by hand."""
        return {
            **os.environ,
            **CREDENTIALS,
            "TF_CLI_CONFIG_FILE": str(cli_config or self.cli_config),
            "TF_IN_AUTOMATION": "1",
            "TF_INPUT": "0",
        }

    def reset(self, keep_lock: bool = False) -> None:
        """Back to freshly generated work dirs: no .terraform, plan or logs (nor lock file, unless kept)."""
        for directory in self.work_dirs():
            for name in (".terraform", "logs"):
                shutil.rmtree(directory / name, ignore_errors=True)
            (directory / "tfplan").unlink(missing_ok=True)
            if not keep_lock:
                (directory / ".terraform.lock.hcl").unlink(missing_ok=True)


def emulator_tree(workspace: Path, name: str, layers: int, url: str, env: dict[str, str]) -> EmulatorTree:
    bucket = f"bench-{name}"
    make_bucket(url, bucket)
    spec = TreeSpec(
        layers,
        environments=("dev",),
        regions=(REGION,),
        stacks=("app",),
        max_dependencies=0,
        emulator=Emulator(url, bucket),
    )
    tree = generate(workspace / name, spec)
    work = workspace / f"{name}-work"
    return EmulatorTree(tree, work, {**env, "LAYER_WORK_DIR": str(work)})


def layer_run_all(tree: EmulatorTree, command: str, parallelism: int, *extra: str) -> Run:
    """`layer run-all COMMAND` as a user runs it (exit 2, changes present, is a success)."""
    argv = [LAYER, "run-all", command, str(tree.tree.live), "--quiet", "--parallelism", str(parallelism), *extra]
    return run(argv, tree.env)


def run_failed(result: Run) -> str:
    return "" if result.returncode in (0, 2) else result.failure()
