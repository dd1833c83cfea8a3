"""`layer version`, `layer completion SHELL`, options from the environment (LAYER_<COMMAND>_<OPTION>), and
docs/cli.md listing every such variable. Through the real CLI in a subprocess."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from layer import __version__
from layer.cli.main import _register, cli
from tests.cli_zygote import layer_process
from tests.conftest import ROOT, TreeMaker, layer_yaml


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return layer_process(args, cwd=cwd, env={**os.environ, **(env or {})})


def fake_mirror(tmp_path: Path, source: str, version: str) -> Path:
    mirror = tmp_path / "mirror"
    (mirror / "registry.terraform.io" / source / version / "linux_amd64").mkdir(parents=True)
    return mirror


def test_version_prints_layer_python_terraform_and_the_mirrored_provider(tmp_path: Path) -> None:
    mirror = fake_mirror(tmp_path, "hashicorp/aws", "9.8.7")
    terraform = subprocess.run(["terraform", "version"], capture_output=True, text=True, check=True).stdout
    expected_terraform = re.search(r"Terraform v(\S+)", terraform)
    assert expected_terraform is not None
    done = run("version", cwd=tmp_path, env={"LAYER_PROVIDER_MIRROR": str(mirror)})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"layer {__version__}"
    assert lines[1] == f"python {sys.version.split()[0]}"
    assert lines[2] == f"terraform {expected_terraform.group(1)}"
    assert lines[3] == f"provider hashicorp/aws 9.8.7 (mirror {mirror})"


def test_version_json_reads_the_lock_file_in_the_current_directory(tmp_path: Path) -> None:
    mirror = fake_mirror(tmp_path, "hashicorp/aws", "5.1.0")
    lock = 'provider "registry.terraform.io/hashicorp/random" {\n  version     = "3.6.2"\n'
    lock += '  hashes = [\n    "h1:x",\n  ]\n}\n'
    (tmp_path / ".terraform.lock.hcl").write_text(lock)
    done = run("version", "--json", cwd=tmp_path, env={"LAYER_PROVIDER_MIRROR": str(mirror)})
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["layer"] == __version__
    assert [(p["source"], p["version"]) for p in payload["providers"]] == [
        ("hashicorp/aws", "5.1.0"),
        ("hashicorp/random", "3.6.2"),
    ]


def test_version_without_terraform_fails_with_a_hint_and_no_traceback(tmp_path: Path) -> None:
    done = run("version", cwd=tmp_path, env={"LAYER_TERRAFORM_BIN": str(tmp_path / "no-terraform")})
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == f"layer {__version__}", "what is known is still printed"
    assert "terraform not found" in done.stdout
    assert "LAYER_TERRAFORM_BIN" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("shell", "marker"), [("bash", "complete -o"), ("zsh", "#compdef layer"), ("fish", "complete")]
)
def test_completion_prints_the_shell_script(shell: str, marker: str) -> None:
    done = run("completion", shell)
    assert done.returncode == 0, done.stderr
    assert marker in done.stdout and "_LAYER_COMPLETE" in done.stdout


def test_completion_script_completes_lazily_loaded_commands_and_options() -> None:
    commands = run(env={"_LAYER_COMPLETE": "bash_complete", "COMP_WORDS": "layer ver", "COMP_CWORD": "1"})
    assert "plain,version" in commands.stdout.splitlines()
    options = run(env={"_LAYER_COMPLETE": "bash_complete", "COMP_WORDS": "layer run-all --para", "COMP_CWORD": "2"})
    assert "plain,--parallelism" in options.stdout.splitlines()


def test_completion_for_an_unknown_shell_is_a_usage_error() -> None:
    done = run("completion", "ksh")
    assert done.returncode == 64
    assert "ksh" in done.stderr and "Traceback" not in done.stderr


def test_options_come_from_the_environment(make_tree: TreeMaker) -> None:
    live = make_tree(
        {"prod/_defaults.yaml": "environment: prod\n", "prod/net/layer.yaml": layer_yaml("../../../modules/m")}
    )
    plain = run("graph", str(live))
    from_env = run("graph", str(live), env={"LAYER_GRAPH_FORMAT": "json"})
    assert plain.returncode == 0 and from_env.returncode == 0, plain.stderr + from_env.stderr
    assert not plain.stdout.startswith("{")
    assert json.loads(from_env.stdout)["layers"], "LAYER_GRAPH_FORMAT=json selected --format json"
    flag_wins = run("graph", str(live), "--format", "text", env={"LAYER_GRAPH_FORMAT": "json"})
    assert flag_wins.stdout == plain.stdout, "a flag on the command line wins over the environment"
    bad = run("graph", str(live), env={"LAYER_GRAPH_FORMAT": "yaml"})
    assert bad.returncode == 64, "a bad value from the environment is a usage error like a bad flag"


def test_layer_version_in_the_environment_does_not_hijack_commands(make_tree: TreeMaker) -> None:
    live = make_tree(
        {"prod/_defaults.yaml": "environment: prod\n", "prod/net/layer.yaml": layer_yaml("../../../modules/m")}
    )
    done = run("graph", str(live), "--format", "json", env={"LAYER_VERSION": "1.2.3", "LAYER_HELP": "1"})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["layers"]


def every_option(command: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[str, click.Option]]:
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None
            yield from every_option(sub, (*path, name))
        return
    for param in command.params:
        if isinstance(param, click.Option) and param.expose_value:
            yield " ".join(path), param


def test_every_option_of_every_command_has_a_variable_named_after_its_flag() -> None:
    _register()
    options = list(every_option(cli))
    assert len(options) > 50
    for path, option in options:
        flag = next(f for f in option.opts if f.startswith("--"))
        expected = f"LAYER_{path}_{flag[2:]}".upper().replace("-", "_").replace(" ", "_")
        assert option.envvar == expected, f"layer {path} {flag}"


def test_docs_cli_lists_every_environment_variable() -> None:
    text = (ROOT / "docs/cli.md").read_text()
    _register()
    names = {str(option.envvar) for _, option in every_option(cli)}
    missing = sorted(name for name in names if f"`{name}`" not in text)
    assert not missing, f"docs/cli.md does not list: {', '.join(missing)} (see framework/layer/cli/envvars.py)"
