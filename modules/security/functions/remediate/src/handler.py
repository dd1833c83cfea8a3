"""Remediation function of modules/security (ADR 0024).

EventBridge delivers two kinds of events:
  - AWS Config "Config Rules Compliance Change" (NON_COMPLIANT) for the rules in RULE_ACTIONS;
  - Security Hub "Security Hub Findings - Imported" (Compliance FAILED) for the controls in CONTROL_ACTIONS.
Each names a resource and an action. For every resource the function:
  1. reads the resource's tags: the allowlist tag (SKIP_TAG_KEY = SKIP_TAG_VALUE) means "leave alone";
  2. works out what the action would change (nothing when the resource is already compliant);
  3. in REMEDIATION_MODE=enforce changes it, in dry-run changes nothing;
  4. records the outcome: one JSON line in its log group and a message to RECORD_TOPIC_ARN (the warning
     alert topic) whenever something was, or would have been, changed or was skipped by the allowlist.

Actions (the controls without a fitting AWS-managed SSM Automation document; ADR 0024):
  s3-block-public-access      S3 Block Public Access on the bucket (all four settings)
  s3-default-encryption       default encryption SSE-KMS on a bucket without one
  sg-close-world-admin-ports  revoke ingress from 0.0.0.0/0 and ::/0 that reaches an admin port (ADMIN_PORTS)

Standard library and boto3 (in the Lambda runtime) only.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field
from typing import Any

import boto3
from botocore.exceptions import ClientError

LOG = logging.getLogger("remediate")
LOG.setLevel(logging.INFO)

WORLD_V4 = "0.0.0.0/0"
WORLD_V6 = "::/0"

# Security Hub consolidated control IDs (SecurityControlId) -> action.
CONTROL_ACTIONS = {
    "S3.2": "s3-block-public-access",
    "S3.3": "s3-block-public-access",
    "S3.8": "s3-block-public-access",
    "EC2.13": "sg-close-world-admin-ports",
    "EC2.14": "sg-close-world-admin-ports",
    "EC2.19": "sg-close-world-admin-ports",
    "EC2.53": "sg-close-world-admin-ports",
    "EC2.54": "sg-close-world-admin-ports",
}

RESOURCE_TYPE_OF_ACTION = {
    "s3-block-public-access": "AWS::S3::Bucket",
    "s3-default-encryption": "AWS::S3::Bucket",
    "sg-close-world-admin-ports": "AWS::EC2::SecurityGroup",
}


@dataclass(frozen=True)
class Settings:
    mode: str
    skip_tag_key: str
    skip_tag_value: str
    admin_ports: tuple[int, ...]
    record_topic_arn: str
    rule_actions: dict[str, str]
    s3_kms_key_arn: str

    @property
    def enforce(self) -> bool:
        return self.mode == "enforce"


@dataclass(frozen=True)
class Target:
    action: str
    resource_type: str
    resource_id: str
    trigger: str


@dataclass
class Record:
    action: str
    resource_type: str
    resource_id: str
    trigger: str
    mode: str
    outcome: str = "compliant"
    changes: list[str] = field(default_factory=list)
    error: str = ""


def settings_from_env(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ) if env is None else env
    mode = env.get("REMEDIATION_MODE", "dry-run")
    if mode not in ("dry-run", "enforce"):
        mode = "dry-run"  # anything unexpected must never change resources
    return Settings(
        mode=mode,
        skip_tag_key=env.get("SKIP_TAG_KEY", "remediation:skip"),
        skip_tag_value=env.get("SKIP_TAG_VALUE", "true"),
        admin_ports=tuple(int(p) for p in env.get("ADMIN_PORTS", "22,3389").split(",") if p.strip()),
        record_topic_arn=env.get("RECORD_TOPIC_ARN", ""),
        rule_actions=json.loads(env.get("RULE_ACTIONS", "{}")),
        s3_kms_key_arn=env.get("S3_KMS_KEY_ARN", ""),
    )


# --- events -> targets -------------------------------------------------------------------------------


def targets_of(event: dict[str, Any], settings: Settings) -> list[Target]:
    detail_type = event.get("detail-type", "")
    detail = event.get("detail") or {}
    if detail_type == "Config Rules Compliance Change":
        return config_targets(detail, settings)
    if detail_type == "Security Hub Findings - Imported":
        return security_hub_targets(detail)
    return []


def config_targets(detail: dict[str, Any], settings: Settings) -> list[Target]:
    action = settings.rule_actions.get(detail.get("configRuleName", ""))
    compliance = (detail.get("newEvaluationResult") or {}).get("complianceType")
    resource_id = detail.get("resourceId", "")
    if action is None or compliance != "NON_COMPLIANT" or not resource_id:
        return []
    if detail.get("resourceType") != RESOURCE_TYPE_OF_ACTION[action]:
        return []
    return [Target(action, RESOURCE_TYPE_OF_ACTION[action], resource_id, f"config:{detail['configRuleName']}")]


def security_hub_targets(detail: dict[str, Any]) -> list[Target]:
    targets = []
    for finding in detail.get("findings") or []:
        compliance = finding.get("Compliance") or {}
        action = CONTROL_ACTIONS.get(compliance.get("SecurityControlId", ""))
        if action is None or compliance.get("Status") != "FAILED":
            continue
        for resource in finding.get("Resources") or []:
            resource_id = resource_id_of(resource)
            if resource_id:
                trigger = f"securityhub:{compliance['SecurityControlId']}"
                targets.append(Target(action, RESOURCE_TYPE_OF_ACTION[action], resource_id, trigger))
    return targets


def resource_id_of(resource: dict[str, Any]) -> str:
    """Bucket name or security group ID from a Security Hub resource (Id is an ARN)."""
    rid = str(resource.get("Id", ""))
    if resource.get("Type") == "AwsS3Bucket":
        return rid.split(":::", 1)[-1]
    if resource.get("Type") == "AwsEc2SecurityGroup":
        return rid.rsplit("/", 1)[-1]
    return ""


# --- allowlist ---------------------------------------------------------------------------------------


def bucket_tags(s3: Any, bucket: str) -> dict[str, str]:
    try:
        tag_set = s3.get_bucket_tagging(Bucket=bucket).get("TagSet", [])
    except ClientError as err:
        if err.response.get("Error", {}).get("Code") in ("NoSuchTagSet", "NoSuchTagSetError"):
            return {}
        raise
    return {t["Key"]: t["Value"] for t in tag_set}


def security_group(ec2: Any, group_id: str) -> dict[str, Any]:
    groups = ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"]
    return dict(groups[0])


def allowlisted(tags: dict[str, str], settings: Settings) -> bool:
    return tags.get(settings.skip_tag_key) == settings.skip_tag_value


# --- actions: plan the change, apply it only when enforcing -------------------------------------------

BLOCK_ALL = {
    "BlockPublicAcls": True,
    "IgnorePublicAcls": True,
    "BlockPublicPolicy": True,
    "RestrictPublicBuckets": True,
}


def s3_block_public_access(s3: Any, bucket: str, settings: Settings, record: Record) -> None:
    if allowlisted(bucket_tags(s3, bucket), settings):
        record.outcome = "skipped-allowlisted"
        return
    try:
        current = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    except ClientError as err:
        if err.response.get("Error", {}).get("Code") != "NoSuchPublicAccessBlockConfiguration":
            raise
        current = {}
    missing = sorted(k for k, v in BLOCK_ALL.items() if not current.get(k))
    if not missing:
        return
    record.changes = [f"s3:{bucket}: PublicAccessBlock {k} false -> true" for k in missing]
    if settings.enforce:
        s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=dict(BLOCK_ALL))
    record.outcome = "remediated" if settings.enforce else "would-remediate"


def s3_default_encryption(s3: Any, bucket: str, settings: Settings, record: Record) -> None:
    if allowlisted(bucket_tags(s3, bucket), settings):
        record.outcome = "skipped-allowlisted"
        return
    try:
        s3.get_bucket_encryption(Bucket=bucket)
        return
    except ClientError as err:
        if err.response.get("Error", {}).get("Code") != "ServerSideEncryptionConfigurationNotFoundError":
            raise
    default: dict[str, str] = {"SSEAlgorithm": "aws:kms"}
    if settings.s3_kms_key_arn:
        default["KMSMasterKeyID"] = settings.s3_kms_key_arn
    record.changes = [f"s3:{bucket}: default encryption none -> {json.dumps(default, sort_keys=True)}"]
    if settings.enforce:
        rule = {"ApplyServerSideEncryptionByDefault": default, "BucketKeyEnabled": True}
        s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [rule]})
    record.outcome = "remediated" if settings.enforce else "would-remediate"


def reaches_admin_port(permission: dict[str, Any], admin_ports: tuple[int, ...]) -> bool:
    if permission.get("IpProtocol") == "-1":
        return True
    if permission.get("IpProtocol") not in ("tcp", "6"):
        return False
    low, high = permission.get("FromPort", 0), permission.get("ToPort", 65535)
    return any(low <= port <= high for port in admin_ports)


def world_open_part(permission: dict[str, Any]) -> dict[str, Any] | None:
    """The part of an ingress permission that admits the whole internet, as RevokeSecurityGroupIngress takes it."""
    v4 = [r for r in permission.get("IpRanges", []) if r.get("CidrIp") == WORLD_V4]
    v6 = [r for r in permission.get("Ipv6Ranges", []) if r.get("CidrIpv6") == WORLD_V6]
    if not v4 and not v6:
        return None
    part: dict[str, Any] = {"IpProtocol": permission["IpProtocol"]}
    if "FromPort" in permission:
        part["FromPort"], part["ToPort"] = permission["FromPort"], permission["ToPort"]
    if v4:
        part["IpRanges"] = [{"CidrIp": WORLD_V4}]
    if v6:
        part["Ipv6Ranges"] = [{"CidrIpv6": WORLD_V6}]
    return part


def describe_permission(group_id: str, part: dict[str, Any]) -> str:
    ports = "all" if part["IpProtocol"] == "-1" else f"{part.get('FromPort')}-{part.get('ToPort')}"
    sources = [r["CidrIp"] for r in part.get("IpRanges", [])] + [r["CidrIpv6"] for r in part.get("Ipv6Ranges", [])]
    return f"ec2:{group_id}: revoke ingress {part['IpProtocol']}/{ports} from {', '.join(sources)}"


def sg_close_world_admin_ports(ec2: Any, group_id: str, settings: Settings, record: Record) -> None:
    group = security_group(ec2, group_id)
    tags = {t["Key"]: t["Value"] for t in group.get("Tags", [])}
    if allowlisted(tags, settings):
        record.outcome = "skipped-allowlisted"
        return
    parts = [
        part
        for permission in group.get("IpPermissions", [])
        if reaches_admin_port(permission, settings.admin_ports)
        for part in [world_open_part(permission)]
        if part is not None
    ]
    if not parts:
        return
    record.changes = [describe_permission(group_id, part) for part in parts]
    if settings.enforce:
        ec2.revoke_security_group_ingress(GroupId=group_id, IpPermissions=parts)
    record.outcome = "remediated" if settings.enforce else "would-remediate"


# --- the handler -------------------------------------------------------------------------------------


def remediate(target: Target, settings: Settings, clients: dict[str, Any]) -> Record:
    record = Record(target.action, target.resource_type, target.resource_id, target.trigger, settings.mode)
    try:
        if target.action == "s3-block-public-access":
            s3_block_public_access(clients["s3"], target.resource_id, settings, record)
        elif target.action == "s3-default-encryption":
            s3_default_encryption(clients["s3"], target.resource_id, settings, record)
        elif target.action == "sg-close-world-admin-ports":
            sg_close_world_admin_ports(clients["ec2"], target.resource_id, settings, record)
    except ClientError as err:
        record.outcome = "failed"
        record.error = f"{err.response.get('Error', {}).get('Code', 'Error')}: {err}"
    return record


def publish(record: Record, settings: Settings, sns: Any) -> None:
    if not settings.record_topic_arn or record.outcome == "compliant":
        return
    subject = f"remediation {record.outcome}: {record.action} {record.resource_id}"[:100]
    sns.publish(TopicArn=settings.record_topic_arn, Subject=subject, Message=json.dumps(asdict(record), indent=2))


def default_clients() -> dict[str, Any]:
    return {name: boto3.client(name) for name in ("s3", "ec2", "sns")}


def handler(
    event: dict[str, Any],
    context: object = None,
    clients: dict[str, Any] | None = None,
    settings: Settings | None = None,
) -> dict[str, Any]:
    settings = settings or settings_from_env()
    clients = clients or default_clients()
    records = []
    for target in targets_of(event, settings):
        record = remediate(target, settings, clients)
        LOG.info(json.dumps({"remediation": asdict(record)}, sort_keys=True))
        publish(record, settings, clients["sns"])
        records.append(asdict(record))
    return {"mode": settings.mode, "records": records}
