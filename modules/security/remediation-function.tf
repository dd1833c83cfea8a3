# The remediation function (functions/remediate/src/handler.py) for the controls without a fitting
# AWS-managed SSM document (ADR 0024): S3 Block Public Access, S3 default encryption, and ingress from the
# whole internet to an admin port (AWS-DisablePublicAccessForSecurityGroup covers only 22 and 3389, and no
# S3 document can honour a tag allowlist: S3 bucket tags are not IAM condition keys). EventBridge drives it
# from Config non-compliance and Security Hub findings; the function itself checks the allowlist tag, obeys
# remediation_mode and records every change (its log group, the warning topic).

locals {
  create_function = var.create_remediation_function
  function_name   = "${var.name}-remediate"

  # Which of the module's Config rules the function remediates, and how.
  function_rule_catalogue = {
    "s3-bucket-public-read-prohibited"         = "s3-block-public-access"
    "s3-bucket-public-write-prohibited"        = "s3-block-public-access"
    "s3-bucket-level-public-access-prohibited" = "s3-block-public-access"
    "s3-bucket-server-side-encryption-enabled" = "s3-default-encryption"
    "restricted-ssh"                           = "sg-close-world-admin-ports"
    "restricted-common-ports"                  = "sg-close-world-admin-ports"
  }
  function_rules = {
    for k, action in local.function_rule_catalogue : local.config_rule_names[k] => action if contains(keys(local.config_rules), k)
  }
  # Security Hub consolidated controls the handler maps to the same actions (CONTROL_ACTIONS in handler.py).
  function_security_hub_controls = ["S3.2", "S3.3", "S3.8", "EC2.13", "EC2.14", "EC2.19", "EC2.53", "EC2.54"]

  function_package_path = "${path.module}/functions/dist/remediate.zip"

  function_triggers = merge(
    length(local.function_rules) > 0 ? { config = "config" } : {},
    var.enable_security_hub ? { securityhub = "securityhub" } : {},
  )
}

data "aws_iam_policy_document" "remediate" {
  count = local.create_function ? 1 : 0

  statement {
    sid     = "ReadAndFixBuckets"
    actions = ["s3:GetBucketTagging", "s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock", "s3:GetEncryptionConfiguration", "s3:PutEncryptionConfiguration"]
    # Any bucket of the account may become non-compliant; the allowlist tag is checked by the function.
    resources = ["arn:${local.partition}:s3:::*"]
  }

  statement {
    sid     = "DescribeSecurityGroups"
    actions = ["ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules"]
    # EC2 Describe* actions have no resource-level permissions: "*" is the only resource AWS accepts.
    resources = ["*"]
  }

  statement {
    sid       = "RevokeWorldIngress"
    actions   = ["ec2:RevokeSecurityGroupIngress"]
    resources = ["arn:${local.partition}:ec2:${local.region}:${local.account_id}:security-group/*"]
  }

  # The allowlist holds even if the function's own check were wrong.
  statement {
    sid       = "NeverChangeAllowlistedGroups"
    effect    = "Deny"
    actions   = ["ec2:RevokeSecurityGroupIngress"]
    resources = ["arn:${local.partition}:ec2:${local.region}:${local.account_id}:security-group/*"]

    condition {
      test     = local.skip_condition.test
      variable = local.skip_condition.variable
      values   = local.skip_condition.values
    }
  }

  statement {
    sid       = "RecordToWarningTopic"
    actions   = ["sns:Publish"]
    resources = [var.alert_topic_arns.warning]
  }

  statement {
    sid       = "EncryptRecords"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [var.alert_topics_kms_key_arn]
  }
}

resource "aws_iam_policy" "remediate" {
  count = local.create_function ? 1 : 0

  name        = "${local.function_name}-actions"
  description = "What ${local.function_name} may read and change (S3 public access and encryption, world-open ingress) and where it records"
  policy      = data.aws_iam_policy_document.remediate[0].json

  tags = var.tags
}

module "remediation_function" {
  source = "../lambda"
  count  = local.create_function ? 1 : 0

  function_name = local.function_name
  description   = "Remediation of ${var.name} (${var.remediation_mode}): S3 public access and encryption, world-open admin ports"
  handler       = "handler.handler"
  runtime       = "python3.12"
  timeout       = 60
  memory_size   = 256

  local_package = {
    path = local.function_package_path
  }

  environment_variables = {
    REMEDIATION_MODE = var.remediation_mode
    SKIP_TAG_KEY     = local.skip_tag.key
    SKIP_TAG_VALUE   = local.skip_tag.value
    ADMIN_PORTS      = join(",", [for p in var.admin_ports : tostring(p)])
    RECORD_TOPIC_ARN = var.alert_topic_arns.warning
    RULE_ACTIONS     = jsonencode(local.function_rules)
  }
  kms_key_arn = local.kms_key_arn

  cloudwatch_logs_kms_key_arn       = var.logs_kms_key_arn
  cloudwatch_logs_retention_in_days = var.remediation_function_log_retention_in_days
  cloudwatch_logs_class             = var.log_group_class

  policy_arns = {
    remediate = aws_iam_policy.remediate[0].arn
  }

  allowed_triggers = {
    for k in keys(local.function_triggers) : "eventbridge-${k}" => {
      principal  = "events.amazonaws.com"
      source_arn = aws_cloudwatch_event_rule.remediate[k].arn
    }
  }

  tags = var.tags
}

resource "aws_cloudwatch_event_rule" "remediate" {
  for_each = local.create_function ? local.function_triggers : {}

  name        = "${var.name}-remediate-${each.key}"
  description = each.key == "config" ? "Config rules that ${local.function_name} remediates turn NON_COMPLIANT" : "Security Hub control failures that ${local.function_name} remediates"
  event_pattern = each.key == "config" ? jsonencode({
    source        = ["aws.config"]
    "detail-type" = ["Config Rules Compliance Change"]
    detail = {
      configRuleName      = sort(keys(local.function_rules))
      newEvaluationResult = { complianceType = ["NON_COMPLIANT"] }
    }
    }) : jsonencode({
    source        = ["aws.securityhub"]
    "detail-type" = ["Security Hub Findings - Imported"]
    detail = {
      findings = {
        Compliance  = { Status = ["FAILED"], SecurityControlId = local.function_security_hub_controls }
        RecordState = ["ACTIVE"]
        Workflow    = { Status = ["NEW"] }
      }
    }
  })

  tags = var.tags
}

resource "aws_cloudwatch_event_target" "remediate" {
  for_each = aws_cloudwatch_event_rule.remediate

  rule = each.value.name
  arn  = module.remediation_function[0].lambda_function_arn

  retry_policy {
    maximum_event_age_in_seconds = 3600
    maximum_retry_attempts       = 4
  }
}
