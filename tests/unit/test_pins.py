"""Pinned modules of this repository, read from the local clone: validation against the pinned version,
promotion from a working-tree environment to a pinned one, and the fallbacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from layer.config.inputs import check_inputs
from layer.config.loader import load_tree
from layer.config.pins import normalise_url, parse_git_source
from layer.errors import InputError, LayerError
from layer.promote import apply_pins, plan_promotion
from layer.terraform.generate import render_workdir
from tests.conftest import git

REPO = "https://github.com/connectly/platform.git"


def write(repo: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = repo / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def variable(name: str) -> str:
    return f'variable "{name}" {{\n  description = "x"\n  type        = string\n}}\n'


def pinned(ref: str) -> str:
    return f"module: git::{REPO}//modules/network?ref={ref}  # pinned by layer promote\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str, str]:
    """A platform repository with two commits of modules/network: v1 takes cidr, v2 adds flow_logs."""
    monkeypatch.delenv("LAYER_WORK_DIR", raising=False)
    repo = tmp_path / "platform"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    write(
        repo,
        {
            "live/_defaults.yaml": (
                "root: true\nregion: ap-northeast-2\ntags:\n  Owner: o\n  CostCenter: cc-1\n"
                "backend:\n  bucket: state-b\n"
                f"promotion:\n  chain: [dev, stage, prod]\n  repository: {REPO}\n"
            ),
            "live/dev/_defaults.yaml": "environment: dev\n",
            "live/stage/_defaults.yaml": "environment: stage\n",
            "live/prod/_defaults.yaml": "environment: prod\n",
            "modules/network/variables.tf": variable("cidr"),
            ".gitignore": ".layer/\n",
        },
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "v1")
    v1 = git(repo, "rev-parse", "HEAD")
    git(repo, "tag", "network-v1")
    write(repo, {"modules/network/flow.tf": variable("flow_logs")})
    write(
        repo,
        {
            "live/dev/net/layer.yaml": "module: ../../../modules/network\ninputs:\n  cidr: a\n  flow_logs: on\n",
            "live/stage/net/layer.yaml": "# stage network\n" + pinned("network-v1") + "inputs:\n  cidr: b\n",
            "live/prod/net/layer.yaml": (
                "module: ../../../modules/network   # working tree until promoted\n"
                "inputs:\n  cidr: c\n  flow_logs: on\n"
            ),
        },
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "v2")
    return repo, v1, git(repo, "rev-parse", "HEAD")


def test_parse_and_normalise() -> None:
    parsed = parse_git_source(f"git::{REPO}//modules/network?ref=v1.2.0")
    assert parsed is not None and (parsed.subdir, parsed.ref) == ("modules/network", "v1.2.0")
    assert parse_git_source("../../modules/network") is None
    assert parse_git_source(f"git::{REPO}//modules/network") is None, "no ref: nothing to pin"
    same = {
        normalise_url(u)
        for u in (REPO, "git@github.com:connectly/platform.git", "ssh://git@github.com/connectly/platform")
    }
    assert same == {"github.com/connectly/platform"}


def test_pinned_layer_uses_the_module_as_of_its_ref(repo: tuple[Path, str, str]) -> None:
    root, v1, _ = repo
    tree = load_tree(root / "live")
    stage = tree.layers["stage/net"]
    assert stage.module_dir is not None and v1 in str(stage.module_dir), "taken from the clone at network-v1"
    assert not (stage.module_dir / "flow.tf").exists(), "the file added after v1 is not there"
    check_inputs([stage, tree.layers["dev/net"]])
    # The pinned module has no flow_logs yet: the same input that dev may set is unknown in stage.
    layer_file = root / "live/stage/net/layer.yaml"
    layer_file.write_text(layer_file.read_text() + "  flow_logs: on\n")
    with pytest.raises(InputError, match="flow_logs"):
        check_inputs([load_tree(root / "live").layers["stage/net"]])
    # Terraform gets the local copy: no network, no git credentials.
    workdir = render_workdir(stage, root / "live", {"cidr": "b"}, None)
    assert f"/modules/{v1}/modules/network" in workdir.files["main.tf.json"]


def test_promote_pins_the_commit_dev_runs_and_refuses_uncommitted_modules(repo: tuple[Path, str, str]) -> None:
    root, _, head = repo
    promotion = plan_promotion(root / "live", "net", "dev", "stage", lambda tree, ids: [])
    [pin] = promotion.pins
    assert (pin.old_ref, pin.new_ref) == ("network-v1", head)
    apply_pins(promotion)
    # Comments kept (ruamel moves an end-of-line comment one column left when the value grows).
    assert (root / "live/stage/net/layer.yaml").read_text() == (
        "# stage network\n" + pinned(head).replace("  #", " #") + "inputs:\n  cidr: b\n"
    )
    assert load_tree(root / "live").layers["stage/net"].module_dir == root / f".layer/modules/{head}/modules/network"

    write(root, {"modules/network/main.tf": "# not committed yet\n"})
    with pytest.raises(LayerError, match="uncommitted changes"):
        plan_promotion(root / "live", "net", "dev", "stage", lambda tree, ids: [])


def test_ref_missing_from_the_clone_stays_remote(repo: tuple[Path, str, str]) -> None:
    root, _, _ = repo
    layer_file = root / "live/stage/net/layer.yaml"
    layer_file.write_text(pinned("no-such-tag") + "inputs:\n  cidr: b\n")
    stage = load_tree(root / "live").layers["stage/net"]
    assert stage.module_dir is None and stage.module_source.endswith("ref=no-such-tag")
    layer_file.write_text(pinned("network-v1").replace("modules/network", "modules/nope") + "inputs: {}\n")
    with pytest.raises(LayerError, match="nope does not exist at that ref"):
        load_tree(root / "live")


def test_first_promotion_pins_a_working_tree_target(repo: tuple[Path, str, str]) -> None:
    root, v1, _ = repo
    promotion = plan_promotion(root / "live", "net", "stage", "prod", lambda tree, ids: [])
    [pin] = promotion.pins
    assert (pin.old_ref, pin.new_ref) == (None, "network-v1")
    apply_pins(promotion)
    text = (root / "live/prod/net/layer.yaml").read_text()
    assert text.startswith(f"module: git::{REPO}//modules/network?ref=network-v1")
    assert "# working tree until promoted" in text
    assert v1 in str(load_tree(root / "live").layers["prod/net"].module_dir)


def test_promotion_refuses_a_different_module(repo: tuple[Path, str, str]) -> None:
    root, _, _ = repo
    write(root, {"modules/other/variables.tf": variable("cidr")})
    git(root, "add", "-A")
    git(root, "commit", "-qm", "other")
    (root / "live/dev/net/layer.yaml").write_text("module: ../../../modules/other\ninputs:\n  cidr: a\n")
    git(root, "commit", "-qam", "dev runs other")
    with pytest.raises(LayerError, match="stage/net runs modules/network but dev/net runs modules/other"):
        plan_promotion(root / "live", "net", "dev", "stage", lambda tree, ids: [])


def test_validate_names_layers_whose_inputs_it_could_not_check(repo: tuple[Path, str, str]) -> None:
    from click.testing import CliRunner

    from layer.cli.main import _register, cli

    root, _, _ = repo
    _register()
    ok = CliRunner().invoke(cli, ["validate", str(root / "live")])
    assert ok.exit_code == 0 and "note:" not in ok.output, ok.output
    (root / "live/stage/net/layer.yaml").write_text(pinned("not-fetched") + "inputs:\n  cidr: b\n")
    noted = CliRunner().invoke(cli, ["validate", str(root / "live")])
    assert noted.exit_code == 0, noted.output
    assert "note: 1 layer(s) use a module that is not on disk" in noted.output
    assert "stage/net" in noted.output
