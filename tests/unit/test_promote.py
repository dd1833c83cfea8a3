"""Promotion along the environment chain: refusal on drift, pins rewritten in place, report written."""

from __future__ import annotations

from pathlib import Path

import pytest

from layer.config.model import Tree
from layer.errors import LayerError
from layer.promote import apply_pins, plan_promotion, report

SRC = "git::https://github.com/connectly/platform.git//modules/network?ref="


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    live = tmp_path / "live"
    files = {
        "_defaults.yaml": (
            "root: true\nregion: ap-northeast-2\ntags:\n  Owner: o\n  CostCenter: cc-1\nbackend:\n  bucket: state-b\n"
            "promotion:\n  chain: [dev, stage, prod]\n"
        ),
        "dev/_defaults.yaml": "environment: dev\n",
        "stage/_defaults.yaml": "environment: stage\n",
        "prod/_defaults.yaml": "environment: prod\n",
        "dev/ap-northeast-2/network/layer.yaml": f"module: {SRC}v1.5.0\ninputs:\n  cidr_block: 10.1.0.0/16\n",
        "stage/ap-northeast-2/network/layer.yaml": (
            "# The stage network. Pinned by `layer promote`, do not edit the ref by hand.\n"
            f'module: "{SRC}v1.4.0"  # promoted from dev\n'
            "inputs:\n  cidr_block: 10.2.0.0/16   # stage range\n"
        ),
        "prod/ap-northeast-2/network/layer.yaml": f"module: {SRC}v1.3.0\ninputs:\n  cidr_block: 10.3.0.0/16\n",
    }
    for rel, text in files.items():
        path = live / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return live


def clean(tree: Tree, ids: list[str]) -> list[str]:
    return []


def test_refuses_when_the_source_drifts(tree: Path) -> None:
    def drifting(t: Tree, ids: list[str]) -> list[str]:
        return [f"{ids[0]} shows changes (1 add, 0 change, 0 destroy)"]

    with pytest.raises(LayerError, match="refusing to promote from dev: dev/ap-northeast-2/network shows changes"):
        plan_promotion(tree, "*/network", "dev", "stage", drifting)
    assert "v1.4.0" in (tree / "stage/ap-northeast-2/network/layer.yaml").read_text(), "nothing was rewritten"


def test_refuses_to_skip_an_environment(tree: Path) -> None:
    with pytest.raises(LayerError, match="cannot promote dev → prod") as caught:
        plan_promotion(tree, "*/network", "dev", "prod", clean)
    assert caught.value.hint == "promote dev → stage first"


def test_pins_rewritten_with_comments_kept_and_report_written(tree: Path) -> None:
    promotion = plan_promotion(tree, "ap-northeast-2/network", "dev", "stage", clean)
    [pin] = promotion.pins
    assert (pin.old_ref, pin.new_ref) == ("v1.4.0", "v1.5.0")
    apply_pins(promotion)
    text = (tree / "stage/ap-northeast-2/network/layer.yaml").read_text()
    assert text == (
        "# The stage network. Pinned by `layer promote`, do not edit the ref by hand.\n"
        f'module: "{SRC}v1.5.0"  # promoted from dev\n'
        "inputs:\n  cidr_block: 10.2.0.0/16   # stage range\n"
    )
    md = report(promotion)
    assert "| stage/ap-northeast-2/network | v1.4.0 | v1.5.0 |" in md
    assert "-  cidr_block: 10.2.0.0/16" in md and "+  cidr_block: 10.1.0.0/16" in md, "resolved-value diff"
    assert "-environment: stage" in md


def test_working_tree_source_outside_git_has_no_commit_to_promote(tree: Path) -> None:
    (tree / "dev/ap-northeast-2/network/layer.yaml").write_text("module: ../../../../modules/x\n")
    (tree.parent / "modules/x").mkdir(parents=True)
    with pytest.raises(LayerError, match="there is no commit to promote"):
        plan_promotion(tree, "*/network", "dev", "stage", clean)


def test_remote_source_without_ref_is_an_error(tree: Path) -> None:
    (tree / "dev/ap-northeast-2/network/layer.yaml").write_text("module: git::https://example.com/m.git\n")
    with pytest.raises(LayerError, match="does not pin its module"):
        plan_promotion(tree, "*/network", "dev", "stage", clean)
