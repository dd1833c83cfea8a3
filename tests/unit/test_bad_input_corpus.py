"""The bad-input corpus of issue 13 (and the fuzzer's findings of issue 22): the safety contract, case by case.

Every case is one small mutation of a copy of live/prod (with modules/ and bootstrap/ beside it, in a git
repository of its own under tmp_path), run through the real CLI: validate, graph, render, plan and apply.
For broken input each run must

- exit 1 (64 for a usage error): never 0 or 2, which CI reads as "no changes" / "changes present";
- name the file and the line (or the key) of the problem on stderr;
- print no Python traceback and no "internal error" (a crash, however politely reported, is a bug);
- start no Terraform process: LAYER_TERRAFORM_BIN is a script that leaves a marker file, and no
  credentials or emulator are given, so a config error must be found before anything else is tried.

A few cases are input the contract says to ACCEPT (CRLF, a BOM, null for a non-nullable variable with a
default, `$${...}`, a template in a tag key): those must exit 0.

`validate` always runs in a process of its own (tracebacks, exit codes and streams as a user sees them),
forked from a pre-imported one (tests/cli_zygote.py) so that it does not pay Python's start-up per case;
the other commands run in-process through the CLI's own `main()` for speed, except the hazardous cases
(memory, depth, hangs), which run every command as the console script in a fresh interpreter with a timeout.

Unreadable files: the tests run as root here, so `chmod 000` cannot make a file unreadable. Reading is
made to fail in other ways: a symlink to /proc/self/mem (EIO), a symlink loop, a dangling symlink, a
directory and a FIFO named layer.yaml. A permission error proper (EACCES) is not covered when run as root.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from dataclasses import replace as replace_fields
from pathlib import Path

import pytest

from tests.cli_zygote import run_layer
from tests.conftest import ROOT

LAYER = str(Path(sys.executable).parent / "layer")
REGION = "prod/ap-northeast-2"
WAF = f"{REGION}/waf/layer.yaml"
KMS = f"{REGION}/kms/layer.yaml"
NETWORK = f"{REGION}/network/layer.yaml"
LOGGING = f"{REGION}/logging/layer.yaml"
CERTIFICATES = f"{REGION}/certificates/layer.yaml"
PROD_DEFAULTS = "prod/_defaults.yaml"
REGION_DEFAULTS = f"{REGION}/_defaults.yaml"
ROOT_DEFAULTS = "_defaults.yaml"
WAF_KMS_REF = "kms_key_arn: ${dependency.kms.outputs.key_arns.logs}\n"
HAZARD_TIMEOUT = 30  # seconds: a refusal takes about one on a loaded machine; the quadratic paths took minutes
MAX_LINE = 2000  # characters in one line of an error: an 18,000-character type expression is no hint

Mutation = Callable[[Path], None]  # applied to the copy's live/ directory


# ---------------------------------------------------------------------------------------------- mutations


def _fresh(path: Path) -> Path:
    """The path, ready to be written: the copy's module files are hard links to the checkout's, so a file
    is unlinked first and never written through."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def replace(rel: str, old: str, new: str) -> Mutation:
    """Replace the one occurrence of `old` in live/REL (an error when there is none or more than one, so
    a case notices when live/prod changes under it)."""

    def apply(live: Path) -> None:
        path = live / rel
        text = path.read_text()
        assert text.count(old) == 1, f"{rel}: expected exactly one {old!r} to mutate"
        _fresh(path).write_text(text.replace(old, new))

    return apply


def replace_bytes(rel: str, old: bytes, new: bytes) -> Mutation:
    def apply(live: Path) -> None:
        path = live / rel
        data = path.read_bytes()
        assert data.count(old) == 1, f"{rel}: expected exactly one {old!r} to mutate"
        _fresh(path).write_bytes(data.replace(old, new))

    return apply


def append(rel: str, text: str) -> Mutation:
    def apply(live: Path) -> None:
        path = live / rel
        before = path.read_text() if path.exists() else ""
        if before and not before.endswith("\n"):
            before += "\n"
        _fresh(path).write_text(before + text)

    return apply


def transform(rel: str, change: Callable[[bytes], bytes]) -> Mutation:
    def apply(live: Path) -> None:
        path = live / rel
        data = path.read_bytes()
        _fresh(path).write_bytes(change(data))

    return apply


def write(rel: str, data: str | bytes) -> Mutation:
    def apply(live: Path) -> None:
        path = _fresh(live / rel)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data)

    return apply


def swap_for(rel: str, make: Callable[[Path], None]) -> Mutation:
    """Remove live/REL and put something else at its place (a symlink, a directory, a FIFO)."""

    def apply(live: Path) -> None:
        make(_fresh(live / rel))

    return apply


def copy_dir(src: str, dst: str) -> Mutation:
    def apply(live: Path) -> None:
        shutil.copytree(live / src, live / dst)

    return apply


def module_beside(rel: str, main_tf: str) -> Mutation:
    """A module of its own at REL relative to the repository (live/..)."""

    def apply(live: Path) -> None:
        _fresh(live.parent / rel / "main.tf").write_text(main_tf)

    return apply


def copy_module_outside(name: str) -> Mutation:
    """modules/NAME copied to a directory beside the repository (outside it): ../outside/NAME."""

    def apply(live: Path) -> None:
        shutil.copytree(live.parent / "modules" / name, live.parent.parent / "outside" / name)

    return apply


def billion_laughs() -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def crlf(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


# ------------------------------------------------------------------------------------------------- cases


@dataclass(frozen=True)
class At:
    """Where the message must point: the file (a path under live/), and the line holding `needle` in the
    mutated file, or else the `key` ("" needle: any line of that file; None: the file is enough)."""

    file: str
    needle: str | None = ""
    key: str | None = None


VALIDATE, GRAPH, RENDER, PLAN, APPLY, RUN_ALL = "validate", "graph", "render", "plan", "apply", "run-all"
EVERY = (VALIDATE, GRAPH, RENDER, PLAN, APPLY)
LOADED = (VALIDATE, RENDER, PLAN, APPLY)  # what reads the layer's own settings (graph reads the tree's shape)
CHECKED = (VALIDATE, PLAN, APPLY)  # what checks references and module inputs
TREE = (VALIDATE, PLAN, APPLY, RUN_ALL)  # checks that need the whole tree
ACCEPTED = (VALIDATE, GRAPH, RENDER)


@dataclass(frozen=True)
class Case:
    id: str
    mutations: tuple[Mutation, ...] = ()
    at: tuple[At, ...] = ()
    layer: str = f"{REGION}/waf"  # what render, plan and apply are given
    commands: tuple[str, ...] = EVERY
    exit: tuple[int, ...] = (1,)
    names: tuple[str, ...] = ()  # more text stderr must hold (layer ids, a hint)
    argv: tuple[str, ...] = ()  # a command line of its own instead of `commands` ("{live}" is the copy's live/)
    hazardous: bool = False  # may eat memory, recurse or hang: every command in a subprocess with a timeout
    real_process: bool = False  # validate (or argv) as a subprocess: the crash classes, seen as a user sees them


def c(case_id: str, *mutations: Mutation, **kw: object) -> Case:
    return Case(case_id, mutations, **kw)  # type: ignore[arg-type]


def waf_input(old: str, new: str) -> Mutation:
    return replace(WAF, old, new)


YAML_CASES = [
    # --- already handled (kept so they stay handled)
    c(
        "yaml-duplicate-key",
        waf_input("  name: connectly-prod\n", "  name: connectly-prod\n  name: other\n"),
        at=(At(WAF, "name: other"),),
    ),
    c(
        "yaml-tab-indentation",
        waf_input("  name: connectly-prod\n", "\tname: connectly-prod\n"),
        at=(At(WAF, "\tname"),),
    ),
    c("yaml-unclosed-quote", waf_input("  name: connectly-prod\n", '  name: "connectly-prod\n'), at=(At(WAF, ""),)),
    c("yaml-truncated-flow", append(WAF, "extra: {a: [1, 2\n"), at=(At(WAF, ""),)),
    c("yaml-file-is-a-list", write(f"{REGION}/waf/layer.yaml", "- module\n- inputs\n"), at=(At(WAF, ""),)),
    c("yaml-empty-layer-file", write(WAF, ""), at=(At(WAF, None, key="module"),)),
    # --- issue 13 / 22 classes
    c("yaml-billion-laughs", append(WAF, billion_laughs()), at=(At(WAF, ""),), hazardous=True),
    c(
        "yaml-deep-flow-lists",
        append(WAF, "deep: " + "[" * 10_000 + "]" * 10_000 + "\n"),
        at=(At(WAF, ""),),
        hazardous=True,
    ),
    c(
        "yaml-deep-flow-maps-in-inputs",
        waf_input("  allowed_ipv4_cidrs: []\n", "  allowed_ipv4_cidrs: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n"),
        at=(At(WAF, ""),),
        hazardous=True,
    ),
    c(
        "yaml-deep-block-nesting",
        append(WAF, "deep:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 3000)) + " " * 3000 + "x: 1\n"),
        at=(At(WAF, ""),),
        hazardous=True,
    ),
    c(
        "yaml-non-utf8-bytes",
        replace_bytes(WAF, b"  name: connectly-prod\n", b"  name: connectly-\xff\xfeprod\n"),
        at=(At(WAF, "  name: connectly-"),),
    ),
    c("yaml-latin1-comment", transform(WAF, lambda d: d + b"# caf\xe9\n"), at=(At(WAF, "# caf"),)),
    c(
        "yaml-control-character",
        waf_input("  name: connectly-prod\n", "  name: connectly\x07prod\n"),
        at=(At(WAF, "connectly\x07"),),
    ),
    c(
        "yaml-nul-byte",
        waf_input("  name: connectly-prod\n", "  name: connectly\x00prod\n"),
        at=(At(WAF, "connectly\x00"),),
    ),
    c("yaml-tag-ref", waf_input("  name: connectly-prod\n", "  name: !Ref connectly-prod\n"), at=(At(WAF, "!Ref"),)),
    c(
        "yaml-tag-python-object",
        waf_input("  name: connectly-prod\n", '  name: !!python/object/apply:os.system ["true"]\n'),
        at=(At(WAF, "!!python"),),
    ),
    c("yaml-tag-python-name-key", append(WAF, "? !!python/name:os.system\n: x\n"), at=(At(WAF, "!!python"),)),
    c(
        "yaml-tag-binary",
        waf_input("  name: connectly-prod\n", "  name: !!binary aGVsbG8=\n"),
        at=(At(WAF, "!!binary"),),
    ),
    c(
        "yaml-tag-set",
        waf_input("  allowed_ipv4_cidrs: []\n", "  allowed_ipv4_cidrs: !!set {10.0.0.0/8}\n"),
        at=(At(WAF, "!!set"),),
    ),
    c(
        "yaml-tag-timestamp",
        waf_input("  name: connectly-prod\n", "  name: !!timestamp 2001-12-14\n"),
        at=(At(WAF, "!!timestamp"),),
    ),
    c(
        "yaml-tag-float-on-text",
        waf_input("  name: connectly-prod\n", "  name: !!float connectly\n"),
        at=(At(WAF, "!!float"),),
    ),
    c("yaml-tag-on-mapping", waf_input("  rate_limit:\n", "  rate_limit: !Limits\n"), at=(At(WAF, "!Limits"),)),
    c(
        "yaml-tag-on-sequence",
        waf_input("  scopes: [REGIONAL, CLOUDFRONT]\n", "  scopes: !seq [REGIONAL, CLOUDFRONT]\n"),
        at=(At(WAF, "!seq"),),
    ),
    c(
        "yaml-merge-key-on-scalar",
        waf_input("  rate_limit:\n", "  rate_limit:\n    <<: not-a-mapping\n"),
        at=(At(WAF, "<<:"),),
    ),
    c(
        "yaml-merge-key-on-list-of-scalars",
        waf_input("  rate_limit:\n", "  rate_limit:\n    <<: [1, 2]\n"),
        at=(At(WAF, "<<:"),),
    ),
    c(
        "yaml-several-documents",
        append(WAF, "---\nmodule: ../../../../modules/kms\n"),
        at=(At(WAF, "---"),),
    ),
    c(
        "yaml-key-null",
        waf_input("  allowed_ipv4_cidrs: []\n", "  allowed_ipv4_cidrs: []\n  null: x\n"),
        at=(At(WAF, "null: x"),),
    ),
    c("yaml-key-true-in-tags", append(WAF, "  tags:\n    true: x\n"), at=(At(WAF, "true: x"),)),
    c("yaml-key-integer-in-tags", append(WAF, "  tags:\n    1: x\n"), at=(At(WAF, "1: x"),)),
    c("yaml-key-list-in-tags", append(WAF, "  tags:\n    ? [a, b]\n    : x\n"), at=(At(WAF, "[a, b]"),)),
    c("yaml-key-null-top-level", append(WAF, "~: x\n"), at=(At(WAF, "~: x"),)),
    c(
        "yaml-alias-to-undefined-anchor",
        waf_input("  name: connectly-prod\n", "  name: *nowhere\n"),
        at=(At(WAF, "*nowhere"),),
    ),
    c(
        "yaml-unhashable-key-in-flow",
        append(WAF, "odd: {[1, 2]: 3}\n"),
        at=(At(WAF, "odd:"),),
    ),
    c(
        "yaml-tag-through-a-tag-directive",
        write(
            WAF,
            "%TAG !py! tag:yaml.org,2002:python/object/apply:\n---\nmodule: ../../../../modules/waf\n"
            'inputs:\n  name: !py!os.system ["true"]\n',
        ),
        at=(At(WAF, "!py!os.system"),),
    ),
    # a plain date is a string to this project (the core schema has no timestamps): never a value JSON
    # cannot hold (render --json), whichever way the loader decides
    c("yaml-plain-date", append(WAF, "  tags:\n    Created: 2001-12-14\n"), exit=(0, 1), commands=(VALIDATE, RENDER)),
    c(
        "yaml-plain-datetime-key",
        append(WAF, "  tags:\n    2001-12-14t21:59:43.10-05:00: x\n"),
        exit=(0, 1),
        commands=(VALIDATE, RENDER),
    ),
    # --- unreadable and odd files
    c(
        "file-layer-yaml-dangling-symlink",
        swap_for(WAF, lambda p: p.symlink_to(p.parent / "missing.yaml")),
        at=(At(WAF, None),),
    ),
    c("file-layer-yaml-symlink-loop", swap_for(WAF, lambda p: p.symlink_to(p)), at=(At(WAF, None),)),
    c("file-layer-yaml-unreadable-eio", swap_for(WAF, lambda p: p.symlink_to("/proc/self/mem")), at=(At(WAF, None),)),
    c(
        "file-layer-yaml-is-a-directory",
        swap_for(WAF, lambda p: p.mkdir()),
        at=(At(WAF, None),),
        commands=(VALIDATE, GRAPH, RENDER, PLAN, APPLY),
    ),
    c("file-layer-yaml-is-a-fifo", swap_for(WAF, lambda p: os.mkfifo(p)), at=(At(WAF, None),), hazardous=True),
    c(
        "file-defaults-dangling-symlink",
        swap_for(REGION_DEFAULTS, lambda p: p.symlink_to(p.parent / "gone.yaml")),
        at=(At(REGION_DEFAULTS, None),),
    ),
    c("file-defaults-is-a-directory", swap_for(REGION_DEFAULTS, lambda p: p.mkdir()), at=(At(REGION_DEFAULTS, None),)),
    c(
        "file-defaults-non-utf8",
        transform(REGION_DEFAULTS, lambda d: d + b"owner: \xc3\x28\n"),
        at=(At(REGION_DEFAULTS, "owner: "),),
    ),
]

# CRLF and a BOM are ordinary files from another editor: accepted (and read with the same lines).
ACCEPTED_YAML_CASES = [
    c("accept-crlf-layer", transform(WAF, crlf), commands=ACCEPTED, exit=(0,)),
    c("accept-crlf-defaults", transform(PROD_DEFAULTS, crlf), commands=ACCEPTED, exit=(0,)),
    c("accept-bom-layer", transform(WAF, lambda d: b"\xef\xbb\xbf" + d), commands=ACCEPTED, exit=(0,)),
    c("accept-bom-defaults", transform(ROOT_DEFAULTS, lambda d: b"\xef\xbb\xbf" + d), commands=ACCEPTED, exit=(0,)),
]

SEMANTIC_CASES = [
    # --- already handled
    c(
        "graph-cycle",
        replace(NETWORK, "  bootstrap: ../bootstrap\n", "  bootstrap: ../bootstrap\n  waf: ../waf\n"),
        at=(At("layer.yaml", ""),),  # any edge of the cycle, at its line
        commands=(VALIDATE, GRAPH, PLAN, APPLY),
        names=("cycle", "ap-northeast-2/waf", "ap-northeast-2/network"),
    ),
    c(
        "graph-self-dependency",
        replace(NETWORK, "  bootstrap: ../bootstrap\n", "  bootstrap: ../bootstrap\n  me: ../network\n"),
        at=(At(NETWORK, "me: ../network", key="dependencies.me"),),
        layer=f"{REGION}/network",
        commands=(VALIDATE, GRAPH, PLAN, APPLY),
    ),
    c(
        "graph-missing-layer",
        replace(WAF, "    path: ../kms\n", "    path: ../nope\n"),
        at=(At(WAF, "kms:", key="dependencies.kms"),),
        commands=(VALIDATE, GRAPH, PLAN, APPLY),
    ),
    c(
        "graph-dependency-outside-tree",
        replace(WAF, "    path: ../kms\n", "    path: ../../../../../elsewhere\n"),
        at=(At(WAF, "kms:", key="dependencies.kms"),),
        commands=(VALIDATE, GRAPH, PLAN, APPLY),
    ),
    c(
        "schema-unknown-top-level-key",
        append(WAF, "modul: x\n"),
        at=(At(WAF, "modul: x", key="modul"),),
        commands=LOADED,
    ),
    c(
        "schema-module-missing",
        replace(WAF, "module: ../../../../modules/waf\n", ""),
        at=(At(WAF, None, key="module"),),
        commands=LOADED,
    ),
    c(
        "ref-unknown-layer-attribute",
        waf_input("  name: connectly-prod\n", "  name: ${layer.nope}\n"),
        at=(At(WAF, "${layer.nope}", key="inputs.name"),),
        commands=LOADED,
    ),
    c(
        "ref-env-unset-without-default",
        waf_input("  name: connectly-prod\n", "  name: ${env:LAYER_CORPUS_NEVER_SET}\n"),
        at=(At(WAF, "LAYER_CORPUS_NEVER_SET", key="inputs.name"),),
        commands=LOADED,
    ),
    # --- two layers, one state object
    c(
        "state-copied-region-shares-keys",
        copy_dir(REGION, "prod/ap-northeast-1"),
        write("prod/ap-northeast-1/_defaults.yaml", "region: ap-northeast-1\n"),
        at=(At(PROD_DEFAULTS, 'key: "{name}', key="backend.key"),),
        layer="prod/ap-northeast-1/waf",
        commands=TREE,
        names=("ap-northeast-1/waf", "ap-northeast-2/waf"),
    ),
    c(
        "state-explicit-key-collides",
        replace(NETWORK, "inputs:\n", "backend:\n  key: kms/terraform.tfstate\ninputs:\n"),
        at=(At(NETWORK, "key: kms/terraform.tfstate", key="backend.key"),),
        layer=f"{REGION}/network",
        commands=TREE,
        names=("ap-northeast-2/kms", "ap-northeast-2/network"),
    ),
    c(
        "state-key-template-without-name",
        replace(PROD_DEFAULTS, '  key: "{name}/terraform.tfstate"\n', "  key: terraform.tfstate\n"),
        at=(At(PROD_DEFAULTS, "key: terraform.tfstate", key="backend.key"),),
        commands=TREE,
        names=("ap-northeast-2/waf",),
    ),
    # --- references, checked by validate (not first at plan time)
    c(
        "ref-undeclared-dependency",
        waf_input(WAF_KMS_REF, "kms_key_arn: ${dependency.nope.outputs.key_arns.logs}\n"),
        at=(At(WAF, "dependency.nope", key="inputs.kms_key_arn"),),
        commands=CHECKED,
    ),
    c(
        "ref-undeclared-dependency-mid-string",
        waf_input("  name: connectly-prod\n", "  name: prod-${dependency.nope.outputs.id}\n"),
        at=(At(WAF, "dependency.nope", key="inputs.name"),),
        commands=CHECKED,
    ),
    c(
        "ref-empty-dependency",
        waf_input(WAF_KMS_REF, 'kms_key_arn: "${dependency.}"\n'),
        at=(At(WAF, "${dependency.}", key="inputs.kms_key_arn"),),
        commands=CHECKED,
    ),
    c(
        "ref-no-output-name",
        waf_input(WAF_KMS_REF, "kms_key_arn: ${dependency.kms.outputs}\n"),
        at=(At(WAF, "${dependency.kms.outputs}", key="inputs.kms_key_arn"),),
        commands=CHECKED,
    ),
    c(
        "ref-output-the-module-lacks",
        waf_input(WAF_KMS_REF, "kms_key_arn: ${dependency.kms.outputs.not_an_output}\n"),
        at=(At(WAF, "not_an_output", key="inputs.kms_key_arn"),),
        commands=CHECKED,
    ),
    c(
        "ref-output-typo",
        replace(KMS, "${dependency.bootstrap.outputs.kms_key_arn}", "${dependency.bootstrap.outputs.kms_key_arm}"),
        at=(At(KMS, "kms_key_arm", key="inputs.terraform_state_key_arn"),),
        layer=f"{REGION}/kms",
        commands=CHECKED,
    ),
    c(
        "ref-unclosed",
        waf_input(WAF_KMS_REF, "kms_key_arn: ${dependency.kms.outputs.key_arns.logs\n"),
        at=(At(WAF, "${dependency.kms.outputs.key_arns.logs", key="inputs.kms_key_arn"),),
        commands=CHECKED,
    ),
    c(
        "ref-inside-backend",
        append(KMS, "backend:\n  kms_key_id: ${dependency.bootstrap.outputs.kms_key_arn}\n"),
        at=(At(KMS, "kms_key_id: ${dependency", key="backend.kms_key_id"),),
        layer=f"{REGION}/kms",
        commands=LOADED,
    ),
    c(
        "ref-mock-output-not-an-output",
        replace(
            KMS,
            "      kms_key_alias: alias/terraform-state\n",
            "      kms_key_alias: alias/terraform-state\n      kms_key_arm: x\n",
        ),
        at=(At(KMS, "kms_key_arm: x", key="kms_key_arm"),),
        layer=f"{REGION}/kms",
        commands=CHECKED,
    ),
    # --- backend and region settings AWS would refuse
    *[
        c(
            f"s3-bucket-{label}",
            replace(PROD_DEFAULTS, "  bucket: prod-connectly\n", f"  bucket: {bucket}\n"),
            at=(At(PROD_DEFAULTS, f"bucket: {bucket}", key="backend.bucket"),),
            commands=LOADED,
        )
        for label, bucket in [
            ("double-dot", "prod..connectly"),
            ("upper-case", "Prod-Connectly"),
            ("too-short", "ab"),
            ("too-long", "p" * 64),
            ("ip-address", '"192.168.1.1"'),
            ("xn-prefix", "xn--abc"),
            ("sthree-prefix", "sthree-prod"),
            ("s3alias-suffix", "prod-connectly-s3alias"),
            ("ol-s3-suffix", "prod-connectly--ol-s3"),
            ("ends-with-hyphen", "prod-connectly-"),
            ("dot-next-to-hyphen", "prod.-connectly"),
            ("underscore", "prod_connectly"),
        ]
    ],
    c(
        "region-fake",
        replace(REGION_DEFAULTS, "region: ap-northeast-2\n", "region: xx-fake-1\n"),
        at=(At(REGION_DEFAULTS, "xx-fake-1", key="region"),),
        commands=LOADED,
    ),
    c(
        "region-fake-backend",
        replace(PROD_DEFAULTS, "  region: ap-northeast-2\n", "  region: xx-fake-1\n"),
        at=(At(PROD_DEFAULTS, "xx-fake-1", key="backend.region"),),
        commands=LOADED,
    ),
    c(
        "region-fake-provider-alias",
        replace(PROD_DEFAULTS, "      region: us-east-1\n", "      region: us-fake-1\n"),
        at=(At(PROD_DEFAULTS, "us-fake-1", key="provider.aliases.us_east_1.region"),),
        commands=LOADED,
    ),
    c(
        "region-zero-width-space",
        replace(REGION_DEFAULTS, "region: ap-northeast-2\n", "region: ap-northeast-2\u200b\n"),
        at=(At(REGION_DEFAULTS, "region:", key="region"),),
        commands=LOADED,
    ),
    c(
        "region-max-code-point",
        replace(REGION_DEFAULTS, "region: ap-northeast-2\n", 'region: "ap-northeast-2\\U0010FFFF"\n'),
        at=(At(REGION_DEFAULTS, "region:", key="region"),),
        commands=LOADED,
    ),
    c(
        "kms-key-id-right-to-left-override",
        replace(PROD_DEFAULTS, "  kms_key_id: alias/terraform-state\n", "  kms_key_id: alias/terraform-state\u202e\n"),
        at=(At(PROD_DEFAULTS, "kms_key_id:", key="backend.kms_key_id"),),
        commands=LOADED,
    ),
    c(
        "kms-key-id-bom-inside",
        replace(PROD_DEFAULTS, "  kms_key_id: alias/terraform-state\n", "  kms_key_id: alias/\ufeffterraform-state\n"),
        at=(At(PROD_DEFAULTS, "kms_key_id:", key="backend.kms_key_id"),),
        commands=LOADED,
    ),
    # --- module paths
    c(
        "module-does-not-exist",
        replace(WAF, "module: ../../../../modules/waf\n", "module: ../../../../modules/nope\n"),
        at=(At(WAF, "module:", key="module"),),
        commands=LOADED,
    ),
    c(
        "module-is-a-file",
        replace(WAF, "module: ../../../../modules/waf\n", "module: ../../../../modules/waf/main.tf\n"),
        at=(At(WAF, "module:", key="module"),),
        commands=LOADED,
    ),
    c(
        "module-outside-repository",
        copy_module_outside("waf"),
        replace(WAF, "module: ../../../../modules/waf\n", "module: ../../../../../outside/waf\n"),
        at=(At(WAF, "module:", key="module"),),
        commands=LOADED,
    ),
    c(
        # a directory without variables is Terraform's to judge (commit eb0fec7): the inputs it cannot take
        # are refused, each at its line
        "module-without-variables",
        module_beside("modules/corpus-empty", "# no variables, no outputs\n"),
        replace(WAF, "module: ../../../../modules/waf\n", "module: ../../../../modules/corpus-empty\n"),
        at=(At(WAF, "  name: connectly-prod", key="inputs.name"),),
        commands=CHECKED,
    ),
]

USAGE_CASES = [
    c(f"usage-{label}", argv=tuple(argv), exit=(64,))
    for label, argv in [
        ("run-all-path-missing", ["run-all", "plan", "{live}/nope"]),
        ("plan-path-missing", ["plan", "{live}/prod/nope"]),
        ("mistyped-flag", ["run-all", "plan", "{live}/prod", "--affected-sinc", "HEAD"]),
        ("unknown-command", ["frobnicate", "{live}/prod"]),
        ("unknown-run-all-command", ["run-all", "frobnicate", "{live}/prod"]),
        ("bad-graph-format", ["graph", "{live}/prod", "--format", "yaml"]),
        ("render-without-layer", ["render"]),
        ("plan-given-a-file", ["plan", "{live}/prod/ap-northeast-2/waf/layer.yaml"]),
        ("parallelism-not-a-number", ["run-all", "plan", "{live}/prod", "--parallelism", "many"]),
        ("option-without-value", ["validate", "{live}/prod", "--include"]),
    ]
]

SELECTION_CASES = [
    c(
        "select-include-matches-nothing-plan",
        argv=("run-all", "plan", "{live}/prod", "--include", "nope/*"),
        names=("nope/*", "hint"),
    ),
    c(
        "select-include-matches-nothing-validate",
        argv=("validate", "{live}/prod", "--include", "nope/*"),
        names=("nope/*", "hint"),
    ),
    c(
        "select-include-matches-nothing-graph",
        argv=("graph", "{live}/prod", "--include", "nope/*"),
        names=("nope/*", "hint"),
    ),
    c(
        "select-exclude-everything-apply",
        argv=("run-all", "apply", "{live}/prod", "--exclude", "*", "--yes"),
        names=("*", "hint"),
    ),
    c(
        "select-sub-tree-collides-outside",
        copy_dir(REGION, "prod/ap-northeast-1"),
        write("prod/ap-northeast-1/_defaults.yaml", "region: ap-northeast-1\n"),
        argv=("validate", "{live}/prod/ap-northeast-1"),
        names=("ap-northeast-1/waf", "ap-northeast-2/waf"),
    ),
    c(
        "select-sub-tree-collides-outside-run-all",
        copy_dir(REGION, "prod/ap-northeast-1"),
        write("prod/ap-northeast-1/_defaults.yaml", "region: ap-northeast-1\n"),
        argv=("run-all", "plan", "{live}/prod/ap-northeast-1", "--yes"),
        names=("ap-northeast-1/waf", "ap-northeast-2/waf"),
    ),
]

MAP_ANY_MODULE = """
variable "settings" {
  description = "Anything, as long as the elements share one type."
  type        = map(any)
  default     = {}
}

variable "items" {
  description = "A list of one element type."
  type        = list(any)
  default     = []
}

variable "nested" {
  description = "A map of maps of one element type."
  type        = map(map(any))
  default     = {}
}
"""


def any_layer(inputs: str) -> tuple[Mutation, ...]:
    return (
        module_beside("modules/corpus-any", MAP_ANY_MODULE),
        write(f"{REGION}/corpus-any/layer.yaml", f"module: ../../../../modules/corpus-any\ninputs:\n{inputs}"),
    )


ANY = f"{REGION}/corpus-any/layer.yaml"

INPUT_CASES = [
    # --- already handled
    c(
        "input-unknown",
        waf_input("  allowed_ipv4_cidrs: []\n", "  allowed_ipv4_cidrs: []\n  bogus_input: 1\n"),
        at=(At(WAF, "bogus_input", key="inputs.bogus_input"),),
        commands=CHECKED,
    ),
    c(
        "input-missing-required",
        waf_input("  name: connectly-prod\n", ""),
        at=(At(WAF, None, key="name"),),
        commands=CHECKED,
    ),
    c(
        "input-string-for-number",
        waf_input("  log_retention_in_days: 365\n", "  log_retention_in_days: lots\n"),
        at=(At(WAF, "log_retention_in_days: lots", key="inputs.log_retention_in_days"),),
        commands=CHECKED,
    ),
    c(
        "input-string-for-set",
        waf_input("  scopes: [REGIONAL, CLOUDFRONT]\n", "  scopes: REGIONAL\n"),
        at=(At(WAF, "scopes: REGIONAL", key="inputs.scopes"),),
        commands=CHECKED,
    ),
    c(
        "input-undeclared-object-attribute",
        waf_input("    limit: 2000\n", "    limit: 2000\n    limt: 3000\n"),
        at=(At(WAF, "limt: 3000"),),  # the nested key's own line
        commands=CHECKED,
    ),
    # --- nested values: the nested key's own line
    c(
        "input-nested-wrong-type",
        waf_input("    limit: 2000\n", "    limit: lots\n"),
        at=(At(WAF, "limit: lots"),),
        commands=CHECKED,
    ),
    c(
        "input-nested-in-map-of-objects",
        replace(LOGGING, "      retention_in_days: 731\n", "      retention_in_days: forever\n"),
        at=(At(LOGGING, "retention_in_days: forever"),),
        layer=f"{REGION}/logging",
        commands=CHECKED,
    ),
    # --- validation blocks
    c(
        "input-validation-retention",
        replace(LOGGING, "  default_retention_in_days: 365\n", "  default_retention_in_days: 2\n"),
        at=(At(LOGGING, "default_retention_in_days: 2", key="inputs.default_retention_in_days"),),
        layer=f"{REGION}/logging",
        commands=CHECKED,
    ),
    c(
        "input-validation-waf-retention",
        waf_input("  log_retention_in_days: 365\n", "  log_retention_in_days: 2\n"),
        at=(At(WAF, "log_retention_in_days: 2", key="inputs.log_retention_in_days"),),
        commands=CHECKED,
    ),
    c(
        "input-validation-log-group-class",
        replace(
            LOGGING, "  archive_storage_class: GLACIER\n", "  archive_storage_class: GLACIER\n  log_group_class: FOO\n"
        ),
        at=(At(LOGGING, "log_group_class: FOO", key="inputs.log_group_class"),),
        layer=f"{REGION}/logging",
        commands=CHECKED,
    ),
    c(
        "input-validation-key-algorithm",
        replace(
            CERTIFICATES,
            '      subject_alternative_names: ["*.api.connectly.io"]\n',
            '      subject_alternative_names: ["*.api.connectly.io"]\n      key_algorithm: FOO\n',
        ),
        at=(At(CERTIFICATES, "  certificates:", key="inputs.certificates"),),  # a condition over the variable
        layer=f"{REGION}/certificates",
        commands=CHECKED,
    ),
    c(
        "input-validation-name-pattern",
        waf_input("  name: connectly-prod\n", "  name: bad.name\n"),
        at=(At(WAF, "name: bad.name", key="inputs.name"),),
        commands=CHECKED,
    ),
    # --- numbers JSON cannot hold
    c(
        "input-nan",
        waf_input("  log_retention_in_days: 365\n", "  log_retention_in_days: .nan\n"),
        at=(At(WAF, ".nan", key="inputs.log_retention_in_days"),),
        commands=CHECKED,
    ),
    c(
        "input-infinity-nested",
        waf_input("    limit: 2000\n", "    limit: .inf\n"),
        at=(At(WAF, ".inf"),),
        commands=CHECKED,
    ),
    c(
        "input-minus-infinity",
        waf_input("    evaluation_window_sec: 300\n", "    evaluation_window_sec: -.inf\n"),
        at=(At(WAF, "-.inf"),),
        commands=CHECKED,
    ),
    # --- any: the elements must convert to one type
    c(
        "input-map-any-object-and-string",
        *any_layer("  settings:\n    a: {x: 1}\n    b: text\n"),
        at=(At(ANY, "settings:", key="inputs.settings"),),
        layer=f"{REGION}/corpus-any",
        commands=CHECKED,
    ),
    c(
        "input-list-any-object-and-string",
        *any_layer("  items:\n    - {x: 1}\n    - text\n"),
        at=(At(ANY, "items:", key="inputs.items"),),
        layer=f"{REGION}/corpus-any",
        commands=CHECKED,
    ),
    c(
        "input-map-map-any-number-and-list",
        *any_layer("  nested:\n    a:\n      x: 1\n      y: [1, 2]\n"),
        at=(At(ANY, "a:", key="inputs.nested"),),
        layer=f"{REGION}/corpus-any",
        commands=CHECKED,
    ),
    # --- a value holding a reference: the rest of it is still checked
    c(
        "input-reference-beside-a-wrong-value",
        replace(LOGGING, "    max_aggregation_interval: 60\n", "    max_aggregation_interval: often\n"),
        at=(At(LOGGING, "max_aggregation_interval: often"),),
        layer=f"{REGION}/logging",
        commands=CHECKED,
    ),
    c(
        "input-reference-of-the-wrong-type",
        waf_input("  name: connectly-prod\n", "  name: ${dependency.kms.outputs.key_arns}\n"),
        at=(At(WAF, "name: ${dependency", key="inputs.name"),),
        commands=CHECKED,
    ),
    # --- hints stay short
    c(
        "input-object-given-a-string",
        waf_input(
            "  rate_limit:\n    limit: 2000\n    evaluation_window_sec: 300\n",
            "  managed_rule_groups: many\n  rate_limit:\n    limit: 2000\n    evaluation_window_sec: 300\n",
        ),
        at=(At(WAF, "managed_rule_groups: many", key="inputs.managed_rule_groups"),),
        commands=CHECKED,
    ),
]

# The checks must not over-reach: what AWS and Terraform accept is accepted.
ACCEPTED_SEMANTIC_CASES = [
    c(
        "accept-two-regions-with-the-region-in-the-key",
        copy_dir(REGION, "prod/ap-northeast-1"),
        write("prod/ap-northeast-1/_defaults.yaml", "region: ap-northeast-1\n"),
        replace(PROD_DEFAULTS, '  key: "{name}/terraform.tfstate"\n', '  key: "{region}/{name}/terraform.tfstate"\n'),
        commands=(VALIDATE, GRAPH),
        exit=(0,),
    ),
    c(
        "accept-same-key-in-another-bucket",
        replace(
            NETWORK, "inputs:\n", "backend:\n  key: kms/terraform.tfstate\n  bucket: prod-connectly-network\ninputs:\n"
        ),
        layer=f"{REGION}/network",
        commands=(VALIDATE, RENDER),
        exit=(0,),
    ),
    *[
        c(
            f"accept-s3-bucket-{label}",
            replace(PROD_DEFAULTS, "  bucket: prod-connectly\n", f"  bucket: {bucket}\n"),
            commands=(VALIDATE, RENDER),
            exit=(0,),
        )
        for label, bucket in [
            ("3-chars", "abc"),
            ("63-chars", "p" * 63),
            ("dots", "prod.connectly.io"),
            ("digits", "123prod"),
        ]
    ],
    *[
        c(
            f"accept-region-{region}",
            replace(REGION_DEFAULTS, "region: ap-northeast-2\n", f"region: {region}\n"),
            commands=(VALIDATE, RENDER),
            exit=(0,),
        )
        for region in ("us-gov-west-1", "cn-north-1", "il-central-1", "ap-southeast-3")
    ],
]

ACCEPTED_REFERENCE_CASES = [
    c(
        "accept-reference-with-a-bracketed-key",
        waf_input(WAF_KMS_REF, 'kms_key_arn: ${dependency.kms.outputs.key_arns["logs"]}\n'),
        commands=(VALIDATE,),
        exit=(0,),
    ),
    c(
        "accept-layer-name-in-a-value",
        waf_input("  name: connectly-prod\n", "  name: prod-${layer.name}\n"),
        commands=(VALIDATE,),
        exit=(0,),
    ),
    c(
        "accept-iam-policy-variable",
        append(WAF, '  tags:\n    Path: "arn:aws:s3:::bucket/${aws:username}/*"\n'),
        commands=(VALIDATE, RENDER),
        exit=(0,),
    ),
]

ACCEPTED_INPUT_CASES = [
    c(
        "accept-null-for-non-nullable-with-default",
        waf_input("  log_retention_in_days: 365\n", "  log_retention_in_days: null\n"),
        commands=(VALIDATE,),
        exit=(0,),
    ),
    c(
        "accept-null-for-non-nullable-with-inputs-in-defaults",
        append(REGION_DEFAULTS, "inputs: {}\n"),
        waf_input("  log_retention_in_days: 365\n", "  log_retention_in_days: null\n"),
        commands=(VALIDATE,),
        exit=(0,),
    ),
]

# Sizes a bad generator script produces: no hang, no crash (accepting or refusing is the loader's call).
SIZE_CASES = [
    c(
        "size-100k-unclosed-references",
        waf_input("  name: connectly-prod\n", "  name: '" + "${" * 100_000 + "'\n"),
        exit=(0, 1),
        hazardous=True,
        commands=(VALIDATE, RENDER),
    ),
    c(
        "size-30k-tags",
        replace(
            ROOT_DEFAULTS,
            "  Owner: platform-team\n",
            "  Owner: platform-team\n" + "".join(f"  T{i}: v\n" for i in range(30_000)),
        ),
        exit=(0, 1),
        hazardous=True,
        commands=(VALIDATE,),
    ),
]

# Hazardous cases cost a subprocess per command (and their timeout while they hang): graph and apply read
# the files exactly as validate and plan do, so they are left out there.
YAML_CASES = [
    replace_fields(case, real_process=True, commands=(VALIDATE, RENDER, PLAN) if case.hazardous else case.commands)
    for case in YAML_CASES
]
USAGE_CASES = [replace_fields(case, real_process=True) for case in USAGE_CASES]
CASES = [
    *YAML_CASES,
    *ACCEPTED_YAML_CASES,
    *SEMANTIC_CASES,
    *USAGE_CASES,
    *SELECTION_CASES,
    *INPUT_CASES,
    *ACCEPTED_SEMANTIC_CASES,
    *ACCEPTED_REFERENCE_CASES,
    *ACCEPTED_INPUT_CASES,
    *SIZE_CASES,
]


# ------------------------------------------------------------------------------------------------ running


@dataclass(frozen=True)
class Result:
    code: int | None  # None: timed out
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


@pytest.fixture(scope="session")
def hcl_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One parse cache for every case (keyed by file content): the modules are the same in every copy."""
    return tmp_path_factory.mktemp("hcl-cache")


@dataclass(frozen=True)
class Sandbox:
    repo: Path
    live: Path
    marker: Path
    env: dict[str, str]


@pytest.fixture
def sandbox(tmp_path: Path, hcl_cache: Path) -> Sandbox:
    """live/_defaults.yaml, live/prod, modules/ and bootstrap/ copied into a git repository of their own; a
    fake Terraform that leaves a marker; an environment without credentials or emulator."""
    repo = tmp_path / "repo"
    live = repo / "live"
    live.mkdir(parents=True)
    shutil.copy(ROOT / "live" / ROOT_DEFAULTS, live / ROOT_DEFAULTS)
    shutil.copytree(ROOT / "live" / "prod", live / "prod")
    for shared in ("modules", "bootstrap"):  # hard links: large and never written (see _fresh)
        shutil.copytree(
            ROOT / shared, repo / shared, copy_function=os.link, ignore=shutil.ignore_patterns(".terraform*")
        )
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    marker = tmp_path / "terraform-was-started"
    fake = tmp_path / "bin" / "terraform"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\necho "$@" >> "{marker}"\nexit 1\n')
    fake.chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "LC_ALL": "C.UTF-8",
        "LAYER_TERRAFORM_BIN": str(fake),
        "LAYER_WORK_DIR": str(tmp_path / "work"),
        "LAYER_CACHE_DIR": str(hcl_cache),
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": str(home / "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / "no-aws-credentials"),
    }
    return Sandbox(repo, live, marker, env)


def argv_for(case: Case, command: str, live: Path) -> list[str]:
    layer_dir = str(live / case.layer)
    return {
        VALIDATE: ["validate", str(live / "prod")],
        GRAPH: ["graph", str(live / "prod"), "--format", "json"],
        RENDER: ["render", layer_dir, "--json"],
        PLAN: ["plan", layer_dir, "--yes"],
        APPLY: ["apply", layer_dir, "--yes"],
        RUN_ALL: ["run-all", "apply", str(live / "prod"), "--yes"],
    }[command]


def run_subprocess(args: list[str], box: Sandbox, timeout: float = 60) -> Result:
    """`layer ARGS` in a process of its own, forked from a pre-imported one (tests/cli_zygote.py: the same
    process boundary, exit code and streams, without Python's start-up and imports)."""
    ran = run_layer(args, box.env, box.repo, timeout)
    if ran.returncode is None:
        return Result(None, ran.stdout, ran.stderr + f"\n[corpus] timed out after {timeout} s")
    return Result(ran.returncode, ran.stdout, ran.stderr)


def run_interpreter(args: list[str], box: Sandbox, timeout: float = 60) -> Result:
    """`layer ARGS` as the console script, a fresh interpreter (the hazardous cases: memory, depth, hangs)."""
    try:
        done = subprocess.run(
            [LAYER, *args],
            capture_output=True,
            text=True,
            errors="replace",
            stdin=subprocess.DEVNULL,
            cwd=box.repo,
            env=box.env,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as late:
        out = late.stdout.decode(errors="replace") if isinstance(late.stdout, bytes) else (late.stdout or "")
        err = late.stderr.decode(errors="replace") if isinstance(late.stderr, bytes) else (late.stderr or "")
        return Result(None, out, err + f"\n[corpus] timed out after {timeout} s")
    return Result(done.returncode, done.stdout, done.stderr)


def run_in_process(
    args: list[str], box: Sandbox, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Result:
    """The CLI's own entry point, in this process: main() with sys.argv, exactly as the console script."""
    from layer.cli.main import main

    for name in list(os.environ):
        if name.startswith(("AWS_", "LAYER_")):
            monkeypatch.delenv(name)
    for name, value in box.env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(box.repo)
    monkeypatch.setattr(sys, "argv", ["layer", *args])
    capsys.readouterr()
    crash = ""
    try:
        main()
        code: int = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except Exception:  # what reaches a user as a traceback
        crash = traceback.format_exc()
        code = 1
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err + crash)


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of the first line holding `needle` in the (mutated) file: \\n, \\r\\n or \\r ends a
    line, as in YAML."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        if needle in line:
            return number
    raise AssertionError(f"the corpus case's needle {needle!r} is not in {path}")


def names_key(key: str, err: str) -> bool:
    """The key as a location shows it, `(inputs.name)`, or quoted in the message: not any word that
    happens to be spelled the same ("module" in "module waf has no variable")."""
    return any(form in err for form in (f"({key})", f"'{key}'", f"`{key}`", f'"{key}"'))


def check_where(at: At, live: Path, err: str) -> str | None:
    """None when stderr points at `at`, else what is missing."""
    if at.file not in err:
        return f"the file {at.file}"
    if at.needle is None:
        return None if at.key is None or names_key(at.key, err) else f"the key {at.key}"
    if at.needle == "":
        return None if re.search(re.escape(at.file) + r":\d+", err) else f"a line of {at.file}"
    line = line_of(live / at.file, at.needle)
    if f"{at.file}:{line}" in err or (at.key is not None and names_key(at.key, err)):
        return None
    return f"{at.file}:{line}" + (f" or the key {at.key}" if at.key else "")


def assert_contract(case: Case, result: Result, box: Sandbox) -> None:
    shown = f"exit {result.code}\n--- stdout\n{result.out[-3000:]}\n--- stderr\n{result.err[-3000:]}"
    assert result.code is not None, f"hung (no answer in {HAZARD_TIMEOUT} s)\n{shown}"
    assert "Traceback" not in result.text, f"a Python traceback reached the user\n{shown}"
    assert "internal error" not in result.text, f"a crash (internal error) instead of a config error\n{shown}"
    assert result.code in case.exit, f"exit {result.code}, expected {case.exit}\n{shown}"
    assert not box.marker.exists(), f"Terraform was started ({box.marker.read_text().strip()})\n{shown}"
    long_lines = [line[:120] + "..." for line in result.err.splitlines() if len(line) > MAX_LINE]
    assert not long_lines, f"{len(long_lines)} line(s) over {MAX_LINE} characters: {long_lines[:2]}"
    if case.exit == (0,):
        return
    missing = [m for m in (check_where(at, box.live, result.err) for at in case.at) if m is not None]
    missing += [f"the text {name!r}" for name in case.names if name not in result.err]
    assert not missing, f"stderr does not name {'; '.join(missing)}\n{shown}"


def expand(cases: list[Case]) -> Iterator[object]:
    for case in cases:
        for command in ("argv",) if case.argv else case.commands:
            yield pytest.param(case, command, id=f"{case.id}-{command}")


@pytest.mark.parametrize(("case", "command"), list(expand(CASES)))
def test_bad_input(
    case: Case, command: str, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for mutate in case.mutations:
        mutate(sandbox.live)
    if case.argv:
        args = [a.replace("{live}", str(sandbox.live)) for a in case.argv]
    else:
        args = argv_for(case, command, sandbox.live)
    if case.hazardous:
        result = run_interpreter(args, sandbox, timeout=HAZARD_TIMEOUT)
    elif case.real_process and command in (VALIDATE, "argv"):
        result = run_subprocess(args, sandbox)
    else:
        result = run_in_process(args, sandbox, monkeypatch, capsys)
    assert_contract(case, result, sandbox)


def test_the_pristine_copy_is_valid(sandbox: Sandbox) -> None:
    """The baseline every case mutates: without a mutation, validate, graph and render accept it."""
    for args in (
        ["validate", str(sandbox.live / "prod")],
        ["graph", str(sandbox.live / "prod"), "--format", "json"],
        ["render", str(sandbox.live / WAF).removesuffix("/layer.yaml"), "--json"],
    ):
        result = run_subprocess(args, sandbox)
        assert result.code == 0, f"{args[0]}: exit {result.code}\n{result.err}"


def test_a_doubled_dollar_stays_literal(sandbox: Sandbox) -> None:
    """`$${env:HOME}` is the escape for a literal `${env:HOME}`: render must not show HOME's value."""
    append(WAF, "  tags:\n    Home: $${env:HOME}\n")(sandbox.live)
    result = run_subprocess(["validate", str(sandbox.live / "prod")], sandbox)
    assert result.code == 0, result.err
    result = run_subprocess(["render", str(sandbox.live / REGION / "waf"), "--json"], sandbox)
    assert result.code == 0, result.err
    home = json.loads(result.out)["config"]["inputs"]["tags"]["Home"]
    assert sandbox.env["HOME"] not in home, f"$${{env:HOME}} was resolved: {home!r}"
    assert "{env:HOME}" in home


def generated_files(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, layer_rel: str) -> dict[str, str]:
    """The .tf.json files `layer plan` would write for the layer (without running anything)."""
    from layer.config.loader import load_layer
    from layer.errors import LayerError
    from layer.terraform.generate import render_workdir

    for name, value in sandbox.env.items():
        monkeypatch.setenv(name, value)
    root = sandbox.live
    try:
        layer = load_layer(root, root / layer_rel)
    except LayerError as err:
        pytest.fail(f"the layer does not load in-process: {err.render()}")
    return dict(render_workdir(layer, root, layer.inputs, None).files)


def unescaped_templates(text: str) -> list[str]:
    """The keys and strings of a .tf.json document Terraform would read as a template: a `${` or `%{`
    not written as `$${` / `%%{`."""
    return [
        item
        for item in _strings_and_keys(json.loads(text))
        if re.search(r"(?<![$%])[$%]\{", item.replace("$${", "").replace("%%{", ""))
    ]


def accepts(sandbox: Sandbox, layer_rel: str) -> None:
    for args in (["validate", str(sandbox.live / "prod")], ["render", str(sandbox.live / layer_rel), "--json"]):
        result = run_subprocess(args, sandbox)
        assert result.code == 0, f"{args[0]}: exit {result.code}\n{result.err}"


def test_a_template_in_a_tag_key_is_accepted_and_escaped(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    """A tag key such as `team-${aws:username}` (an IAM policy variable, not a layer reference) is
    accepted, and main.tf.json escapes it for Terraform, in keys as in values (Terraform reads both as
    templates: `terraform validate` of {"k-${aws:username}": "v"} fails with "Extra characters after
    interpolation expression")."""
    append(WAF, "  tags:\n    team-${aws:username}: platform\n    Who: ${aws:username} %{ if x }\n")(sandbox.live)
    accepts(sandbox, f"{REGION}/waf")
    main_tf = generated_files(sandbox, monkeypatch, f"{REGION}/waf")["main.tf.json"]
    assert unescaped_templates(main_tf) == []
    assert "team-$${aws:username}" in main_tf


def _strings_and_keys(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings_and_keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings_and_keys(item)
    elif isinstance(value, str):
        yield value


def test_a_template_in_default_tags_is_escaped_in_the_provider_block(
    sandbox: Sandbox,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The root `tags` become the provider's default_tags: a `${` in a tag key or value there must be
    escaped in provider.tf.json as it is in main.tf.json, or `terraform init` fails to parse the file."""
    replace(
        ROOT_DEFAULTS,
        "  Owner: platform-team\n",
        "  Owner: platform-team\n  owner-${aws:username}: x\n  Who: ${aws:username}\n",
    )(sandbox.live)
    accepts(sandbox, f"{REGION}/waf")
    provider_tf = generated_files(sandbox, monkeypatch, f"{REGION}/waf")["provider.tf.json"]
    assert unescaped_templates(provider_tf) == []
