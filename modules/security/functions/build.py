#!/usr/bin/env python3
"""Build the remediation function's zip deterministically: functions/NAME/src -> functions/dist/NAME.zip.

    python3 modules/security/functions/build.py          (after changing the function's source)
    python3 modules/security/functions/build.py --check  (exit 1 if a zip is missing or out of date)

The zip is committed (modules/security reads it at plan time, in every clone, with no build step), and
tests/unit/test_security_remediation_zip.py fails when it is not the build of the source. The same sources
always give the same bytes: entries in sorted order, one fixed timestamp (1980-01-01, the zip epoch), fixed
permissions (0644), no directory entries, no caches or dot files, and no compression (stored), so the bytes
do not depend on the zlib version of the machine that builds. Standard library only.
"""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "dist"
EPOCH = (1980, 1, 1, 0, 0, 0)


def sources(src: Path) -> list[Path]:
    files = []
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if not path.is_file() or any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            continue
        if path.suffix in (".pyc", ".pyo"):
            continue
        files.append(path)
    return sorted(files, key=lambda p: p.relative_to(src).as_posix())


def zip_bytes(src: Path) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for path in sources(src):
            info = zipfile.ZipInfo(path.relative_to(src).as_posix(), date_time=EPOCH)
            info.external_attr = 0o100644 << 16  # regular file, rw-r--r--
            info.create_system = 3  # Unix, whatever the build host
            info.compress_type = zipfile.ZIP_STORED
            zf.writestr(info, path.read_bytes())
    return buf.getvalue()


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = 0
    for src in sorted(HERE.glob("*/src")):
        data = zip_bytes(src)
        target = OUT / f"{src.parent.name}.zip"
        if check:
            if not target.exists() or target.read_bytes() != data:
                print(f"{target}: missing or out of date (run: python3 {Path(__file__).as_posix()})")
                stale += 1
            continue
        OUT.mkdir(exist_ok=True)
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
        print(f"{target} {base64.b64encode(hashlib.sha256(data).digest()).decode()}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
