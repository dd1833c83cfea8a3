"""The benchmarks' tree generator (bench/treegen.py) must keep producing trees `layer validate` accepts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.treegen import TreeSpec, generate

LAYER = str(Path(sys.executable).parent / "layer")


def test_generated_tree_of_20_layers_validates(tmp_path: Path) -> None:
    tree = generate(tmp_path, TreeSpec(20))
    assert tree.layers == 20 and tree.edges > 0
    result = subprocess.run(
        [LAYER, "validate", str(tree.live)], capture_output=True, text=True, check=False, timeout=60
    )
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
    result = subprocess.run(
        [LAYER, "graph", str(tree.live), "--format", "json"], capture_output=True, text=True, check=False, timeout=60
    )
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
