"""The one Lambda zip builder of the modules: functions/NAME/src -> OUT/NAME.zip, deterministically.

A module with Lambda functions has a `functions/build.py` of a few lines that names its output folder,
its compression and the command that rebuilds, and calls `main` here (modules/secrets: deflated into the
git-ignored functions/build/; modules/security: stored into the committed functions/dist/). Run that
build.py, not this file:

    python3 modules/MODULE/functions/build.py          (writes the zips that are missing or out of date)
    python3 modules/MODULE/functions/build.py --check  (exit 1 if a zip is missing or out of date)

The same sources always give the same bytes: entries in sorted order, one fixed timestamp (1980-01-01, the
zip epoch), fixed permissions (0644), Unix as the creating system, no directory entries, no caches or dot
files. So filebase64sha256() of a zip, and with it a function's source_code_hash, changes only when the
code does, and `terraform plan` shows no change after a rebuild. Stored (no compression) gives bytes that
do not depend on the zlib version of the machine that builds: for a zip that is committed. Standard
library only: `make rotation-zip` runs it with the system's python3.
"""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

EPOCH = (1980, 1, 1, 0, 0, 0)
UNIX = 3
REGULAR_FILE_0644 = 0o100644 << 16


@dataclass(frozen=True)
class Functions:
    """A module's functions: each `directory/NAME/src` is zipped into `out/NAME.zip`."""

    directory: Path
    out: Path
    deflate: bool  # False: stored, the same bytes whatever zlib the building machine has
    rebuild: str  # the command that rebuilds, said when --check finds a stale zip


def sources(src: Path) -> list[Path]:
    """The files to zip, by their path inside src: no dot files or folders, no caches, no compiled Python."""
    files = []
    for path in src.rglob("*"):
        rel = path.relative_to(src)
        if not path.is_file() or any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            continue
        if path.suffix in (".pyc", ".pyo"):
            continue
        files.append(path)
    return sorted(files, key=lambda p: p.relative_to(src).as_posix())


def zip_bytes(src: Path, deflate: bool) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for path in sources(src):
            info = zipfile.ZipInfo(path.relative_to(src).as_posix(), date_time=EPOCH)
            info.external_attr = REGULAR_FILE_0644
            info.create_system = UNIX  # whatever the build host
            if deflate:
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, path.read_bytes(), compresslevel=9)
            else:
                info.compress_type = zipfile.ZIP_STORED
                zf.writestr(info, path.read_bytes())
    return buf.getvalue()


def shown(path: Path) -> str:
    """A path relative to the working directory when inside it."""
    return str(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)


def main(functions: Functions, argv: list[str]) -> int:
    """Build (or with --check, compare) every function's zip; 1 when --check finds one missing or stale."""
    check = "--check" in argv
    stale = 0
    for src in sorted(functions.directory.glob("*/src")):
        data = zip_bytes(src, functions.deflate)
        target = functions.out / f"{src.parent.name}.zip"
        current = target.exists() and target.read_bytes() == data
        if check:
            if not current:
                print(f"{shown(target)}: missing or out of date (run: {functions.rebuild})")
                stale += 1
            continue
        if not current:
            functions.out.mkdir(exist_ok=True)
            target.write_bytes(data)
        print(f"{shown(target)} {base64.b64encode(hashlib.sha256(data).digest()).decode()}")
    return 1 if stale else 0
