# Remediation with AWS-managed SSM Automation documents, registered as AWS Config remediation
# configurations (ADR 0024). Automatic only with remediation_mode = "enforce"; in dry-run Config reports the
# non-compliant resource and an operator may start the same document by hand. The allowlist holds through
# IAM: the automation role is denied every changing action on a resource tagged remediation_skip_tag,
# which KMS, RDS and CloudTrail evaluate (aws:ResourceTag). Each execution's status is recorded by
# EventBridge (remediation log group, warning topic).

locals {
  ssm_remediation_catalogue = {
    "cmk-backing-key-rotation-enabled" = {
      document           = "AWSConfigRemediation-EnableKeyRotation"
      resource_type      = "AWS::KMS::Key"
      resource_parameter = "KeyId"
    }
    "rds-instance-public-access-check" = {
      document           = "AWSConfigRemediation-DisablePublicAccessToRDSInstance"
      resource_type      = "AWS::RDS::DBInstance"
      resource_parameter = "DbiResourceId"
    }
    "cloud-trail-log-file-validation-enabled" = {
      document           = "AWSConfigRemediation-EnableCloudTrailLogFileValidation"
      resource_type      = "AWS::CloudTrail::Trail"
      resource_parameter = "TrailName"
    }
    "ec2-ebs-encryption-by-default" = {
      # An account setting: no resource, so no tag to allowlist by.
      document           = "AWSConfigRemediation-EnableEbsEncryptionByDefault"
      resource_type      = null
      resource_parameter = null
    }
  }

  ssm_remediations = var.create_ssm_remediations ? {
    for k, r in local.ssm_remediation_catalogue : k => r if contains(keys(local.config_rules), k)
  } : {}

  ssm_role_name = "${var.name}-remediation-automation"
  skip_condition = {
    test     = "StringEquals"
    variable = "aws:ResourceTag/${local.skip_tag.key}"
    values   = [local.skip_tag.value]
  }
  resource_arn_prefix = {
    kms        = "arn:${local.partition}:kms:${local.region}:${local.account_id}:key/*"
    rds        = "arn:${local.partition}:rds:${local.region}:${local.account_id}:db:*"
    cloudtrail = "arn:${local.partition}:cloudtrail:${local.region}:${local.account_id}:trail/*"
  }
}

data "aws_iam_policy_document" "ssm_remediation" {
  count = length(local.ssm_remediations) > 0 ? 1 : 0

  statement {
    sid       = "EnableKeyRotation"
    actions   = ["kms:DescribeKey", "kms:GetKeyRotationStatus", "kms:EnableKeyRotation"]
    resources = [local.resource_arn_prefix.kms]
  }

  statement {
    sid       = "DisableRdsPublicAccess"
    actions   = ["rds:DescribeDBInstances", "rds:ModifyDBInstance"]
    resources = [local.resource_arn_prefix.rds]
  }

  statement {
    sid       = "EnableTrailLogFileValidation"
    actions   = ["cloudtrail:GetTrail", "cloudtrail:DescribeTrails", "cloudtrail:UpdateTrail"]
    resources = [local.resource_arn_prefix.cloudtrail]
  }

  statement {
    sid     = "EnableEbsEncryptionByDefault"
    actions = ["ec2:EnableEbsEncryptionByDefault", "ec2:GetEbsEncryptionByDefault"]
    # Account-level EC2 settings have no resource ARN: "*" is the only resource AWS accepts.
    resources = ["*"]
  }

  # The allowlist: nothing tagged remediation_skip_tag is changed, whatever a document tries.
  statement {
    sid       = "NeverChangeAllowlisted"
    effect    = "Deny"
    actions   = ["kms:EnableKeyRotation", "rds:ModifyDBInstance", "cloudtrail:UpdateTrail"]
    resources = values(local.resource_arn_prefix)

    condition {
      test     = local.skip_condition.test
      variable = local.skip_condition.variable
      values   = local.skip_condition.values
    }
  }
}

module "ssm_remediation_role" {
  source = "../iam-role-policy"
  count  = length(local.ssm_remediations) > 0 ? 1 : 0

  name             = local.ssm_role_name
  description      = "SSM Automation role of ${var.name}'s Config remediations (AWS-managed documents)"
  trusted_services = ["ssm.amazonaws.com"]
  inline_policies = {
    remediate = data.aws_iam_policy_document.ssm_remediation[0].json
  }
  tags = var.tags
}

resource "aws_config_remediation_configuration" "this" {
  for_each = local.ssm_remediations

  config_rule_name = aws_config_config_rule.this[each.key].name
  resource_type    = each.value.resource_type
  target_type      = "SSM_DOCUMENT"
  target_id        = each.value.document
  automatic        = local.enforce

  maximum_automatic_attempts = 3
  retry_attempt_seconds      = 60

  parameter {
    name         = "AutomationAssumeRole"
    static_value = module.ssm_remediation_role[0].iam_role_arn
  }

  dynamic "parameter" {
    for_each = each.value.resource_parameter == null ? [] : [each.value.resource_parameter]
    content {
      name           = parameter.value
      resource_value = "RESOURCE_ID"
    }
  }

  execution_controls {
    ssm_controls {
      concurrent_execution_rate_percentage = 10
      error_percentage                     = 10
    }
  }
}

# The record of every SSM remediation: execution status changes of the documents above.
resource "aws_cloudwatch_event_rule" "ssm_remediation_status" {
  count = length(local.ssm_remediations) > 0 ? 1 : 0

  name        = "${var.name}-ssm-remediation-status"
  description = "Status changes of ${var.name}'s SSM remediation executions: the record of what they changed"
  event_pattern = jsonencode({
    source        = ["aws.ssm"]
    "detail-type" = ["EC2 Automation Execution Status-change Notification"]
    detail = {
      Definition = distinct([for r in values(local.ssm_remediations) : r.document])
    }
  })

  tags = var.tags
}

resource "aws_cloudwatch_event_target" "ssm_remediation_status_log" {
  count = length(local.ssm_remediations) > 0 ? 1 : 0

  rule = aws_cloudwatch_event_rule.ssm_remediation_status[0].name
  arn  = module.remediation_log_group.cloudwatch_log_group_arn
}

resource "aws_cloudwatch_event_target" "ssm_remediation_status_topic" {
  count = length(local.ssm_remediations) > 0 ? 1 : 0

  rule = aws_cloudwatch_event_rule.ssm_remediation_status[0].name
  arn  = var.alert_topic_arns.warning
}
