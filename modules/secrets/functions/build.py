#!/usr/bin/env python3
"""Build the rotation functions' zips deterministically: functions/NAME/src -> functions/build/NAME.zip.

    python3 modules/secrets/functions/build.py          (what `make rotation-zip` and CI run before plan)
    python3 modules/secrets/functions/build.py --check  (exit 1 if a zip is missing or out of date)

The zips are not committed (functions/build/ is git-ignored): deflated at a fixed level. The same sources
give the same bytes, so the function's source_code_hash changes only when the code does and a rebuild
plans no change. The builder is the modules' one: modules/_build/lambda_zip.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "_build"))

import lambda_zip  # noqa: E402  (found through the path above)

FUNCTIONS = lambda_zip.Functions(HERE, HERE / "build", deflate=True, rebuild="make rotation-zip")

if __name__ == "__main__":
    sys.exit(lambda_zip.main(FUNCTIONS, sys.argv[1:]))
