data "aws_partition" "current" {}

data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

locals {
  create_role = var.create_role
  ec2_arn     = "arn:${data.aws_partition.current.partition}:ec2:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}"
  dlq_service = var.dead_letter_target_arn == null ? null : split(":", var.dead_letter_target_arn)[2]

  inline_policies = merge(
    { logs = data.aws_iam_policy_document.logs.json },
    var.tracing_mode == "Active" || var.tracing_mode == "PassThrough" ? { xray = data.aws_iam_policy_document.xray.json } : {},
    { kms = data.aws_iam_policy_document.kms.json },
    var.attach_dead_letter_policy ? { dead-letter = data.aws_iam_policy_document.dead_letter[0].json } : {},
    var.vpc_config == null ? {} : { vpc = data.aws_iam_policy_document.vpc[0].json },
    length(var.policy_statements) == 0 ? {} : { custom = data.aws_iam_policy_document.custom[0].json },
  )
}

module "role" {
  source = "../iam-role-policy"
  count  = local.create_role ? 1 : 0

  name                     = var.function_name
  trusted_services         = ["lambda.amazonaws.com"]
  permissions_boundary_arn = var.permissions_boundary_arn
  inline_policies          = local.inline_policies
  managed_policy_arns      = var.policy_arns
  tags                     = local.tags
}

# Write to its own log group only; the group is created by the module, so no logs:CreateLogGroup.
data "aws_iam_policy_document" "logs" {
  statement {
    sid       = "WriteOwnLogGroup"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${module.log_group.cloudwatch_log_group_arn}:*"]
  }
}

data "aws_iam_policy_document" "xray" {
  statement {
    sid = "XRayWrite"
    actions = [
      "xray:PutTraceSegments",
      "xray:PutTelemetryRecords",
      "xray:GetSamplingRules",
      "xray:GetSamplingTargets",
    ]
    # X-Ray has no resource-level permissions for these actions: "*" is the only resource AWS accepts.
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "kms" {
  statement {
    sid       = "DecryptEnvironment"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]
  }
}

data "aws_iam_policy_document" "dead_letter" {
  count = var.attach_dead_letter_policy ? 1 : 0

  statement {
    sid       = "SendToDeadLetterTarget"
    actions   = local.dlq_service == "sqs" ? ["sqs:SendMessage"] : ["sns:Publish"]
    resources = [var.dead_letter_target_arn]
  }
}

# The statements of AWSLambdaVPCAccessExecutionRole, scoped where EC2 supports resource-level permissions.
data "aws_iam_policy_document" "vpc" {
  count = var.vpc_config == null ? 0 : 1

  statement {
    sid     = "DescribeNetwork"
    actions = ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"]
    # EC2 Describe* actions do not support resource-level permissions: "*" is the only resource AWS accepts.
    resources = ["*"]
  }

  statement {
    sid     = "CreateInterfacesInOwnSubnets"
    actions = ["ec2:CreateNetworkInterface"]
    resources = concat(
      ["${local.ec2_arn}:network-interface/*"],
      [for s in var.vpc_config.subnet_ids : "${local.ec2_arn}:subnet/${s}"],
      [for g in var.vpc_config.security_group_ids : "${local.ec2_arn}:security-group/${g}"],
    )
  }

  statement {
    sid = "ManageOwnInterfaces"
    actions = [
      "ec2:DeleteNetworkInterface",
      "ec2:AssignPrivateIpAddresses",
      "ec2:UnassignPrivateIpAddresses",
    ]
    resources = ["${local.ec2_arn}:network-interface/*"]
  }
}

data "aws_iam_policy_document" "custom" {
  count = length(var.policy_statements) == 0 ? 0 : 1

  dynamic "statement" {
    for_each = var.policy_statements
    content {
      sid       = statement.key
      effect    = statement.value.effect
      actions   = statement.value.actions
      resources = statement.value.resources

      dynamic "condition" {
        for_each = statement.value.conditions
        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}
