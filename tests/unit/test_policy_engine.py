"""The committed guardrails.rego through regopy, on plan-shaped documents, and `layer policy check`'s
errors and exit codes. Real plans of every rule: tests/integration/test_policy_plans.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from layer.cli.main import _register, cli
from layer.policy import PolicyEngine, PolicyError, PolicySettings, find_policy_dir, load_policies

POLICIES = load_policies(find_policy_dir(start=Path(__file__).parent))


def change(address: str, kind: str, actions: list[str], before: Any = None, after: Any = None) -> dict[str, Any]:
    name = address.split(".")[-1].split("[")[0]
    module = address.rsplit(".", 2)[0] if address.startswith("module.") else None
    rc = {
        "address": address,
        "type": kind,
        "name": name,
        "change": {"actions": actions, "before": before, "after": after},
    }
    if module:
        rc["module_address"] = module
    return rc


def plan(*changes: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"format_version": "1.2", "resource_changes": list(changes), **extra}


def rules(document: dict[str, Any], settings: PolicySettings | None = None) -> dict[str, set[str]]:
    result = PolicyEngine(POLICIES, settings).evaluate(document, "test")
    return {rule: {v.address for v in found} for rule, found in result.by_rule().items()}


def test_address_with_for_each_key_survives_quotes() -> None:
    address = 'aws_kms_key.keys["a:b"]'
    assert rules(plan(change(address, "aws_kms_key", ["delete", "create"]))) == {"kms_key_delete": {address}}


def test_bucket_in_a_module_with_its_sse_configuration_passes() -> None:
    configuration = {
        "root_module": {
            "module_calls": {
                "logs": {
                    "module": {
                        "resources": [
                            {
                                "type": "aws_s3_bucket_server_side_encryption_configuration",
                                "name": "this",
                                "mode": "managed",
                                "expressions": {
                                    "bucket": {"references": ["aws_s3_bucket.this.id", "aws_s3_bucket.this"]}
                                },
                            }
                        ]
                    }
                }
            }
        }
    }
    bucket = change('module.logs["x"].aws_s3_bucket.this', "aws_s3_bucket", ["create"], after={"bucket": "b"})
    sse = change(
        'module.logs["x"].aws_s3_bucket_server_side_encryption_configuration.this',
        "aws_s3_bucket_server_side_encryption_configuration",
        ["create"],
        after={},
    )
    assert rules(plan(bucket, sse, configuration=configuration)) == {}
    assert rules(plan(bucket, configuration=configuration)) == {"s3_unencrypted": {bucket["address"]}}


def test_prod_environment_comes_from_the_provider_default_tags() -> None:
    tags = {"default_tags": [{"tags": {"constant_value": {"Environment": "prod"}}}]}
    configuration = {"provider_config": {"aws": {"expressions": tags}}}
    doomed = [change(f"aws_sns_topic.t{i}", "aws_sns_topic", ["delete"], before={}) for i in range(6)]
    assert set(rules(plan(*doomed, configuration=configuration))) == {"prod_mass_destroy"}
    assert rules(plan(*doomed[:5], configuration=configuration)) == {}
    assert rules(plan(*doomed, configuration=configuration), PolicySettings(override=True)) == {}


def test_web_ports_open_to_the_world_pass_admin_ports_do_not() -> None:
    def ingress(port: int, cidr: str = "0.0.0.0/0") -> dict[str, Any]:
        after = {"ip_protocol": "tcp", "from_port": port, "to_port": port, "cidr_ipv4": cidr, "cidr_ipv6": None}
        return change(
            f"aws_vpc_security_group_ingress_rule.p{port}",
            "aws_vpc_security_group_ingress_rule",
            ["create"],
            after=after,
        )

    assert rules(plan(ingress(443), ingress(22, "10.0.0.0/8"))) == {}
    assert rules(plan(ingress(22), ingress(3389))) == {
        "sg_open_to_world": {"aws_vpc_security_group_ingress_rule.p22", "aws_vpc_security_group_ingress_rule.p3389"}
    }


def test_a_policy_that_does_not_compile_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rego"
    bad.write_text("package main\n\ndeny contains msg if { msg := }\n")
    with pytest.raises(PolicyError) as caught:
        PolicyEngine(load_policies(tmp_path)).evaluate(plan(), "test")
    assert f"{bad}:3: policy does not compile" in caught.value.render()


def invoke(*args: str) -> Any:
    _register()
    return CliRunner().invoke(cli, ["policy", "check", *args], standalone_mode=False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{\n  nope", ":2: not JSON"),
        ("[1]", "no format_version"),
        ('{"format_version": "1.2", "resource_changes": 3}', "resource_changes"),
    ],
)
def test_a_file_that_is_not_a_plan_is_a_clear_error(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "plan.json"
    path.write_text(text)
    result = invoke(str(path))
    assert isinstance(result.exception, PolicyError)
    assert expected in result.exception.render() and str(path) in result.exception.render()


def test_cli_exit_codes_and_json_report(tmp_path: Path) -> None:
    clean, dirty, report = tmp_path / "clean.json", tmp_path / "dirty.json", tmp_path / "report.json"
    clean.write_text(json.dumps(plan()))
    dirty.write_text(json.dumps(plan(change("aws_kms_key.k", "aws_kms_key", ["delete"], before={}))))
    assert invoke(str(clean)).return_value == 0
    result = invoke(str(clean), str(dirty), "--json", str(report))
    assert result.return_value == 1
    assert f"FAIL {dirty}: [kms_key_delete] aws_kms_key.k: " in result.output
    written = json.loads(report.read_text())
    assert written["schema_version"] == 1 and written["passed"] is False
    assert written["plans"][1]["rules"]["kms_key_delete"][0]["address"] == "aws_kms_key.k"


def test_cli_json_dash_is_standard_output_and_only_json(tmp_path: Path) -> None:
    dirty = tmp_path / "dirty.json"
    dirty.write_text(json.dumps(plan(change("aws_kms_key.k", "aws_kms_key", ["delete"], before={}))))
    _register()
    result = CliRunner().invoke(cli, ["policy", "check", str(dirty), "--json", "-"], standalone_mode=False)
    assert result.return_value == 1, result.output + result.stderr
    written = json.loads(result.stdout)  # nothing but the document on standard output
    assert written["plans"][0]["source"] == str(dirty) and written["passed"] is False
    assert f"FAIL {dirty}: [kms_key_delete]" in result.stderr
    assert not (Path.cwd() / "-").exists()


def test_stateful_resources_deleted_need_approval_updates_do_not() -> None:
    table = "aws_dynamodb_table.sessions"
    assert rules(plan(change(table, "aws_dynamodb_table", ["delete", "create"], before={}))) == {
        "stateful_delete": {table}
    }
    assert rules(plan(change(table, "aws_dynamodb_table", ["update"], before={}, after={}))) == {}
