"""`layer ARGS` through the real entry point (errors rendered at the CLI edge, exit codes mapped) in this
process: no process start, as click's runner sees a terminal (color=True) or a pipe (color=False)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping

from click.testing import CliRunner

from layer.cli import main as cli_main


def layer_in_process(
    *args: str, color: bool = False, env: Mapping[str, str | None] | None = None
) -> subprocess.CompletedProcess[str]:
    """main() with sys.argv as the console script sets it; the outcome as a subprocess's would be."""
    runner = CliRunner()
    with runner.isolation(env=env, color=color) as (out, err, _):
        sys.argv = ["layer", *args]
        try:
            cli_main.main()
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        finally:
            sys.argv = sys.argv[:1]
        return subprocess.CompletedProcess(list(args), code, out.getvalue().decode(), err.getvalue().decode())
