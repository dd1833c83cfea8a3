"""The loader under a fuzzer (issue 22): one to three random mutations of the YAML under a copy of `live/`,
then `validate live/prod`, `graph live --format json`, `render LAYER --json` and `affected --since HEAD` (in
a git repository of the copy), each held to the contract:

- exit 0 or 2: accepted;
- exit 1 (64 for usage): the message names a file with a line or a key;
- never a Python exception other than a LayerError, never "Traceback" or "internal error" in the output,
  never more than FUZZ_RUN_SECONDS of CPU time (a run that takes longer is stopped and reported as a hang).

Hypothesis picks the mutations (and shrinks a failure to the fewest). `make unit` runs FUZZ_EXAMPLES
(default 8) examples in a fixed order; `make fuzz` runs many more, in a new order each time.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layer.cli.main import cli
from layer.errors import LayerError
from tests.conftest import ROOT

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
FUZZ_RANDOM = os.environ.get("FUZZ_RANDOM", "") == "1"  # make fuzz: a new order of examples each run
# A run is stopped as a hang after this much CPU time of its own (other work on a shared machine does not
# count), or after FUZZ_RUN_WALL_SECONDS of wall time (a run blocked without using the CPU).
FUZZ_RUN_SECONDS = float(os.environ.get("FUZZ_RUN_SECONDS", "10"))
FUZZ_RUN_WALL_SECONDS = float(os.environ.get("FUZZ_RUN_WALL_SECONDS", "120"))
USAGE_EXIT = 64

# A file and a line (`layer.yaml:12`) or a key (`layer.yaml (inputs.name)`, `... (dependencies.x)`).
PLACE = re.compile(r"\.(?:yaml|tf|json)(?::\d+|\s+\([^)\s]+\)|\b[^\n]*\(\w[\w.\[\]\"-]*\))")

# --------------------------------------------------------------------------------------------------
# Mutations: each takes the file's bytes and a random source, and returns the new bytes.

Mutation = Callable[[bytes, random.Random], bytes]

ODD_BYTES = [
    b"\x00",
    b"\x01",
    b"\x7f",
    b"\xff",
    b"\xc3\x28",
    b"\xe2\x80\xae",  # U+202E
    b"\xe2\x80\x8b",  # U+200B
    b"\xef\xbb\xbf",  # BOM
    b"\xf4\x8f\xbf\xbf",  # U+10FFFF
    b"\xc2\x85",  # NEL
    b"\t",
    b"\r",
    b"\n",
    b"'",
    b'"',
    b"{",
    b"[",
    b"&",
    b"*",
    b"!",
    b"%",
    b"@",
    b"`",
    b"|",
    b">",
    b"#",
    b":",
    b"- ",
    b"? ",
    b"\\",
]

VALUES = [
    "[1, 2]",
    "{a: 1}",
    "123",
    "-0",
    "1.5",
    "1e400",
    "true",
    "yes",
    "null",
    "~",
    '""',
    "''",
    ".nan",
    "-.inf",
    "0x1F",
    "0o777",
    "1_000",
    "1:30",
    "9" * 5000,
    "2024-01-01",
    "2024-01-01T10:00:00Z",
    "=",
    "<<",
    "!Ref x",
    "!foo {a: 1}",
    "!!python/object/apply:os.system ['true']",
    "!!binary aGk=",
    "!!timestamp 2024-01-01",
    "!!set {a, b}",
    "!!omap [{a: 1}]",
    "!!float abc",
    "!!str 12",
    "!!int '7'",
    "*undefined",
    "&anchor value",
    "'unclosed",
    '"esc \\u202e"',
    '"esc \\x01"',
    '"\\N"',
    "|\n  block\n  text",
    ">-\n  folded",
    "{[}]",
    "[a, {b: ]",
    ": : :",
    "- - -",
    "a\tb",
]

REFERENCES = [
    "${env:LAYER_FUZZ_UNSET}",
    "${env:LAYER_FUZZ_UNSET:-default}",
    "${env:HOME}",
    "$${env:HOME}",
    "$$${env:HOME}",
    "${layer.id}",
    "${layer.name}",
    "${layer.nope}",
    "${layer}",
    "${dependency.}",
    "${dependency.x}",
    "${dependency.x.outputs}",
    "${dependency.x.outputs.y}",
    "${dependency.bootstrap.outputs.kms_key_arn}",
    "${dependency.network.outputs.vpc_id}",
    "${dependency.network.outputs.private_subnet_ids[0]}",
    '${dependency.certificates.outputs.certificate_arns["connectly.io"]}',
    "${dependency.network.outputs.x",
    "${aws:username}",
    "${}",
    "${ ${ }",
    "prefix-${layer.id}-${env:HOME}-suffix",
    "%{if true}x%{endif}",
]

ODD_KEYS = [
    "~",
    "null",
    "true",
    "on",
    "1",
    "1.5",
    '""',
    "'${x}'",
    "? [a, b]\n",
    "? {a: 1}\n",
    "k\u202ey",
    "ключ",
    "a.b",
    "<<",
    "'<<'",
    "!tag key",
    "&k key",
    "-",
]


TAGS = [
    "!Ref",
    "!foo",
    "!!binary",
    "!!timestamp",
    "!!set",
    "!!omap",
    "!!float",
    "!!map",
    "!",
    "!!str",
    "!!python/tuple",
]
FLOW_JUNK = [b"{[}]", b"[a, {b: ]", b": : :", b"- - -", b"? ?", b"{a: 1, a: 2}", b"&a *a", b"!<!> x", b"%TAG", b"{"]


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _indent_of(line: bytes) -> bytes:
    return line[: len(line) - len(line.lstrip(b" "))]


def _pick_line(data: bytes, rng: random.Random, keyed: bool = False) -> tuple[list[bytes], int]:
    """A random line; with `keyed`, one holding `key: value` when there is one."""
    lines = _lines(data)
    candidates = [i for i, line in enumerate(lines) if b": " in line and not line.lstrip().startswith(b"#")]
    if keyed and candidates:
        return lines, rng.choice(candidates)
    return lines, rng.randrange(len(lines))


def delete_line(data: bytes, rng: random.Random) -> bytes:
    lines, i = _pick_line(data, rng)
    del lines[i]
    return b"\n".join(lines)


def duplicate_line(data: bytes, rng: random.Random) -> bytes:
    lines, i = _pick_line(data, rng)
    lines.insert(i, lines[i])
    return b"\n".join(lines)


def swap_value(data: bytes, rng: random.Random) -> bytes:
    lines, i = _pick_line(data, rng, keyed=True)
    head, colon, _ = lines[i].partition(b": ")
    if not colon:
        head, colon = lines[i].rstrip(b":"), b": "
    value = rng.choice(VALUES + REFERENCES).replace("\n", "\n" + _indent_of(lines[i]).decode() + "  ")
    lines[i] = head + colon + value.encode()
    return b"\n".join(lines)


def insert_bytes(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice(ODD_BYTES) * rng.choice((1, 1, 2, 7)) + data[at:]


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def reindent(data: bytes, rng: random.Random) -> bytes:
    lines, i = _pick_line(data, rng)
    shift = rng.choice((-2, -1, 1, 2, 3))
    lines[i] = b" " * max(0, len(_indent_of(lines[i])) + shift) + lines[i].lstrip(b" ")
    return b"\n".join(lines)


def add_reference(data: bytes, rng: random.Random) -> bytes:
    reference = rng.choice(REFERENCES)
    if rng.random() < 0.2:
        reference = "${" * rng.choice((10, 1000, 30_000)) + reference
    return _add_input(data, f"fuzz_ref: '{reference}'" if rng.random() < 0.3 else f"fuzz_ref: {reference}")


def _add_input(data: bytes, line: str) -> bytes:
    """A line under `inputs:` (added at the end when the file has none)."""
    if b"\ninputs:\n" in data:
        return data.replace(b"\ninputs:\n", b"\ninputs:\n  " + line.encode() + b"\n", 1)
    return data.rstrip(b"\n") + b"\ninputs:\n  " + line.encode() + b"\n"


def rename_dependency(data: bytes, rng: random.Random) -> bytes:
    target = rng.choice(["../nope", ".", "..", "/etc", "../../../../..", "../kms", "../network", "x" * 300, ""])
    found = list(re.finditer(rb"(path: |^  [a-z-]+: )(\.\./[^\n]*)", data, re.MULTILINE))
    if not found:
        return data + f"\ndependencies:\n  fuzz: {target}\n".encode()
    match = rng.choice(found)
    return data[: match.start(2)] + target.encode() + data[match.end(2) :]


def add_dependency(data: bytes, rng: random.Random) -> bytes:
    """A dependency on another layer (often one that depends back: a cycle), on itself, or on nothing."""
    target = rng.choice(["../network", "../kms", "../bootstrap", ".", "../waf", "../../ap-northeast-2/app"])
    entry = f"  fuzz_dep: {target}\n" if rng.random() < 0.5 else f"  fuzz_dep:\n    path: {target}\n"
    if b"\ndependencies:\n" in data:
        return data.replace(b"\ndependencies:\n", b"\ndependencies:\n" + entry.encode(), 1)
    return data.rstrip(b"\n") + b"\ndependencies:\n" + entry.encode()


def deep_nesting(data: bytes, rng: random.Random) -> bytes:
    levels = rng.choice((5, 30, 31, 32, 33, 100, 999, 1001, 5000))
    if rng.random() < 0.5:
        return _add_input(data, "fuzz_deep: " + "[" * levels + "]" * levels)
    block = "".join(" " * (2 + 2 * i) + f"k{i}:\n" for i in range(min(levels, 400)))
    return _add_input(data, "fuzz_deep:\n" + block.rstrip("\n") + " 1")


def huge(data: bytes, rng: random.Random) -> bytes:
    if rng.random() < 0.5:
        return _add_input(data, "fuzz_big: " + "x" * rng.choice((10_000, 200_000)))
    size = rng.choice((1000, 5000, 15_000))
    where = rng.choice((b"\ninputs:\n", b"\ntags:\n"))
    block = b"".join(b"  K%d: v%d\n" % (i, i) for i in range(size))
    if where in data:
        return data.replace(where, where + block, 1)
    return data.rstrip(b"\n") + where + block


def anchors(data: bytes, rng: random.Random) -> bytes:
    snippets = [
        "fuzz_a: &fa {k: 1, j: 2}\n  fuzz_b:\n    <<: *fa\n    j: 3",
        "fuzz_a: &fa 3\n  fuzz_b:\n    <<: *fa",
        "fuzz_b:\n    <<: [*nope]",
        "fuzz_b:\n    <<:",
        "fuzz_a: &fa [1, *fa]",
        "fuzz_a: &fa x\n  fuzz_a2: &fa y\n  fuzz_b: *fa",
        "l0: &l0 [a, a, a, a, a, a, a, a, a]\n"
        + "".join(f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 9)).rstrip("\n"),
    ]
    return _add_input(data, rng.choice(snippets))


def add_tag(data: bytes, rng: random.Random) -> bytes:
    lines, i = _pick_line(data, rng, keyed=True)
    head, colon, value = lines[i].partition(b": ")
    if colon:
        tag = rng.choice(
            ["!Ref", "!foo", "!!binary", "!!timestamp", "!!set", "!!omap", "!!float", "!!map", "!", "!!str"]
        )
        lines[i] = head + colon + tag.encode() + b" " + value
    return b"\n".join(lines)


def documents(data: bytes, rng: random.Random) -> bytes:
    return rng.choice(
        [data + b"\n---\n" + data, b"---\n" + data + b"\n...\n", data + b"\n---\n", b"%YAML 1.1\n---\n" + data]
    )


def flow_junk(data: bytes, rng: random.Random) -> bytes:
    lines, i = _pick_line(data, rng)
    junk = rng.choice(
        [b"{[}]", b"[a, {b: ]", b": : :", b"- - -", b"? ?", b"{a: 1, a: 2}", b"&a *a", b"!<!> x", b"%TAG"]
    )
    lines.insert(i, _indent_of(lines[i]) + junk)
    return b"\n".join(lines)


def odd_key(data: bytes, rng: random.Random) -> bytes:
    key = rng.choice(ODD_KEYS)
    return _add_input(data, key if key.endswith("\n") else f"{key}: v")


def crlf(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b"\n", b"\r\n") if rng.random() < 0.8 else data.replace(b"\n", b"\r")


def bom(data: bytes, rng: random.Random) -> bytes:
    if rng.random() < 0.5:
        return b"\xef\xbb\xbf" + data
    return insert_bytes(data, random.Random(rng.random())).replace(b"\x00", b"\xef\xbb\xbf")


REFUSED_ENTRIES = [
    "Fuzz: !Ref x",
    "Fuzz: !foo x",
    "Fuzz: !!binary aGk=",
    "Fuzz: !!python/object/apply:os.system ['true']",
    "Fuzz: !!timestamp 2024-01-01",
    "Fuzz: !custom {a: 1}",
    "Fuzz: !!float text",
    "Fuzz: a\u202eb",
    "Fuzz: a\u200bb",
    "Fuzz: x\U0010ffffx",
    "Fuzz: x\ufeffx",
    "Fuzz: x\x01x",
    'Fuzz: "x\\u202ex"',
    "Fuzz: &fa {a: 1}\n  Fuzz2: !!set {a}",
    "~: x",
    "null: x",
    "true: x",
    "on: x",
    "1: x",
    "? [a, b]\n  : x",
]


def refused_entry(data: bytes, rng: random.Random) -> bytes:
    """An entry under `tags:` (a map of strings) that the reader must refuse; were its tag dropped or its key
    turned into a string, the tags would still be valid: a refusal is the reader's."""
    entry = rng.choice(REFUSED_ENTRIES).encode()
    if b"\ntags:\n" in data:
        return data.replace(b"\ntags:\n", b"\ntags:\n  " + entry + b"\n", 1)
    return data.rstrip(b"\n") + b"\ntags:\n  " + entry + b"\n"


MUST_REFUSE = {"refused_entry"}  # mutations every command that reads the file must refuse (exit 1)

MUTATIONS: list[Mutation] = [
    refused_entry,
    delete_line,
    duplicate_line,
    swap_value,
    insert_bytes,
    truncate,
    reindent,
    add_reference,
    rename_dependency,
    add_dependency,
    deep_nesting,
    huge,
    anchors,
    add_tag,
    documents,
    flow_junk,
    odd_key,
    crlf,
    bom,
]

# --------------------------------------------------------------------------------------------------
# The sandbox: a copy of the repository's tree, modules and bootstrap, in a git repository of its own.


@dataclass
class Sandbox:
    root: Path
    files: list[Path]  # every YAML file under live/
    originals: dict[Path, bytes] = field(default_factory=dict)
    clock: int = 0

    def write(self, path: Path, data: bytes) -> None:
        """Write, and give the file an mtime never used before: every cache keyed by mtime sees a change."""
        path.write_bytes(data)
        self.clock += 1
        stamp = 1_700_000_000_000_000_000 + self.clock * 1_000_000_000
        os.utime(path, ns=(stamp, stamp))

    def mutate(self, path: Path, data: bytes) -> None:
        self.originals.setdefault(path, path.read_bytes())
        self.write(path, data)

    def restore(self) -> None:
        for path, data in self.originals.items():
            self.write(path, data)
        self.originals.clear()


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    root = tmp_path_factory.mktemp("fuzz") / "repo"
    root.mkdir()
    for part in ("live", "modules", "bootstrap", "schemas"):
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, root / part, ignore=shutil.ignore_patterns(".terraform", ".layer"))
    (root / ".gitignore").write_text(".layer/\n")
    git = ["git", "-c", "user.name=fuzz", "-c", "user.email=fuzz@example.invalid", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "fuzz base"], cwd=root, check=True)
    files = sorted(p for p in (root / "live").rglob("*.yaml") if p.name in ("layer.yaml", "_defaults.yaml"))
    box = Sandbox(root, files)
    cwd = Path.cwd()
    os.chdir(root)  # affected works in the current repository
    try:
        yield box
    finally:
        os.chdir(cwd)


# --------------------------------------------------------------------------------------------------
# Running a command and holding it to the contract


class Hang(Exception):
    pass


@dataclass
class Outcome:
    args: tuple[str, ...]
    code: int
    text: str
    seconds: float


def _alarm(signum: int, frame: FrameType | None) -> None:
    if signum == signal.SIGPROF:
        raise Hang(f"no answer after {FUZZ_RUN_SECONDS} s of CPU time")
    raise Hang(f"no answer in {FUZZ_RUN_WALL_SECONDS} s")


def run_in_process(*args: str) -> Outcome:
    """`layer ARGS` as main() runs it (standalone_mode=False), with a LayerError rendered as main() does."""
    previous = {number: signal.signal(number, _alarm) for number in (signal.SIGALRM, signal.SIGPROF)}
    signal.setitimer(signal.ITIMER_PROF, FUZZ_RUN_SECONDS)
    signal.setitimer(signal.ITIMER_REAL, FUZZ_RUN_WALL_SECONDS)
    started = time.perf_counter()
    try:
        result = CliRunner().invoke(cli, list(args), standalone_mode=False)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        for number, handler in previous.items():
            signal.signal(number, handler)
    seconds = time.perf_counter() - started
    err = result.exception
    text = result.output
    if err is None:
        code = result.return_value if isinstance(result.return_value, int) else 0
    elif isinstance(err, LayerError):
        code, text = err.exit_code, text + err.render()
    elif isinstance(err, click.UsageError):
        code, text = USAGE_EXIT, text + err.format_message()
    elif isinstance(err, click.ClickException):
        code, text = err.exit_code, text + err.format_message()
    elif isinstance(err, SystemExit):
        code = err.code if isinstance(err.code, int) else 1
    else:
        raise AssertionError(f"layer {' '.join(args)} crashed: {type(err).__name__}: {err}") from err
    return Outcome(args, code, text, seconds)


def check_contract(outcome: Outcome, what: str) -> None:
    shown = f"layer {' '.join(outcome.args)} after {what}: exit {outcome.code}\n{outcome.text[-3000:]}"
    assert "Traceback" not in outcome.text, f"a traceback reached the user\n{shown}"
    assert "internal error" not in outcome.text, f"an unexpected exception (internal error)\n{shown}"
    assert outcome.code in (0, 1, 2, USAGE_EXIT), f"exit code outside the contract\n{shown}"
    if outcome.code in (1, USAGE_EXIT):
        assert PLACE.search(outcome.text), f"the error names no file with a line or key\n{shown}"


def layer_to_render(sandbox: Sandbox, mutated: list[Path]) -> Path:
    """The layer whose file was mutated, or a layer below a mutated _defaults.yaml."""
    for path in mutated:
        if path.name == "layer.yaml":
            return path.parent
        below = sorted(path.parent.rglob("layer.yaml"))
        if below:
            return below[0].parent
    return sandbox.root / "live/prod/ap-northeast-2/waf"


COMMANDS = (
    ("validate", "live/prod"),
    ("graph", "live", "--format", "json"),
    ("affected", "--since", "HEAD"),
)


Step = tuple[Mutation, Path, int]  # a mutation, the file it changes, its random seed


def steps_of(sandbox: Sandbox, plan: list[tuple[int, int, int]]) -> list[Step]:
    """Hypothesis's integers as mutations of files: mostly the files `validate live/prod` reads."""
    prod = [p for p in sandbox.files if "/live/prod/" in str(p) or p.parent.name == "live"]
    steps = []
    for choice, file_pick, seed in plan:
        pool = prod if file_pick % 3 else sandbox.files
        steps.append((MUTATIONS[choice % len(MUTATIONS)], pool[file_pick % len(pool)], seed))
    return steps


def apply_steps(sandbox: Sandbox, steps: list[Step]) -> str:
    described = []
    for mutation, path, seed in steps:
        sandbox.mutate(path, mutation(path.read_bytes(), random.Random(seed)))
        described.append(f"{mutation.__name__}(seed={seed}) on {path.relative_to(sandbox.root)}")
    return "; ".join(described) or "no mutation"


def run_example(sandbox: Sandbox, steps: list[Step]) -> list[Outcome]:
    try:
        what = apply_steps(sandbox, steps)
        target = str(layer_to_render(sandbox, [path for _, path, _ in steps]).relative_to(sandbox.root))
        last = {path: mutation for mutation, path, _ in steps}  # a later mutation may remove the entry
        refused = [path for path, mutation in last.items() if mutation.__name__ in MUST_REFUSE]
        outcomes = []
        for args in (*COMMANDS, ("render", target, "--json")):
            outcome = run_in_process(*args)
            check_contract(outcome, what)
            if any(reads(sandbox, args, path) for path in refused):
                assert outcome.code == 1, f"layer {' '.join(args)} accepted {what}\n{outcome.text[-2000:]}"
            outcomes.append(outcome)
        return outcomes
    finally:
        sandbox.restore()


def reads(sandbox: Sandbox, args: tuple[str, ...], path: Path) -> bool:
    """Whether the command parses the file (affected reads only what it needs of a layer.yaml: ADR 0010)."""
    if args[0] == "validate":
        return path == sandbox.root / "live/_defaults.yaml" or (sandbox.root / "live/prod") in path.parents
    if args[0] == "render":
        layer_dir = sandbox.root / args[1]
        return path == layer_dir / "layer.yaml" or (path.name == "_defaults.yaml" and path.parent in layer_dir.parents)
    return args[0] == "graph"


PLANS = st.lists(
    st.tuples(st.integers(0, len(MUTATIONS) - 1), st.integers(0, 10_000), st.integers(0, 2**32 - 1)),
    min_size=1,
    max_size=3,
)


@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    database=None,
    derandomize=not FUZZ_RANDOM,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
@given(plan=PLANS)
def test_mutated_trees_keep_the_contract(sandbox: Sandbox, plan: list[tuple[int, int, int]]) -> None:
    outcomes = run_example(sandbox, steps_of(sandbox, plan))
    slowest = max(outcomes, key=lambda o: o.seconds)
    print(f"{plan}: exits {[o.code for o in outcomes]}, slowest {slowest.seconds:.2f} s ({slowest.args[0]})")


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.__name__)
def test_every_mutation_kind_once(sandbox: Sandbox, mutation: Mutation) -> None:
    """Each kind of mutation on a layer and on a _defaults.yaml of live/prod, whatever Hypothesis picks."""
    run_example(sandbox, [(mutation, sandbox.root / "live/prod/ap-northeast-2/kms/layer.yaml", 1)])
    run_example(sandbox, [(mutation, sandbox.root / "live/prod/_defaults.yaml", 2)])


def test_the_unmutated_copy_is_accepted(sandbox: Sandbox) -> None:
    """The fuzzer's baseline: every command accepts the tree as it is (else every example is a refusal)."""
    outcomes = run_example(sandbox, [])
    assert [o.code for o in outcomes] == [0, 0, 0, 0], [o.text[-500:] for o in outcomes]


REAL_CLI_PLANS = [
    [(add_tag, "live/prod/ap-northeast-2/kms/layer.yaml", 11), (insert_bytes, "live/prod/_defaults.yaml", 12)],
    [(anchors, "live/prod/ap-northeast-2/network/layer.yaml", 6)],
    [(deep_nesting, "live/prod/ap-northeast-2/waf/layer.yaml", 3), (odd_key, "live/prod/_defaults.yaml", 9)],
]


@pytest.mark.parametrize("plan", REAL_CLI_PLANS, ids=["tag-and-bytes", "anchors", "deep-and-odd-key"])
def test_mutated_trees_through_the_real_cli(sandbox: Sandbox, plan: list[tuple[Mutation, str, int]]) -> None:
    """A few runs of the installed `layer` (main() and its error handling), as a user or CI runs it."""
    layer_bin = Path(sys.executable).parent / "layer"
    try:
        what = apply_steps(sandbox, [(mutation, sandbox.root / rel, seed) for mutation, rel, seed in plan])
        for args in COMMANDS:
            started = time.perf_counter()
            result = subprocess.run(
                [str(layer_bin), *args], cwd=sandbox.root, capture_output=True, text=True, timeout=120
            )
            outcome = Outcome(args, result.returncode, result.stdout + result.stderr, time.perf_counter() - started)
            check_contract(outcome, what)
    finally:
        sandbox.restore()
