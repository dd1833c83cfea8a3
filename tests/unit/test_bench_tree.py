"""The benchmarks' tree generator (bench/treegen.py) must keep producing trees `layer validate` accepts."""

from __future__ import annotations

import json
from pathlib import Path

from bench.treegen import TreeSpec, generate

from tests.cli_zygote import layer_process


def test_generated_tree_of_20_layers_validates(tmp_path: Path) -> None:
    tree = generate(tmp_path, TreeSpec(20))
    assert tree.layers == 20 and tree.edges > 0
    result = layer_process(["validate", tree.live], timeout=60)
    assert result.returncode == 0, result.stderr
    assert "ok: 20 layer(s) valid" in result.stdout


def test_realistic_tree_validates_and_its_sceptre_project_has_the_same_edges(tmp_path: Path) -> None:
    import yaml
    from bench.realistic import generate as generate_realistic
    from bench.realistic import templates
    from bench.sceptre_tree import write_project

    size = len(templates()) + 3  # one whole copy of the region and a partial one
    tree = generate_realistic(tmp_path / "tree", size)
    assert tree.layers == size and tree.edges > 0 and tree.references > 0
    result = layer_process(["graph", tree.live, "--format", "json"], timeout=60)
    assert result.returncode == 0, result.stderr
    graph = json.loads(result.stdout)
    assert {layer["id"]: sorted(layer["dependencies"]) for layer in graph["layers"]} == {
        ident: sorted(deps) for ident, deps in tree.dependencies.items()
    }
    project = write_project(tree, tmp_path / "sceptre")
    stacks = {}
    for path in (project / "config").rglob("*.yaml"):
        if path.name != "config.yaml":
            config = yaml.safe_load(path.read_text().replace("!stack_output", ""))
            ident = str(path.relative_to(project / "config").with_suffix(""))
            stacks[ident] = sorted(d.removesuffix(".yaml") for d in config["dependencies"])
    assert stacks == {ident: sorted(deps) for ident, deps in tree.dependencies.items()}
