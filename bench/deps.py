"""Section 2: dependency outputs read from S3 state (StateReader) against `terraform output -json`."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path

from bench.emu import emulator_tree, layer_run_all
from bench.measure import Stat, failed, run
from bench.scale import inproc


@dataclass
class OutputsResult:
    dependencies: int
    state_reader: Stat = field(default_factory=lambda: failed("not measured"))
    terraform_output: Stat = field(default_factory=lambda: failed("not measured"))
    client_setup: float = 0.0  # median seconds to make one boto3 session + S3 client
    clients_per_round: float = 0.0  # boto3 clients StateReader made to read every dependency once
    reused_client: Stat = field(default_factory=lambda: failed("not measured"))  # the GETs through one client

    @property
    def ratio(self) -> float:
        if not (self.state_reader.ok and self.terraform_output.ok):
            return 0.0
        return self.terraform_output.median / self.state_reader.median


def run_outputs(workspace: Path, url: str, layers: int, repeats: int, env: dict[str, str]) -> OutputsResult:
    tree = emulator_tree(workspace, "outputs", layers, url, env)
    result = OutputsResult(dependencies=layers)
    applied = layer_run_all(tree, "apply", 2, "--yes")
    if applied.returncode != 0:
        result.state_reader = result.terraform_output = failed(f"run-all apply failed: {applied.failure()}")
        return result
    data = inproc(["outputs", str(tree.tree.live), str(repeats)], tree.env)
    if "error" in data:
        result.state_reader = failed(data["error"])
    else:
        result.state_reader = Stat(tuple(data["rounds"]))
        result.client_setup = statistics.median(data["client_setup"])
        result.clients_per_round = float(data["clients_per_round"])
        result.reused_client = Stat(tuple(data["reused_client"]))
    result.terraform_output = _terraform_output(tree.work_dirs(), tree.terraform_env(), repeats)
    return result


def _terraform_output(work_dirs: list[Path], env: dict[str, str], repeats: int) -> Stat:
    """`terraform output -json` in each (initialised) work dir, one after the other, per round."""
    rounds = []
    peak = []
    for _ in range(repeats):
        total = 0.0
        for directory in work_dirs:
            result = run(["terraform", "output", "-json"], env, directory)
            if result.returncode != 0:
                return failed(f"terraform output in {directory.name}: {result.failure()}")
            total += result.seconds
            peak.append(result.max_rss_kb)
        rounds.append(total)
    return Stat(tuple(rounds), tuple(peak))
