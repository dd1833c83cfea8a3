"""The benchmarks' tree generator (bench/treegen.py) must keep producing trees `layer validate` accepts."""

from __future__ import annotations

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
