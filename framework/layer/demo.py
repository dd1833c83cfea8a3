"""`layer demo up|down`: the main job on the embedded default, in one command.

up: start the emulator, bootstrap the environment, apply every layer, print the summary and the key
outputs, then plan again to show that nothing drifts; the emulator is left running.
down: destroy every layer in reverse order, then stop the emulator (the backend goes with it).
"""

from __future__ import annotations

import fnmatch
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from layer import emulator
from layer.bootstrap import BootstrapResult, bootstrap
from layer.config.model import Tree
from layer.errors import LayerError
from layer.pipeline import RunRequest, execute_plan, prepare_run
from layer.plan.actions import LayerRunner
from layer.plan.executor import LayerResult
from layer.plan.plan import RunPlan
from layer.plan.report import exit_code, summary_table
from layer.status import gather
from layer.status import table as status_table
from layer.terraform.generate import backend_config, work_root

Echo = Callable[[str], None]
# The demo's terraform runs (apply, re-plan, destroy of every layer on 2 cores) inherit this unless GOGC is
# set: the AWS provider builds its whole schema at each start and spends about a quarter of that CPU in Go's
# garbage collector at the default of 100 (the module gate and the integration tests use the same value).
GOGC_FOR_TERRAFORM = "400"


@dataclass
class DemoReport:
    emulator_url: str
    bootstrap: BootstrapResult | None
    apply: tuple[RunPlan, dict[str, LayerResult]] | None = None
    replan: tuple[RunPlan, dict[str, LayerResult]] | None = None


def emulator_port() -> int:
    url = os.environ.get("LAYER_EMULATOR_URL")
    return urlparse(url).port or emulator.DEFAULT_PORT if url else emulator.DEFAULT_PORT


def up(path: Path, say: Echo, stream: Echo | None, parallelism: int = 0) -> DemoReport:
    state_dir = work_root(_root(path))
    os.environ.setdefault("GOGC", GOGC_FOR_TERRAFORM)
    info = emulator.start(state_dir, emulator_port())
    os.environ.setdefault("LAYER_EMULATOR_URL", info.url)
    say(f"==> emulator: {info.url} (pid {info.pid})")
    say(f"==> bootstrap {path}")
    boot = bootstrap(path, stream)
    say(f"    {boot.action}: state in s3://{boot.bucket}/{boot.key}")
    report = DemoReport(info.url, boot)
    say(f"==> run-all apply {path}")
    report.apply = _run("apply", path, stream, parallelism)
    say(summary_table(*report.apply))
    if exit_code(report.apply[1]) != 0:
        raise LayerError("the apply failed; see the summary above and the logs it names")
    say("==> key outputs")
    for line in key_outputs(report.apply[0].tree, report.apply[0].order):
        say(line)
    say(f"==> run-all plan {path} (a second plan must show no changes)")
    report.replan = _run("plan", path, stream, parallelism)
    say(summary_table(*report.replan))
    if exit_code(report.replan[1]) != 0:
        raise LayerError("the re-plan is not clean: something drifts (see the summary above)")
    say(f"==> status {path} (each layer's last run, lock and drift, from the state backend)")
    statuses, disabled = gather(path)
    say(status_table(statuses, disabled))
    if any(s.needs_attention for s in statuses):
        raise LayerError("a layer is not in sync or still locked after the apply (see the status above)")
    say(f"==> done. The emulator keeps running at {info.url}.")
    say("    Destroy everything and stop it: make demo-down   (or: .venv/bin/layer demo down live/local)")
    return report


def down(path: Path, say: Echo, stream: Echo | None, parallelism: int = 0) -> None:
    state_dir = work_root(_root(path))
    running = emulator.status(state_dir)
    if running is None:
        say("==> no emulator is running: nothing to destroy (its data lives only in memory)")
        return
    os.environ.setdefault("LAYER_EMULATOR_URL", running.url)
    os.environ.setdefault("GOGC", GOGC_FOR_TERRAFORM)
    say(f"==> run-all destroy {path} (reverse order)")
    plan, results = _run("destroy", path, stream, parallelism)
    say(summary_table(plan, results))
    stopped = emulator.stop(state_dir)
    say(f"==> emulator stopped (pid {stopped.pid if stopped else '?'}); the state backend went with it")
    if exit_code(results) != 0:
        raise LayerError("destroy failed in some layers; the emulator was stopped anyway")


KEY_OUTPUTS = (
    "vpc_id",
    "vpc_cidr_block",
    "*_subnet_ids",
    "transit_gateway_id",
    "nat_public_ips",
    "key_arns",
    "key_aliases",
    "*bucket_name",
    "*bucket_arn",
    "*_topic_arns",
    "*log_group_names",
    "*_secret_arns",
    "*_endpoint",
    "*_zone_ids",
)


def key_outputs(tree: Tree, order: list[str], width: int = 160) -> list[str]:
    """The outputs service teams use most, per layer; `layer output LAYER` prints all of them."""
    lines = []
    runner = LayerRunner(tree, "output")
    for ident in order:
        layer = tree.layers[ident]
        state = runner.states.read(backend_config(layer), runner.env_for(layer))
        if not state.outputs:
            continue
        where = layer.dir.relative_to(Path.cwd()) if layer.dir.is_relative_to(Path.cwd()) else layer.dir
        lines.append(f"{ident}:   (all outputs: layer output {where})")
        for name, value in sorted(state.outputs.items()):
            if not any(fnmatch.fnmatchcase(name, pattern) for pattern in KEY_OUTPUTS):
                continue
            if name in state.sensitive:
                lines.append(f"  {name} = (sensitive)")
            elif isinstance(value, dict) and value:
                lines += [f"  {name}.{key} = {_short(item, width)}" for key, item in sorted(value.items())]
            else:
                lines.append(f"  {name} = {_short(value, width)}")
    return lines


def _short(value: Any, width: int) -> str:
    text = json.dumps(value, sort_keys=True)
    return text if len(text) <= width else text[: width - 3] + "..."


def _root(path: Path) -> Path:
    from layer.config.tree import find_root

    return find_root(path)


def _run(command: str, path: Path, stream: Echo | None, parallelism: int) -> tuple[RunPlan, dict[str, LayerResult]]:
    request = RunRequest(command, path, parallelism=parallelism)
    plan = prepare_run(request)
    return plan, execute_plan(plan, request, stream)
