#!/usr/bin/env python3
"""Build the rotation functions' zips deterministically: functions/NAME/src -> functions/build/NAME.zip.

    python3 modules/secrets/functions/build.py          (what `make rotation-zip` and CI run before plan)
    python3 modules/secrets/functions/build.py --check  (exit 1 if a zip is missing or out of date)

The same sources always give the same bytes: entries in sorted order, one fixed timestamp (1980-01-01,
the zip epoch), fixed permissions (0644), no directory entries, no caches or dot files, deflate at a
fixed level. So filebase64sha256() of the zip, and with it the function's source_code_hash, changes only
when the code does, and `terraform plan` shows no change after a rebuild. Standard library only.
"""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "build"
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
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes(), compresslevel=9)
    return buf.getvalue()


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = 0
    for src in sorted(HERE.glob("*/src")):
        name = src.parent.name
        data = zip_bytes(src)
        target = OUT / f"{name}.zip"
        digest = base64.b64encode(hashlib.sha256(data).digest()).decode()
        if check:
            if not target.exists() or target.read_bytes() != data:
                print(f"{target}: missing or out of date (run: make rotation-zip)")
                stale += 1
            continue
        OUT.mkdir(exist_ok=True)
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
        print(f"{target.relative_to(Path.cwd()) if target.is_relative_to(Path.cwd()) else target} {digest}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
