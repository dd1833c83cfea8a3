data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition
  root_arn   = "arn:${local.partition}:iam::${local.account_id}:root"

  kms_key_arn = var.kms_key_arn != null ? var.kms_key_arn : aws_kms_key.this[0].arn
  skip_tag    = var.remediation_skip_tag
  enforce     = var.remediation_mode == "enforce"

  # Log groups that EventBridge writes to must be named /aws/events/...
  security_events_log_group_name = "/aws/events/${var.name}/security-events"
  remediation_log_group_name     = "/aws/events/${var.name}/remediation"
}

# --- the module's KMS key (unless kms_key_arn is given) ------------------------------------------------

resource "aws_kms_key" "this" {
  count = var.kms_key_arn == null ? 1 : 0

  description             = "${var.name}: AWS Config delivery bucket and the remediation function's environment"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_in_days

  # In a key policy, Resource "*" means this key.
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        # The account administers and uses the key through IAM policies (the Config recorder role, the
        # remediation function's role).
        Sid       = "AccountThroughIam"
        Effect    = "Allow"
        Principal = { AWS = local.root_arn }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        # AWS Config (service-linked role delivery) of this account only.
        Sid       = "ConfigDelivery"
        Effect    = "Allow"
        Principal = { Service = "config.amazonaws.com" }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource  = "*"
        Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
      },
    ]
  })

  tags = merge(var.tags, { Name = "${var.name}-security" })
}

resource "aws_kms_alias" "this" {
  count = var.kms_key_arn == null ? 1 : 0

  name          = "alias/${var.name}/security"
  target_key_id = aws_kms_key.this[0].key_id
}

# --- log groups: security events (dashboard source) and remediation records ----------------------------

module "security_events_log_group" {
  source = "../cloudwatch-log-group"

  name              = local.security_events_log_group_name
  retention_in_days = var.log_retention_in_days
  kms_key_arn       = var.logs_kms_key_arn
  log_group_class   = var.log_group_class
  tags              = merge(var.tags, { Purpose = "security-findings" })
}

module "remediation_log_group" {
  source = "../cloudwatch-log-group"

  name              = local.remediation_log_group_name
  retention_in_days = var.log_retention_in_days
  kms_key_arn       = var.logs_kms_key_arn
  log_group_class   = var.log_group_class
  tags              = merge(var.tags, { Purpose = "remediation-records" })
}

# EventBridge delivers to CloudWatch Logs under this resource policy (its own log groups only).
resource "aws_cloudwatch_log_resource_policy" "eventbridge" {
  policy_name = "${var.name}-security-eventbridge"
  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "EventBridgeWritesSecurityLogs"
      Effect    = "Allow"
      Principal = { Service = ["events.amazonaws.com", "delivery.logs.amazonaws.com"] }
      Action    = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = [
        "${module.security_events_log_group.cloudwatch_log_group_arn}:*",
        "${module.remediation_log_group.cloudwatch_log_group_arn}:*",
      ]
    }]
  })
}
