"""Count the checks of the modules' terraform tests: run blocks, assert blocks and expect_failures entries.

Issue 20 merges run blocks to cut provider starts; the checks themselves must not drop. Compare two
revisions:

    .venv/bin/python bench/tftest_counts.py modules/kms modules/dns          # the working tree
    .venv/bin/python bench/tftest_counts.py --rev HEAD~3 modules/kms         # a commit (git show)

Counts are textual, on `terraform fmt`-formatted files: comments are ignored; an expect_failures entry
is one reference (var.x, aws_x.y, check.z, output.o) in the list.
"""

from __future__ import annotations

import argparse
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

_RUN = re.compile(r"^run\s+\"[^\"]+\"\s*\{", re.M)
_ASSERT = re.compile(r"^\s*assert\s*\{", re.M)
_EXPECT = re.compile(r"\bexpect_failures\s*=\s*\[(.*?)\]", re.S)
_REFERENCE = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*(?:\.[A-Za-z_][A-Za-z0-9_\-]*)+(?:\[[^\]]*\])?")


@dataclass(frozen=True)
class Counts:
    runs: int
    asserts: int
    expect_failures: int


def strip_comments(text: str) -> str:
    """The text without `#` and `//` comments (outside strings)."""
    lines = []
    for line in text.splitlines():
        in_string = False
        escaped = False
        cut = len(line)
        for index, char in enumerate(line):
            if in_string:
                escaped = char == "\\" and not escaped
                if char == '"' and not escaped:
                    in_string = False
            elif char == '"':
                in_string = True
            elif char == "#" or line.startswith("//", index):
                cut = index
                break
        lines.append(line[:cut])
    return "\n".join(lines)


def count_text(text: str) -> Counts:
    code = strip_comments(text)
    expects = sum(len(_REFERENCE.findall(body)) for body in _EXPECT.findall(code))
    return Counts(len(_RUN.findall(code)), len(_ASSERT.findall(code)), expects)


def test_files(module: Path, rev: str | None) -> list[str]:
    """The text of each tests/*.tftest.hcl of `module`, in the working tree or at `rev`."""
    if rev is None:
        return [path.read_text() for path in sorted((module / "tests").glob("*.tftest.hcl"))]
    listing = _git("ls-tree", "--name-only", f"{rev}:{module.as_posix()}/tests/")
    names = sorted(name for name in listing.splitlines() if name.endswith(".tftest.hcl"))
    return [_git("show", f"{rev}:{module.as_posix()}/tests/{name}") for name in names]


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], check=True, capture_output=True, text=True).stdout


def count_module(module: Path, rev: str | None) -> Counts:
    totals = [count_text(text) for text in test_files(module, rev)]
    return Counts(sum(c.runs for c in totals), sum(c.asserts for c in totals), sum(c.expect_failures for c in totals))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rev", help="a git revision to read the files from (default: the working tree)")
    parser.add_argument("modules", nargs="+", type=Path)
    args = parser.parse_args()
    print(f"{'module':24} {'runs':>5} {'asserts':>8} {'expect_failures':>16}")
    total = Counts(0, 0, 0)
    for module in args.modules:
        counts = count_module(module, args.rev)
        total = Counts(
            total.runs + counts.runs,
            total.asserts + counts.asserts,
            total.expect_failures + counts.expect_failures,
        )
        print(f"{module.name:24} {counts.runs:>5} {counts.asserts:>8} {counts.expect_failures:>16}")
    print(f"{'total':24} {total.runs:>5} {total.asserts:>8} {total.expect_failures:>16}")


if __name__ == "__main__":
    main()
