"""The same generated DAG as a Sceptre 4.7.0 project, and Sceptre's own virtualenv (bench/.venv-sceptre).

Every layer becomes a stack config `config/GROUP/REGION/NAME.yaml` with the same edges as `dependencies:`
(paths from `config/`), its inputs as `sceptre_user_data` and each whole-value `${dependency.D.outputs.O}`
reference as a `!stack_output DEP.yaml::O` resolver (Sceptre's way to read another stack's output, which
it also counts as a dependency). The `_defaults.yaml` chain becomes `config.yaml` at the same levels.
Sceptre renders every config file through Jinja2 and parses it as YAML, then builds its StackGraph.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from bench.measure import REPO
from bench.realistic import RealisticTree

SCEPTRE_VERSION = "4.7.0"
VENV = REPO / "bench" / ".venv-sceptre"
SCEPTRE = VENV / "bin" / "sceptre"
PYTHON = VENV / "bin" / "python"
DUMMY_AWS = {
    "AWS_ACCESS_KEY_ID": "x",
    "AWS_SECRET_ACCESS_KEY": "x",
    "AWS_DEFAULT_REGION": "ap-northeast-2",
    "AWS_EC2_METADATA_DISABLED": "true",
}
_WHOLE_REFERENCE = re.compile(r"^\$\{dependency\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)[^}]*\}$")
TEMPLATE = (
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Resources:\n  Nothing:\n    Type: AWS::CloudFormation::WaitConditionHandle\n"
)

# What `sceptre launch` does before its first AWS call: read every config, build the graph, order it.
ORDER_SCRIPT = """
import sys
from sceptre.context import SceptreContext
from sceptre.plan.plan import SceptrePlan
plan = SceptrePlan(SceptreContext(project_path=sys.argv[1], command_path=""))
plan.resolve("launch")
print(sum(len(b) for b in plan.launch_order), len(plan.launch_order))
"""


def ensure_venv(log: Any = print) -> str:
    """Sceptre in a virtualenv of its own (created once, from PyPI). Returns its version, or raises."""
    if not SCEPTRE.exists():
        log(f"installing sceptre=={SCEPTRE_VERSION} into {VENV}")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        pip = [str(VENV / "bin" / "pip"), "install", "-q", f"sceptre=={SCEPTRE_VERSION}"]
        subprocess.run(pip, check=True, capture_output=True)
    out = subprocess.run([str(SCEPTRE), "--version"], capture_output=True, text=True, check=True).stdout
    return out.strip().rsplit(" ", 1)[-1]


class StackOutput(str):
    """A `!stack_output STACK::OUTPUT` resolver in the written YAML."""


def _represent_output(dumper: yaml.SafeDumper, value: StackOutput) -> yaml.Node:
    return dumper.represent_scalar("!stack_output", str(value))


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(StackOutput, _represent_output)


def _converted(value: Any, stack_of: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {k: _converted(v, stack_of) for k, v in value.items()}
    if isinstance(value, list):
        return [_converted(v, stack_of) for v in value]
    if isinstance(value, str):
        found = _WHOLE_REFERENCE.match(value)
        if found and found.group(1) in stack_of:
            return StackOutput(f"{stack_of[found.group(1)]}::{found.group(2)}")
    return value


def _stack_config(layer_file: Path, ident: str, deps: tuple[str, ...]) -> str:
    data: dict[str, Any] = yaml.safe_load(layer_file.read_text(encoding="utf-8")) or {}
    prefix = ident.rsplit("/", 1)[0]
    names = {name: f"{prefix}/{Path(_path(spec)).name}.yaml" for name, spec in (data.get("dependencies") or {}).items()}
    config = {
        "template": {"path": f"{Path(str(data['module'])).name}.yaml", "type": "file"},
        "dependencies": [f"{d}.yaml" for d in deps],
        "sceptre_user_data": _converted(data.get("inputs") or {}, names),
    }
    return yaml.dump(config, Dumper=_Dumper, sort_keys=False)


def _path(spec: Any) -> str:
    return str(spec if isinstance(spec, str) else spec["path"])


def _group_config(defaults: Path) -> str:
    data: dict[str, Any] = yaml.safe_load(defaults.read_text(encoding="utf-8")) or {}
    config: dict[str, Any] = {}
    if "region" in data:
        config["region"] = data["region"]
    if "tags" in data:
        config["stack_tags"] = data["tags"]
    role = ((data.get("provider") or {}).get("assume_role") or {}).get("role_arn")
    if role:
        config["sceptre_role"] = re.sub(r"\$\{env:[^}]*\}", "platform-terraform", str(role))
    for key in ("environment", "account_id"):
        if key in data:
            config[key] = data[key]
    return yaml.dump(config, sort_keys=False) if config else "{}\n"


def write_project(tree: RealisticTree, project: Path) -> Path:
    """The Sceptre project for `tree` under `project`; returns it."""
    config = project / "config"
    root = yaml.safe_load((tree.live / "_defaults.yaml").read_text(encoding="utf-8")) or {}
    top = {"project_code": str(root.get("organisation", "bench")), "region": "ap-northeast-2"}
    if root.get("tags"):
        top["stack_tags"] = root["tags"]
    _write(config / "config.yaml", yaml.dump(top, sort_keys=False))
    for defaults in tree.defaults_files:
        _write(config / defaults.parent.relative_to(tree.live) / "config.yaml", _group_config(defaults))
    for layer_dir, ident in zip(tree.layer_dirs, tree.layer_ids, strict=True):
        _write(config / f"{ident}.yaml", _stack_config(layer_dir / "layer.yaml", ident, tree.dependencies[ident]))
    modules = {Path(d).name for d in tree.base.joinpath("modules").iterdir()} | {"bootstrap"}
    for name in modules:
        _write(project / "templates" / f"{name}.yaml", TEMPLATE)
    return project


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
