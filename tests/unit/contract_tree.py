"""A copy of live/prod (with the modules it uses) in a temporary repository, and the real `layer` CLI run on
it with a Terraform binary that records any call: a config error must never start Terraform. Each run is
a process of its own, forked from a pre-imported one (tests/cli_zygote.py: the same process boundary,
without Python's start-up)."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.cli_zygote import run_layer
from tests.conftest import ROOT

LAYER = str(Path(sys.executable).parent / "layer")
FAKE_TERRAFORM = """#!/bin/sh
echo "$@" >> "{record}"
exit 1
"""
_SKIPPED = shutil.ignore_patterns("tests", "examples", "*.md", ".terraform*", "__pycache__")


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str
    terraform_calls: str  # what the recording Terraform was asked, "" when it never ran

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@dataclass(frozen=True)
class ProdCopy:
    repo: Path  # holds live/, modules/, bootstrap/

    @property
    def live(self) -> Path:
        return self.repo / "live"

    def path(self, rel: str) -> Path:
        return self.repo / rel

    def edit(self, rel: str, old: str, new: str) -> None:
        target = self.repo / rel
        text = target.read_text()
        assert old in text, f"{old!r} not in {rel}"
        target.write_text(text.replace(old, new, 1))

    def append(self, rel: str, text: str) -> None:
        target = self.repo / rel
        target.write_text(target.read_text() + text)

    def line_of(self, rel: str, needle: str) -> int:
        """1-based line of the first line of `rel` containing `needle`."""
        for number, line in enumerate((self.repo / rel).read_text().splitlines(), start=1):
            if needle in line:
                return number
        raise AssertionError(f"{needle!r} not in {rel}")

    def layer(self, *args: str, env: dict[str, str] | None = None) -> Outcome:
        record = self.repo.parent / "terraform-calls.log"
        fake = self.repo.parent / "fake-terraform"
        fake.write_text(FAKE_TERRAFORM.format(record=record))
        fake.chmod(0o755)
        record.unlink(missing_ok=True)
        result = run_layer(
            list(args),
            cwd=self.repo,
            timeout=120,
            env={
                "PATH": os.environ["PATH"],
                "HOME": str(self.repo.parent),
                "XDG_CACHE_HOME": str(self.repo.parent / "cache"),
                "LAYER_TERRAFORM_BIN": str(fake),
                "LAYER_WORK_DIR": str(self.repo.parent / "work"),
                # parsed modules shared by the tests of one session (each copy's modules are alike)
                "LAYER_CACHE_DIR": str(self.repo.parent.parent / "contract-module-cache"),
                **({"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}),
                **(env or {}),
            },
        )
        calls = record.read_text() if record.exists() else ""
        assert result.returncode is not None, f"layer {' '.join(args)}: no answer in 120 s\n{result.stderr}"
        return Outcome(result.returncode, result.stdout, result.stderr, calls)


def copy_prod(tmp_path: Path) -> ProdCopy:
    repo = tmp_path / "repo"
    (repo / "live").mkdir(parents=True)
    shutil.copy(ROOT / "live/_defaults.yaml", repo / "live/_defaults.yaml")
    shutil.copytree(ROOT / "live/prod", repo / "live/prod")
    shutil.copytree(ROOT / "modules", repo / "modules", ignore=_SKIPPED)
    shutil.copytree(ROOT / "bootstrap", repo / "bootstrap", ignore=_SKIPPED)
    return ProdCopy(repo)


def assert_refused(outcome: Outcome, *expected: str) -> None:
    """Exit 1, every expected text in the error, no traceback, and Terraform never started."""
    assert outcome.code == 1, f"exit {outcome.code}\n{outcome.output}"
    for text in expected:
        assert text in outcome.stderr, f"{text!r} not in:\n{outcome.stderr}"
    assert "Traceback" not in outcome.output
    assert outcome.terraform_calls == "", f"Terraform ran: {outcome.terraform_calls}"
