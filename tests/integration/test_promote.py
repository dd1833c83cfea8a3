"""`layer promote` end to end: a git repository built in the test, dev applied on the emulator, stage pinned.

dev runs the working tree's module; stage pins a commit. Promotion refuses while dev is not applied or has
moved on since its apply (`layer status`), and otherwise pins stage to the commit dev runs.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, git
from tests.integration.conftest import Moto, layer_cli, make_state_bucket

pytestmark = pytest.mark.integration
REPO = "https://github.com/connectly/platform.git"


@pytest.fixture
def repo(moto: Moto, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    bucket = f"promote-{tmp_path.name[-20:].lower().replace('_', '-')}".rstrip("-")
    make_state_bucket(moto, bucket)
    repo = tmp_path / "platform"
    shutil.copytree(ROOT / "tests/fixtures/faults/modules", repo / "modules")
    defaults = (ROOT / "tests/fixtures/faults/live/_defaults.yaml").read_text().replace("environment: test\n", "")
    files = {
        "live/_defaults.yaml": defaults + f"promotion:\n  chain: [dev, stage]\n  repository: {REPO}\n",
        "live/dev/_defaults.yaml": "environment: dev\n",
        "live/stage/_defaults.yaml": "environment: stage\n",
        "live/dev/app/layer.yaml": "module: ../../../modules/step\ninputs:\n  value: dev\n",
        ".gitignore": ".layer/\n",
    }
    for rel, text in files.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
    first = git(repo, "rev-parse", "HEAD")
    (repo / "live/stage/app").mkdir(parents=True)
    (repo / "live/stage/app/layer.yaml").write_text(
        f"# promoted by layer promote\nmodule: git::{REPO}//modules/step?ref={first}\ninputs:\n  value: stage\n"
    )
    main_tf = repo / "modules/step/main.tf"
    main_tf.write_text(main_tf.read_text() + '\noutput "version" {\n  description = "v2"\n  value       = 2\n}\n')
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "module v2")
    env = {"LAYER_EMULATOR_URL": moto.url, "LAYER_TEST_STATE_BUCKET": bucket, "LAYER_WORK_DIR": str(tmp_path / "w")}
    return repo, env


def promote(repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return layer_cli(["promote", "*", "--from", "dev", "--to", "stage", "--tree", "live"], env, cwd=repo)


def test_promote_refuses_until_dev_is_applied_and_in_sync(repo: tuple[Path, dict[str, str]]) -> None:
    root, env = repo
    stage_file = root / "live/stage/app/layer.yaml"
    before = stage_file.read_text()
    refused = promote(root, env)
    assert refused.returncode == 1
    assert "refusing to promote from dev: dev/app is not applied" in refused.stderr
    assert stage_file.read_text() == before

    applied = layer_cli(["run-all", "apply", "live/dev", "--yes", "-q"], env, cwd=root)
    assert applied.returncode == 0, applied.stdout[-3000:]
    done = promote(root, env)
    assert done.returncode == 0, done.stdout + done.stderr
    head = git(root, "rev-parse", "HEAD")
    assert stage_file.read_text() == before.replace(before.split("ref=")[1].split("\n")[0], head)
    report = (root / "promotion-report.md").read_text()
    assert f"| stage/app | {before.split('ref=')[1].split(chr(10))[0]} | {head} |" in report
    validated = layer_cli(["validate", "live"], env, cwd=root)
    assert validated.returncode == 0, validated.stderr

    # dev's input changes after its apply: status says pending, promotion refuses before planning.
    dev_file = root / "live/dev/app/layer.yaml"
    dev_file.write_text(dev_file.read_text().replace("value: dev", "value: dev2"))
    refused = promote(root, env)
    assert refused.returncode == 1
    assert "dev/app is pending (inputs changed since the last apply" in refused.stderr
