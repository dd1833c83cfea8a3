"""`layer status` verdicts, run records, lock parsing and the saved-plan check, on plain data."""

from __future__ import annotations

from pathlib import Path

import pytest

from layer.config.loader import load_tree
from layer.errors import SafetyError
from layer.plan.actions import check_saved_plan, discard_saved_plan, save_plan_record
from layer.state.locks import parse_lock_info
from layer.state.outputs import DamagedState, StateObject, parse_state
from layer.state.records import (
    Digests,
    PlanRecord,
    RunRecord,
    actor,
    directory_digest,
    module_digest,
    pull_request,
    workdir_digests,
)
from layer.status import (
    DESTROYED,
    IN_SYNC,
    NOT_APPLIED,
    OUT_OF_BAND,
    PENDING,
    STATE_MISSING,
    UNKNOWN,
    LayerStatus,
    assess,
    describe_run,
    table,
)
from layer.terraform.generate import WorkDir
from tests.conftest import ROOT

APPLIED = Digests("i", "s", "m")


def state(serial: int | None = 7, resources: int = 3) -> StateObject:
    outputs = {"x": 1} if serial is not None else None
    return StateObject("b", "k", outputs, frozenset(), serial, "lineage", resources, "2026-12-02T10:00:00Z")


def record(serial: int | None = 7, command: str = "apply", digests: Digests = APPLIED) -> RunRecord:
    return RunRecord("env/net", command, "2026-12-02T10:00:00Z", "alice via atlantis", digests, serial)


@pytest.mark.parametrize(
    ("facts", "verdict", "detail"),
    [
        ((state(None), None, APPLIED), NOT_APPLIED, "no state yet"),
        (
            (state(None), record(), APPLIED),
            STATE_MISSING,
            "state missing (was applied at 2026-12-02T10:00:00Z by alice via atlantis)",
        ),
        ((state(None), record(command="destroy"), APPLIED), DESTROYED, "no state object left"),
        ((state(), None, APPLIED), UNKNOWN, "no run record"),
        ((state(9), record(7), APPLIED), OUT_OF_BAND, "state serial is 9, layer's last apply left 7"),
        ((state(), record(command="destroy"), APPLIED), DESTROYED, "destroyed"),
        ((state(), record(), None), UNKNOWN, "cannot be resolved"),
        ((state(), record(), Digests("i2", "s", "m")), PENDING, "inputs changed"),
        ((state(), record(), Digests("i2", "s2", "m2")), PENDING, "inputs, module, settings changed"),
        ((state(), record(), Digests("i", "s", "m")), IN_SYNC, "matches"),
    ],
)
def test_assess(facts: tuple[StateObject, RunRecord | None, Digests | None], verdict: str, detail: str) -> None:
    got_verdict, got_detail = assess(*facts)
    assert got_verdict == verdict
    assert detail in got_detail


def test_record_round_trips_and_ignores_unknown_keys() -> None:
    original = RunRecord(
        "env/net", "apply", "2026-12-02T10:00:00Z", "bob", APPLIED, 4, {"add": 1}, "abc", "12", True, "1.11.4"
    )
    text = original.to_json().replace('"format": 1', '"format": 1, "added_later": true')
    assert RunRecord.from_json(text) == original
    assert describe_run(original) == "apply 2026-12-02T10:00:00Z by bob (PR 12, abc)"
    assert describe_run(None) == "-"


def test_actor_and_pull_request_from_the_ci_environment() -> None:
    assert actor({"USER_NAME": "alice", "GITHUB_ACTOR": "x"}) == "alice via atlantis"
    assert actor({"GITHUB_ACTOR": "bot"}) == "bot via github-actions"
    assert actor({"LAYER_ACTOR": "me", "USER_NAME": "alice"}) == "me"
    assert pull_request({"PULL_NUM": "42"}) == "42"
    assert pull_request({"GITHUB_REF": "refs/pull/7/merge"}) == "7"
    assert pull_request({"GITHUB_REF": "refs/heads/main"}) is None


def test_lock_info_as_terraform_writes_it() -> None:
    text = (
        '{"ID":"5b1c","Operation":"OperationTypeApply","Info":"","Who":"alice@host",'
        '"Version":"1.11.4","Created":"2026-12-02T12:41:29.545810391Z","Path":"b/k"}'
    )
    lock = parse_lock_info("dynamodb", text)
    assert (lock.operation, lock.who, lock.created) == ("apply", "alice@host", "2026-12-02T12:41:29Z")
    assert lock.describe() == "locked by alice@host (apply) since 2026-12-02T12:41:29Z, lock ID 5b1c"
    assert parse_lock_info("s3 lockfile", b"not json").describe() == "locked by ? (?) since ?"


def test_module_digest_follows_content_not_docs_or_tests(tmp_path: Path) -> None:
    module = tmp_path / "mod"
    (module / "tests").mkdir(parents=True)
    (module / "main.tf").write_text('resource "terraform_data" "x" {}\n')
    (module / "README.md").write_text("docs\n")
    (module / "tests/a.tftest.hcl").write_text("run {}\n")
    before = module_digest("../mod", [module])
    (module / "README.md").write_text("other docs\n")
    (module / "tests/a.tftest.hcl").write_text("run { }\n")
    assert module_digest("../mod", [module]) == before
    (module / "main.tf").write_text('resource "terraform_data" "y" {}\n')
    assert module_digest("../mod", [module]) != before
    assert directory_digest(module) != directory_digest(tmp_path)
    assert module_digest("git::https://x/y.git?ref=v1", []) != module_digest("git::https://x/y.git?ref=v2", [])


def test_saved_plan_check_refuses_missing_mocked_and_stale(tmp_path: Path) -> None:
    tree = load_tree(ROOT / "tests/fixtures/faults/live/test")
    layer = tree.layers["test/first"]
    files = {"main.tf.json": "{}", "backend.tf.json": "{}", "provider.tf.json": "{}"}
    workdir = WorkDir(layer.id, tmp_path, {}, files)
    now = workdir_digests(files, "module")
    with pytest.raises(SafetyError, match="has no saved plan"):
        check_saved_plan(layer, workdir, now)
    (tmp_path / "tfplan").write_bytes(b"plan")
    save_plan_record(workdir, PlanRecord(layer.id, now, ("second",), True, "t"))
    with pytest.raises(SafetyError, match="used mock outputs of second"):
        check_saved_plan(layer, workdir, now)
    save_plan_record(workdir, PlanRecord(layer.id, now, (), True, "t"))
    check_saved_plan(layer, workdir, now)  # current: no error
    moved = workdir_digests({**files, "provider.tf.json": '{"x": 1}'}, "module")
    with pytest.raises(SafetyError, match="stale: settings changed"):
        check_saved_plan(layer, workdir, moved)
    discard_saved_plan(tmp_path)
    assert not (tmp_path / "tfplan").exists()


def test_status_table_and_attention() -> None:
    calm = LayerStatus("env/a", IN_SYNC, "ok", "-", "serial 1", "unlocked", False)
    locked = LayerStatus("env/b", IN_SYNC, "ok", "-", "serial 1", "s3 lockfile: locked by x", True)
    pending = LayerStatus("env/c", PENDING, "inputs changed", "-", "serial 1", "unlocked", False)
    assert not calm.needs_attention and locked.needs_attention and pending.needs_attention
    text = table([calm, locked, pending], {"env/d": "moto lacks it"})
    assert text.splitlines()[0].split()[:3] == ["LAYER", "STATUS", "LAST"]
    assert text.splitlines()[4].split()[:2] == ["env/d", "disabled"]
    assert text.splitlines()[-1] == "3 layer(s): 2 need attention (env/b, env/c)"
    assert table([calm], {}).splitlines()[-1] == "1 layer(s): all in sync and unlocked"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"{not json", "it is not JSON (Expecting property name enclosed in double quotes at line 1 column 2)"),
        (b"", "it is not JSON (Expecting value at line 1 column 1)"),
        (b"\xff\xfe garbage", "it is not text (not UTF-8)"),
        (b"[1, 2]", "it is JSON but not a Terraform state (a list, not an object)"),
        (b'{"hello": "world"}', "no integer 'version' and 'serial'"),
        (b'{"version": 4, "serial": "7"}', "no integer 'version' and 'serial'"),
        (b'{"version": 4, "serial": 7, "outputs": {"x": 1}}', "'outputs' are not a map of output objects"),
        (b'{"version": 4, "serial": 7, "outputs": [], "resources": []}', "'outputs' are not a map"),
        (b'{"version": 4, "serial": 7, "resources": {}}', "'resources' are not a list"),
    ],
)
def test_a_state_object_that_is_not_a_terraform_state_says_what_is_wrong(body: bytes, problem: str) -> None:
    with pytest.raises(DamagedState) as caught:
        parse_state("bucket", "env/net/terraform.tfstate", body)
    assert problem in str(caught.value)


def test_a_terraform_state_parses_with_its_outputs() -> None:
    body = (
        b'{"version": 4, "serial": 3, "lineage": "l", "terraform_version": "1.11.4", "resources": [{}],'
        b' "outputs": {"vpc_id": {"value": "vpc-1"}, "token": {"value": "t", "sensitive": true}}}'
    )
    parsed = parse_state("bucket", "env/net/terraform.tfstate", body)
    assert parsed.outputs == {"vpc_id": "vpc-1", "token": "t"} and parsed.sensitive == {"token"}
    assert (parsed.serial, parsed.resources, parsed.terraform_version) == (3, 1, "1.11.4")
