"""Module tests share one set of aws mocks (modules/_test-mocks/aws): a test file that loads it does not
copy its blocks again, and the set itself is not a module."""

from __future__ import annotations

import re
from pathlib import Path

from layer.interface.docs import discover_modules
from tests.conftest import ROOT

SHARED = ROOT / "modules" / "_test-mocks" / "aws"
_BLOCK = re.compile(r'^\s*(mock_data|mock_resource)\s+"([a-z0-9_]+)"', re.MULTILINE)
_SOURCE = re.compile(r'source\s*=\s*"\.\./_test-mocks/aws"')


def shared_blocks() -> set[tuple[str, str]]:
    return {(m[0], m[1]) for f in SHARED.glob("*.tfmock.hcl") for m in _BLOCK.findall(f.read_text())}


def users() -> list[Path]:
    return sorted(p for p in (ROOT / "modules").glob("*/tests/*.tftest.hcl") if _SOURCE.search(p.read_text()))


def test_the_shared_set_holds_the_common_mocks() -> None:
    assert {("mock_data", "aws_caller_identity"), ("mock_data", "aws_partition")} <= shared_blocks()
    assert len(users()) >= 4


def test_no_test_file_copies_a_shared_mock() -> None:
    shared = shared_blocks()
    copies = [
        f"{path.relative_to(ROOT)}: {kind} {name!r} is in modules/_test-mocks/aws already"
        for path in users()
        for kind, name in _BLOCK.findall(path.read_text())
        if (kind, name) in shared
    ]
    assert copies == []


def test_the_shared_set_is_not_a_module() -> None:
    assert SHARED.parent.resolve() not in {m.resolve() for m in discover_modules([ROOT / "modules"])}
