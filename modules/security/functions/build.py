#!/usr/bin/env python3
"""Build the remediation function's zip deterministically: functions/NAME/src -> functions/dist/NAME.zip.

    python3 modules/security/functions/build.py          (after changing the function's source)
    python3 modules/security/functions/build.py --check  (exit 1 if a zip is missing or out of date)

The zip is committed (modules/security reads it at plan time, in every clone, with no build step), so it
is stored, not deflated: its bytes do not depend on the zlib of the machine that builds.
tests/unit/test_security_remediation_zip.py fails when it is not the build of the source. The builder is
the modules' one: modules/_build/lambda_zip.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "_build"))

import lambda_zip  # noqa: E402  (found through the path above)

FUNCTIONS = lambda_zip.Functions(
    HERE, HERE / "dist", deflate=False, rebuild="python3 modules/security/functions/build.py"
)

if __name__ == "__main__":
    sys.exit(lambda_zip.main(FUNCTIONS, sys.argv[1:]))
