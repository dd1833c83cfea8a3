"""The suite must pass wherever the repository is cloned (issue 13).

The generated root module references the layer's module by a relative path. With the work directory
outside the repository (LAYER_WORK_DIR), a path computed for one directory and used from another
resolved to a different place depending on how deep the clone was ("Unreadable module directory ...
lstat ../../../../nc"). These tests copy the repository's parts to a deeper and to a shallower path,
generate with an outside work directory through symlinked paths, and let real Terraform load the module
(and the module's own `../modules/s3-bucket` call) from there and from a relocated scratch copy.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from layer.terraform.cliconfig import find_mirror, write_cli_config
from tests.integration.conftest import Moto

ROOT = Path(__file__).resolve().parents[2]
PARTS = ("framework/layer", "modules", "bootstrap", "live/_defaults.yaml", "live/local", "pyproject.toml")
BOOTSTRAP = "local/ap-northeast-2/bootstrap"

pytestmark = [
    pytest.mark.terraform,
    pytest.mark.skipif(find_mirror() is None or shutil.which("terraform") is None, reason="needs terraform and mirror"),
]

# Run with the CLONE's code: render the bootstrap layer's work dir, and a copy of main.tf.json for a
# scratch directory (what `layer bootstrap --check` plans in), as JSON on stdout.
RENDER = """
import json, sys
from pathlib import Path
import layer
from layer.config.loader import load_layer
from layer.interface.spec import load_module
from layer.terraform.generate import relocated_main, render_workdir, write_workdir
live, scratch = Path(sys.argv[1]), Path(sys.argv[2])
found = load_layer(live, live / sys.argv[3])
workdir = render_workdir(found, live, found.inputs, load_module(found.module_dir))
write_workdir(workdir)
(scratch / "main.tf.json").write_text(json.dumps(relocated_main(workdir, found, scratch)))
print(json.dumps({"code": layer.__file__, "workdir": str(workdir.path)}))
"""


CLI = "from layer.cli.main import main; main()"


def clone_repository(destination: Path) -> Path:
    """A copy of what a layer needs from the repository (code, modules, a tree), as a git work tree."""
    ignore = shutil.ignore_patterns("__pycache__", ".terraform", ".layer", "*.tfstate*", ".terraform.lock.hcl")
    for part in PARTS:
        source, target = ROOT / part, destination / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=ignore)
        else:
            shutil.copy2(source, target)
    subprocess.run(["git", "init", "-q", str(destination)], check=True)
    return destination


@pytest.fixture
def shallow_dir() -> Iterator[Path]:
    """A directory right under the temporary root: shallower than pytest's tmp_path."""
    directory = Path(tempfile.mkdtemp(prefix="layer-clone-"))
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _env(clone: Path, work: Path, cli_config: Path | None = None) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(clone / "framework"),
        "LAYER_WORK_DIR": str(work),
        "LAYER_CACHE_DIR": "off",
        "CHECKPOINT_DISABLE": "1",
    }
    if cli_config is not None:
        env["TF_CLI_CONFIG_FILE"] = str(cli_config)
    return env


def _terraform(args: list[str], cwd: Path, env: dict[str, str]) -> None:
    result = subprocess.run(["terraform", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"terraform {args[0]} in {cwd}:\n{result.stdout}{result.stderr}"


def _generate_and_init(clone: Path, work: Path, scratch: Path, env: dict[str, str]) -> Path:
    rendered = subprocess.run(
        [sys.executable, "-c", RENDER, str(clone / "live"), str(scratch), BOOTSTRAP],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert rendered.returncode == 0, rendered.stderr
    report = json.loads(rendered.stdout)
    assert Path(report["code"]).is_relative_to(clone / "framework"), "the clone's own code ran"
    workdir = Path(report["workdir"])
    assert workdir.is_relative_to(work.resolve()), "the work dir is outside the clone"
    source = json.loads((workdir / "main.tf.json").read_text())["module"]["this"]["source"]
    assert source.startswith("../"), source
    _terraform(["init", "-backend=false", "-input=false", "-no-color"], workdir, env)
    _terraform(["validate", "-no-color"], workdir, env)
    shutil.copy(workdir / "provider.tf.json", scratch / "provider.tf.json")
    _terraform(["init", "-backend=false", "-input=false", "-no-color"], scratch, env)
    return workdir


def test_deep_clone_with_a_shallow_outside_work_dir(tmp_path: Path, shallow_dir: Path) -> None:
    clone = clone_repository(tmp_path / "a" / "b" / "c" / "d" / "e" / "f" / "g" / "nc")
    scratch = Path(tempfile.mkdtemp(prefix="layer-scratch-", dir=shallow_dir))
    env = _env(clone, shallow_dir / "work", write_cli_config(tmp_path / "cli"))
    _generate_and_init(clone, shallow_dir / "work", scratch, env)


def test_shallow_clone_with_a_deep_work_dir_through_symlinks(tmp_path: Path, shallow_dir: Path) -> None:
    clone = clone_repository(shallow_dir / "nc")
    (tmp_path / "deep/x/y/z").mkdir(parents=True)
    os.symlink(tmp_path / "deep/x/y/z", tmp_path / "link")  # `..` from a symlinked dir is the real parent
    scratch = tmp_path / "link" / "scratch"  # really deep/x/y/z/scratch: three levels deeper than spelt
    scratch.mkdir()
    env = _env(clone, tmp_path / "link" / "work", write_cli_config(tmp_path / "cli"))
    workdir = _generate_and_init(clone, tmp_path / "link" / "work", scratch, env)
    assert workdir.is_relative_to(tmp_path / "deep/x/y/z")


def test_bootstrap_check_from_a_deep_clone_plans_in_its_scratch_dir(moto: Moto, tmp_path: Path) -> None:
    """The case that failed from a fresh clone: `bootstrap --check` of a hand-made state bucket plans
    in a scratch directory, with the module source relative to that directory."""
    clone = clone_repository(tmp_path / "a" / "b" / "c" / "d" / "e" / "f" / "nc")
    s3 = moto.client("s3")
    bucket = "local-connectly-state"
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "ap-northeast-2"})  # type: ignore[attr-defined]
    work = Path(tempfile.mkdtemp(prefix="layer-work-"))  # outside the clone, at another depth
    try:
        env = {**_env(clone, work), "LAYER_EMULATOR_URL": moto.url}
        check = subprocess.run(
            [sys.executable, "-c", CLI, "bootstrap", "live/local", "--check", "-q"],
            cwd=clone,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=900,
        )
        assert check.returncode == 2, check.stdout[-3000:] + check.stderr
        assert ": drift (" in check.stdout
    finally:
        s3.delete_bucket(Bucket=bucket)  # type: ignore[attr-defined]
        shutil.rmtree(work, ignore_errors=True)
