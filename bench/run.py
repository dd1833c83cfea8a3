"""`make bench` entry point: `python bench/run.py [--quick] [--only PART]`. See bench/main.py."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.main import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
