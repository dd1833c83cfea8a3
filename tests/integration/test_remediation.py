"""Remediation on the emulator (issue 16, IN-153; ADR 0024).

moto cannot run a Lambda function here (it needs Docker images), so the remediation function's handler
(modules/security/functions/remediate/src/handler.py) runs in-process against moto with real-shaped
EventBridge events: a non-compliant resource is created, the event delivered, the fix observed; an
allowlisted resource is left alone; dry-run changes nothing but records. The record is observed where the
function sends it: the warning topic, through an SQS subscription.

The security layer of live/local is applied with Terraform against moto with its own inputs (dependency
outputs replaced by keys and topics made here) and must re-plan clean; the deployed function's settings
and the deployed EventBridge rules' patterns are then checked against the same events.

Not provable on the emulator, so not proved here: that AWS Config evaluates a resource and emits the
compliance change (moto has no rule evaluation), that EventBridge delivers a matching event to the function
(moto does not invoke Lambda targets without Docker), that Security Hub imports findings from its standards
(moto has no standards), that an SSM Automation document runs (moto has no Automation execution or Config
remediation configurations), and that IAM denies the automation role a tagged resource (moto does not
evaluate IAM policies).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
import uuid
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from moto.events.models import EventPattern

from tests.conftest import ROOT
from tests.integration.conftest import Moto, faults_env, layer_cli

pytestmark = pytest.mark.integration

HANDLER = ROOT / "modules/security/functions/remediate/src/handler.py"
LOCAL_LAYER = ROOT / "live/local/ap-northeast-2/security/layer.yaml"
ACCOUNT = "123456789012"
REGION = "ap-northeast-2"
NAME = "remediation-it"
ADMIN_PORTS = "22,3389,3306,5432,6379,1433"
MODULES = ["security", "s3-bucket", "iam-role-policy", "lambda", "cloudwatch-log-group"]


def load_handler() -> ModuleType:
    spec = importlib.util.spec_from_file_location("security_remediate_handler", HANDLER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


handler = load_handler()


def rule_actions(prefix: str) -> dict[str, str]:
    """What modules/security passes as RULE_ACTIONS for a layer named prefix."""
    return {
        f"{prefix}-s3-bucket-public-read-prohibited": "s3-block-public-access",
        f"{prefix}-s3-bucket-public-write-prohibited": "s3-block-public-access",
        f"{prefix}-s3-bucket-level-public-access-prohibited": "s3-block-public-access",
        f"{prefix}-s3-bucket-server-side-encryption-enabled": "s3-default-encryption",
        f"{prefix}-restricted-ssh": "sg-close-world-admin-ports",
        f"{prefix}-restricted-common-ports": "sg-close-world-admin-ports",
    }


# --- real-shaped events ------------------------------------------------------------------------------


def config_event(rule: str, resource_type: str, resource_id: str, compliance: str = "NON_COMPLIANT") -> dict[str, Any]:
    """An AWS Config "Config Rules Compliance Change" event as EventBridge delivers it."""
    qualifier = {"configRuleName": rule, "resourceType": resource_type, "resourceId": resource_id}
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Config Rules Compliance Change",
        "source": "aws.config",
        "account": ACCOUNT,
        "time": "2026-12-03T12:00:00Z",
        "region": REGION,
        "resources": [],
        "detail": {
            "resourceId": resource_id,
            "awsRegion": REGION,
            "awsAccountId": ACCOUNT,
            "configRuleName": rule,
            "recordVersion": "1.0",
            "configRuleARN": f"arn:aws:config:{REGION}:{ACCOUNT}:config-rule/config-rule-abc123",
            "messageType": "ComplianceChangeNotification",
            "newEvaluationResult": {
                "evaluationResultIdentifier": {
                    "evaluationResultQualifier": qualifier,
                    "orderingTimestamp": "2026-12-03T11:59:58.000Z",
                },
                "complianceType": compliance,
                "resultRecordedTime": "2026-12-03T11:59:59.000Z",
                "configRuleInvokedTime": "2026-12-03T11:59:58.500Z",
            },
            "oldEvaluationResult": {
                "evaluationResultIdentifier": {
                    "evaluationResultQualifier": qualifier,
                    "orderingTimestamp": "2026-12-02T11:59:58.000Z",
                },
                "complianceType": "COMPLIANT",
                "resultRecordedTime": "2026-12-02T11:59:59.000Z",
                "configRuleInvokedTime": "2026-12-02T11:59:58.500Z",
            },
            "notificationCreationTime": "2026-12-03T12:00:00.000Z",
            "resourceType": resource_type,
        },
    }


def guardduty_event(severity: float) -> dict[str, Any]:
    """A "GuardDuty Finding" event (severity 7-8.9 is high, 4-6.9 medium)."""
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "GuardDuty Finding",
        "source": "aws.guardduty",
        "account": ACCOUNT,
        "time": "2026-12-03T12:00:00Z",
        "region": REGION,
        "resources": [],
        "detail": {
            "schemaVersion": "2.0",
            "accountId": ACCOUNT,
            "region": REGION,
            "id": uuid.uuid4().hex,
            "type": "UnauthorizedAccess:EC2/SSHBruteForce",
            "severity": severity,
            "title": "SSH brute force attacks against an instance",
        },
    }


def security_hub_event(control: str, resource_type: str, resource_arn: str) -> dict[str, Any]:
    """A Security Hub "Findings - Imported" event with one consolidated control finding."""
    finding = {
        "SchemaVersion": "2018-10-08",
        "Id": f"arn:aws:securityhub:{REGION}:{ACCOUNT}:security-control/{control}/finding/{uuid.uuid4()}",
        "ProductArn": f"arn:aws:securityhub:{REGION}::product/aws/securityhub",
        "GeneratorId": f"security-control/{control}",
        "AwsAccountId": ACCOUNT,
        "Types": ["Software and Configuration Checks/Industry and Regulatory Standards"],
        "Severity": {"Label": "HIGH", "Normalized": 70, "Original": "HIGH"},
        "Title": f"{control} failed",
        "Resources": [{"Type": resource_type, "Id": resource_arn, "Partition": "aws", "Region": REGION}],
        "Compliance": {"Status": "FAILED", "SecurityControlId": control},
        "Workflow": {"Status": "NEW"},
        "RecordState": "ACTIVE",
    }
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Security Hub Findings - Imported",
        "source": "aws.securityhub",
        "account": ACCOUNT,
        "time": "2026-12-03T12:00:00Z",
        "region": REGION,
        "resources": [finding["Id"]],
        "detail": {"findings": [finding]},
    }


# --- emulator resources ------------------------------------------------------------------------------


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def clients(moto: Moto) -> dict[str, Any]:
    return {name: moto.client(name) for name in ("s3", "ec2", "sns", "sqs", "kms", "events", "lambda", "cloudwatch")}


def public_bucket(c: dict[str, Any], tags: dict[str, str] | None = None) -> str:
    bucket = unique("public")
    c["s3"].create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    c["s3"].put_bucket_policy(
        Bucket=bucket,
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": f"arn:aws:s3:::{bucket}/*",
                    }
                ],
            }
        ),
    )
    if tags:
        tag_set = [{"Key": k, "Value": v} for k, v in tags.items()]
        c["s3"].put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": tag_set})
    return bucket


def public_access_block(c: dict[str, Any], bucket: str) -> dict[str, bool]:
    try:
        return dict(c["s3"].get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"])
    except c["s3"].exceptions.ClientError as err:
        assert err.response["Error"]["Code"] == "NoSuchPublicAccessBlockConfiguration"
        return {}


def open_ssh_group(c: dict[str, Any], tags: dict[str, str] | None = None) -> str:
    """A security group with SSH open to the world (v4 and v6), SSH from the VPC and HTTPS from the world."""
    group_id: str = c["ec2"].create_security_group(GroupName=unique("open-ssh"), Description="remediation test")[
        "GroupId"
    ]
    c["ec2"].authorize_security_group_ingress(
        GroupId=group_id,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 22,
                "ToPort": 22,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}, {"CidrIp": "10.0.0.0/8"}],
                "Ipv6Ranges": [{"CidrIpv6": "::/0"}],
            },
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
        ],
    )
    if tags:
        c["ec2"].create_tags(Resources=[group_id], Tags=[{"Key": k, "Value": v} for k, v in tags.items()])
    return group_id


def ingress(c: dict[str, Any], group_id: str) -> set[tuple[int, str]]:
    """(port, source) pairs of a group's ingress."""
    group = c["ec2"].describe_security_groups(GroupIds=[group_id])["SecurityGroups"][0]
    pairs = set()
    for permission in group["IpPermissions"]:
        for r in permission.get("IpRanges", []):
            pairs.add((permission["FromPort"], r["CidrIp"]))
        for r in permission.get("Ipv6Ranges", []):
            pairs.add((permission["FromPort"], r["CidrIpv6"]))
    return pairs


def warning_topic_with_queue(c: dict[str, Any]) -> tuple[str, str]:
    """The warning topic and an SQS queue subscribed to it, where the records become visible."""
    topic = c["sns"].create_topic(Name=unique("warning"))["TopicArn"]
    queue_url = c["sqs"].create_queue(QueueName=unique("records"))["QueueUrl"]
    queue_arn = c["sqs"].get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    c["sns"].subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn, Attributes={"RawMessageDelivery": "true"})
    return topic, queue_url


def records_on_topic(c: dict[str, Any], queue_url: str) -> list[dict[str, Any]]:
    messages = c["sqs"].receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", [])
    return [json.loads(m["Body"]) for m in messages]


def settings(mode: str, topic: str, prefix: str = NAME) -> Any:
    return handler.settings_from_env(
        {
            "REMEDIATION_MODE": mode,
            "SKIP_TAG_KEY": "remediation:skip",
            "SKIP_TAG_VALUE": "true",
            "ADMIN_PORTS": ADMIN_PORTS,
            "RECORD_TOPIC_ARN": topic,
            "RULE_ACTIONS": json.dumps(rule_actions(prefix)),
        }
    )


# --- the layer on the emulator (first: the longest test of the file) ---------------------------------


def matches(pattern: str, event: dict[str, Any]) -> bool:
    """EventBridge pattern matching as the emulator does it (moto has no TestEventPattern API)."""
    return bool(EventPattern.load(pattern).matches_event(event))


def local_layer_inputs(c: dict[str, Any]) -> dict[str, Any]:
    """live/local's security inputs, with the kms and monitoring outputs replaced by keys and topics made here."""
    layer = yaml.safe_load(LOCAL_LAYER.read_text())
    outputs = {
        "${dependency.kms.outputs.key_arns.logs}": c["kms"].create_key(Description="logs")["KeyMetadata"]["Arn"],
        "${dependency.kms.outputs.key_arns.sns}": c["kms"].create_key(Description="sns")["KeyMetadata"]["Arn"],
        "${dependency.monitoring.outputs.alert_topic_arns.critical}": c["sns"].create_topic(Name=unique("critical"))[
            "TopicArn"
        ],
        "${dependency.monitoring.outputs.alert_topic_arns.warning}": c["sns"].create_topic(Name=unique("warning"))[
            "TopicArn"
        ],
    }
    text = json.dumps(layer["inputs"])
    for reference, value in outputs.items():
        text = text.replace(reference, value)
    assert "${" not in text, f"a dependency reference of {LOCAL_LAYER} is not replaced: {text}"
    inputs: dict[str, Any] = json.loads(text)
    inputs["name"] = NAME
    return inputs


def write_tree(tmp_path: Path, inputs: dict[str, Any]) -> Path:
    live = tmp_path / "live"
    layer_dir = live / "local" / "security"
    layer_dir.mkdir(parents=True)
    defaults = yaml.safe_load((ROOT / "tests/fixtures/faults/live/_defaults.yaml").read_text())
    (live / "_defaults.yaml").write_text(yaml.safe_dump(defaults))
    # A layer's module must be inside its repository: the security module and the modules it calls.
    for name in MODULES:
        ignore = shutil.ignore_patterns(".terraform*", "tests", "examples", "__pycache__")
        shutil.copytree(ROOT / "modules" / name, tmp_path / "modules" / name, ignore=ignore)
    module = os.path.relpath(tmp_path / "modules/security", layer_dir)
    (layer_dir / "layer.yaml").write_text(yaml.safe_dump({"module": module, "inputs": inputs}))
    return layer_dir


def test_local_security_layer_applies_replans_clean_and_deploys_the_function(moto: Moto, tmp_path: Path) -> None:
    c = clients(moto)
    env = faults_env(moto, tmp_path, "remediation")
    inputs = local_layer_inputs(c)
    layer_dir = write_tree(tmp_path, inputs)

    applied = layer_cli(["apply", str(layer_dir), "--yes"], env)
    assert applied.returncode == 0, applied.stdout[-4000:] + applied.stderr[-3000:]
    replan = layer_cli(["plan", str(layer_dir)], env)
    assert replan.returncode == 0, "a second plan must show no changes:\n" + replan.stdout[-4000:] + replan.stderr

    # The deployed function is configured as the handler expects: dry-run in live/local, its rules, its topic.
    function = c["lambda"].get_function_configuration(FunctionName=f"{NAME}-remediate")
    deployed = handler.settings_from_env(function["Environment"]["Variables"])
    assert deployed.mode == "dry-run"
    assert deployed.rule_actions == rule_actions(NAME)
    assert deployed.record_topic_arn == inputs["alert_topic_arns"]["warning"]
    assert deployed.admin_ports == tuple(int(p) for p in ADMIN_PORTS.split(","))
    assert function["Handler"] == "handler.handler" and function["Runtime"].startswith("python3")

    # The deployed EventBridge rules match the events the handler tests below deliver, and not a compliant one.
    events = c["events"]
    config_pattern = events.describe_rule(Name=f"{NAME}-remediate-config")["EventPattern"]
    rule = f"{NAME}-restricted-ssh"
    noncompliant = config_event(rule, "AWS::EC2::SecurityGroup", "sg-1")
    assert matches(config_pattern, noncompliant)
    compliant = config_event(rule, "AWS::EC2::SecurityGroup", "sg-1", "COMPLIANT")
    assert not matches(config_pattern, compliant)
    other_rule = config_event(f"{NAME}-root-account-mfa-enabled", "AWS::::Account", ACCOUNT)
    assert not matches(config_pattern, other_rule)

    # Without Security Hub (off in live/local), GuardDuty findings go to the topics by severity and
    # non-compliance to the warning topic; every event is also kept for the dashboard.
    routes = {
        "guardduty-critical": (inputs["alert_topic_arns"]["critical"], guardduty_event(8.0), guardduty_event(5.0)),
        "guardduty-warning": (inputs["alert_topic_arns"]["warning"], guardduty_event(5.0), guardduty_event(8.0)),
        "config-warning": (inputs["alert_topic_arns"]["warning"], noncompliant, compliant),
    }
    for route, (topic, routed, not_routed) in routes.items():
        described = events.describe_rule(Name=f"{NAME}-findings-{route}")
        targets = events.list_targets_by_rule(Rule=described["Name"])["Targets"]
        assert [t["Arn"] for t in targets] == [topic], route
        assert matches(described["EventPattern"], routed), route
        assert not matches(described["EventPattern"], not_routed), route
    kept = events.describe_rule(Name=f"{NAME}-security-events")["EventPattern"]
    assert matches(kept, guardduty_event(2.0))
    assert c["cloudwatch"].get_dashboard(DashboardName=f"{NAME}-compliance")["DashboardBody"]

    # live/local is a throw-away environment: `layer demo down` must be able to destroy the layer.
    destroyed = layer_cli(["destroy", str(layer_dir), "--yes"], env)
    assert destroyed.returncode == 0, destroyed.stdout[-4000:] + destroyed.stderr[-3000:]
    remaining = {f["FunctionName"] for f in c["lambda"].list_functions()["Functions"]}
    assert f"{NAME}-remediate" not in remaining


# --- the handler against the emulator ----------------------------------------------------------------


def test_dry_run_changes_nothing_but_records_what_it_would_change(moto: Moto) -> None:
    c = clients(moto)
    topic, queue = warning_topic_with_queue(c)
    bucket, group = public_bucket(c), open_ssh_group(c)
    before = ingress(c, group)

    result = handler.handler(
        config_event(f"{NAME}-s3-bucket-public-read-prohibited", "AWS::S3::Bucket", bucket),
        clients=c,
        settings=settings("dry-run", topic),
    )
    result_sg = handler.handler(
        config_event(f"{NAME}-restricted-ssh", "AWS::EC2::SecurityGroup", group),
        clients=c,
        settings=settings("dry-run", topic),
    )

    assert public_access_block(c, bucket) == {}, "dry-run must not block public access"
    assert ingress(c, group) == before, "dry-run must not revoke ingress"
    assert [r["outcome"] for r in result["records"] + result_sg["records"]] == ["would-remediate", "would-remediate"]
    assert len(result["records"][0]["changes"]) == 4
    records = {r["resource_id"]: r for r in records_on_topic(c, queue)}
    assert records[bucket]["outcome"] == "would-remediate" and records[bucket]["mode"] == "dry-run"
    assert records[group]["changes"] == [f"ec2:{group}: revoke ingress tcp/22-22 from 0.0.0.0/0, ::/0"]


def test_enforce_blocks_a_public_bucket_and_closes_world_open_ssh_only(moto: Moto) -> None:
    c = clients(moto)
    topic, queue = warning_topic_with_queue(c)
    bucket, group = public_bucket(c), open_ssh_group(c)

    for rule, resource_type, resource in [
        (f"{NAME}-s3-bucket-public-read-prohibited", "AWS::S3::Bucket", bucket),
        (f"{NAME}-restricted-ssh", "AWS::EC2::SecurityGroup", group),
    ]:
        result = handler.handler(
            config_event(rule, resource_type, resource), clients=c, settings=settings("enforce", topic)
        )
        assert [r["outcome"] for r in result["records"]] == ["remediated"], result

    assert public_access_block(c, bucket) == dict.fromkeys(
        ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"], True
    )
    assert ingress(c, group) == {(22, "10.0.0.0/8"), (443, "0.0.0.0/0")}, "only world-open SSH goes; the rest stays"
    records = {r["resource_id"]: r for r in records_on_topic(c, queue)}
    assert records[bucket]["outcome"] == "remediated" and records[group]["outcome"] == "remediated"

    # A second event for the fixed resources finds nothing to do and records nothing.
    again = handler.handler(
        config_event(f"{NAME}-restricted-ssh", "AWS::EC2::SecurityGroup", group),
        clients=c,
        settings=settings("enforce", topic),
    )
    assert [r["outcome"] for r in again["records"]] == ["compliant"]
    assert records_on_topic(c, queue) == []


def test_allowlisted_resources_are_left_alone_and_recorded(moto: Moto) -> None:
    c = clients(moto)
    topic, queue = warning_topic_with_queue(c)
    skip = {"remediation:skip": "true", "Team": "data"}
    bucket, group = public_bucket(c, skip), open_ssh_group(c, skip)
    before = ingress(c, group)

    for rule, resource_type, resource in [
        (f"{NAME}-s3-bucket-level-public-access-prohibited", "AWS::S3::Bucket", bucket),
        (f"{NAME}-restricted-common-ports", "AWS::EC2::SecurityGroup", group),
    ]:
        result = handler.handler(
            config_event(rule, resource_type, resource), clients=c, settings=settings("enforce", topic)
        )
        assert [r["outcome"] for r in result["records"]] == ["skipped-allowlisted"], result

    assert public_access_block(c, bucket) == {}
    assert ingress(c, group) == before
    assert {r["resource_id"]: r["outcome"] for r in records_on_topic(c, queue)} == {
        bucket: "skipped-allowlisted",
        group: "skipped-allowlisted",
    }


def test_security_hub_finding_and_encryption_rule_drive_the_same_function(moto: Moto) -> None:
    c = clients(moto)
    topic, _ = warning_topic_with_queue(c)
    group = open_ssh_group(c)
    bucket = unique("unencrypted")
    c["s3"].create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    c["s3"].delete_bucket_encryption(Bucket=bucket)  # moto, like S3 since 2023, encrypts new buckets by default

    sg_arn = f"arn:aws:ec2:{REGION}:{ACCOUNT}:security-group/{group}"
    hub = handler.handler(
        security_hub_event("EC2.13", "AwsEc2SecurityGroup", sg_arn), clients=c, settings=settings("enforce", topic)
    )
    encryption = handler.handler(
        config_event(f"{NAME}-s3-bucket-server-side-encryption-enabled", "AWS::S3::Bucket", bucket),
        clients=c,
        settings=settings("enforce", topic),
    )

    assert [r["outcome"] for r in hub["records"]] == ["remediated"] and hub["records"][0][
        "trigger"
    ] == "securityhub:EC2.13"
    assert (22, "0.0.0.0/0") not in ingress(c, group)
    assert [r["outcome"] for r in encryption["records"]] == ["remediated"]
    rules = c["s3"].get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    assert rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"

    # Events the function does not own do nothing: another rule, a compliant result, a passed control.
    ignored = [
        config_event(f"{NAME}-root-account-mfa-enabled", "AWS::::Account", ACCOUNT),
        config_event(f"{NAME}-restricted-ssh", "AWS::EC2::SecurityGroup", group, "COMPLIANT"),
        security_hub_event("IAM.6", "AwsAccount", f"AWS::::Account:{ACCOUNT}"),
    ]
    for event in ignored:
        assert handler.handler(event, clients=c, settings=settings("enforce", topic))["records"] == []
