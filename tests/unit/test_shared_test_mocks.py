"""Module tests share one set of aws mocks (modules/_test-mocks/aws): a test file that loads it does not
copy its blocks again, and the set itself is not a module."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from layer.interface.docs import discover_modules
from tests.conftest import ROOT

SHARED = ROOT / "modules" / "_test-mocks" / "aws"
_BLOCK = re.compile(r'^\s*(mock_data|mock_resource)\s+"([a-z0-9_]+)"\s*\{', re.MULTILINE)
_SOURCE = re.compile(r'source\s*=\s*"\.\./_test-mocks/aws"')
_COMMENT = re.compile(r"#[^\n]*")


def shared_blocks() -> set[tuple[str, str]]:
    return set(block_bodies(SHARED.glob("*.tfmock.hcl")))


def block_bodies(paths: Iterable[Path]) -> dict[tuple[str, str], list[str]]:
    """Each mock_data/mock_resource block of the files: its body, comments and whitespace removed."""
    bodies: dict[tuple[str, str], list[str]] = {}
    for path in paths:
        text = _COMMENT.sub("", path.read_text())
        for match in _BLOCK.finditer(text):
            depth, end = 1, match.end()
            while depth:
                depth += {"{": 1, "}": -1}.get(text[end], 0)
                end += 1
            bodies.setdefault((match[1], match[2]), []).append("".join(text[match.end() : end].split()))
    return bodies


def users() -> list[Path]:
    return sorted(p for p in (ROOT / "modules").glob("*/tests/*.tftest.hcl") if _SOURCE.search(p.read_text()))


def test_the_shared_set_holds_the_common_mocks() -> None:
    assert {("mock_data", "aws_caller_identity"), ("mock_data", "aws_partition")} <= shared_blocks()
    assert len(users()) >= 4


def test_no_test_file_copies_a_shared_mock() -> None:
    """A block of a shared name with other defaults is an override (e.g. an aliased provider's region)."""
    shared = block_bodies(SHARED.glob("*.tfmock.hcl"))
    copies = [
        f"{path.relative_to(ROOT)}: {kind} {name!r} is in modules/_test-mocks/aws already"
        for path in users()
        for (kind, name), bodies in block_bodies([path]).items()
        if set(bodies) & set(shared.get((kind, name), []))
    ]
    assert copies == []


def test_a_copy_of_a_shared_mock_is_found(tmp_path: Path) -> None:
    copy = tmp_path / "copy.tftest.hcl"
    copy.write_text(
        'mock_provider "aws" {\n  mock_data "aws_partition" {\n    defaults = { partition = "aws" } # same\n  }\n}\n'
    )
    override = tmp_path / "override.tftest.hcl"
    override.write_text(
        'mock_provider "aws" {\n  mock_data "aws_region" {\n    defaults = { name = "us-east-1" }\n  }\n}\n'
    )
    shared = block_bodies(SHARED.glob("*.tfmock.hcl"))
    assert block_bodies([copy])[("mock_data", "aws_partition")][0] in shared[("mock_data", "aws_partition")]
    assert block_bodies([override])[("mock_data", "aws_region")][0] not in shared[("mock_data", "aws_region")]


def test_the_shared_set_is_not_a_module() -> None:
    assert SHARED.parent.resolve() not in {m.resolve() for m in discover_modules([ROOT / "modules"])}
