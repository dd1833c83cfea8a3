"""Every `layer ...` command shown in the docs parses with the real CLI (commands, arguments, options)."""

from __future__ import annotations

import re
import shlex

import click
import pytest

from layer.cli.main import _register, cli
from tests.conftest import ROOT

DOCS = sorted([*ROOT.glob("docs/*.md"), ROOT / "README.md"])
COMMAND = re.compile(r"^\s*(?:\$ )?(?:\.venv/bin/)?layer (.+?)\s*(?:#.*)?$")


def documented_commands() -> list[tuple[str, str]]:
    found = []
    for doc in DOCS:
        in_block = False
        for line in doc.read_text().splitlines():
            if line.strip().startswith("```"):
                in_block = not in_block and line.strip() in ("```sh", "```bash", "```console", "```shell")
                continue
            match = COMMAND.match(line) if in_block else None
            if match:
                found.append((doc.name, match.group(1)))
    return found


def parse(args: list[str]) -> None:
    _register()
    group: click.Group = cli
    while args and isinstance(group, click.Group):
        name = args.pop(0)
        command = group.get_command(click.Context(group), name)
        assert command is not None, f"no such command: {name}"
        if isinstance(command, click.Group):
            group = command
            continue
        # Paths in docs may not exist here; check the arguments' shape, not the filesystem. The real command
        # objects are shared with every later in-process test: put their types back.
        saved = [(param, param.type) for param in command.params if isinstance(param.type, click.Path)]
        try:
            for param, _ in saved:
                param.type = click.Path()
            command.make_context(name, args, resilient_parsing=False)
        finally:
            for param, kind in saved:
                param.type = kind
        return


@pytest.mark.parametrize(("doc", "line"), documented_commands())
def test_documented_command_parses(doc: str, line: str) -> None:
    parse(shlex.split(line))


def test_docs_show_commands() -> None:
    assert len(documented_commands()) >= 5
