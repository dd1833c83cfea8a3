data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  root_arn   = "arn:${local.partition}:iam::${local.account_id}:root"

  tags = merge(var.tags, { Name = var.name })

  create_regional   = contains(var.scopes, "REGIONAL")
  create_cloudfront = contains(var.scopes, "CLOUDFRONT")

  # authorization and cookie are always redacted; duplicates are removed.
  redacted_headers = distinct(concat(["authorization", "cookie"], var.additional_redacted_headers))

  acl_settings = {
    default_action        = var.default_action
    managed_rule_groups   = var.managed_rule_groups
    rate_limit            = var.rate_limit
    allowed_ipv4_cidrs    = var.allowed_ipv4_cidrs
    blocked_ipv4_cidrs    = var.blocked_ipv4_cidrs
    log_retention_in_days = var.log_retention_in_days
    log_group_class       = var.log_group_class
    redacted_headers      = local.redacted_headers
  }

  create_cloudfront_key = local.create_cloudfront && var.cloudfront_kms_key_arn == null
}

module "regional" {
  source = "./modules/web-acl"
  count  = local.create_regional ? 1 : 0

  name                  = "${var.name}-regional"
  scope                 = "REGIONAL"
  default_action        = local.acl_settings.default_action
  managed_rule_groups   = local.acl_settings.managed_rule_groups
  rate_limit            = local.acl_settings.rate_limit
  allowed_ipv4_cidrs    = local.acl_settings.allowed_ipv4_cidrs
  blocked_ipv4_cidrs    = local.acl_settings.blocked_ipv4_cidrs
  kms_key_arn           = var.kms_key_arn
  log_retention_in_days = local.acl_settings.log_retention_in_days
  log_group_class       = local.acl_settings.log_group_class
  redacted_headers      = local.acl_settings.redacted_headers
  tags                  = var.tags
}

# CloudFront web ACLs, their IP sets and their log group live in us-east-1.
module "cloudfront" {
  source = "./modules/web-acl"
  count  = local.create_cloudfront ? 1 : 0

  providers = {
    aws = aws.us_east_1
  }

  name                  = "${var.name}-cloudfront"
  scope                 = "CLOUDFRONT"
  default_action        = local.acl_settings.default_action
  managed_rule_groups   = local.acl_settings.managed_rule_groups
  rate_limit            = local.acl_settings.rate_limit
  allowed_ipv4_cidrs    = local.acl_settings.allowed_ipv4_cidrs
  blocked_ipv4_cidrs    = local.acl_settings.blocked_ipv4_cidrs
  kms_key_arn           = local.create_cloudfront_key ? aws_kms_key.cloudfront_logs[0].arn : var.cloudfront_kms_key_arn
  log_retention_in_days = local.acl_settings.log_retention_in_days
  log_group_class       = local.acl_settings.log_group_class
  redacted_headers      = local.acl_settings.redacted_headers
  tags                  = var.tags
}

# The kms layer's logs key is regional (ap-northeast-2); the CloudFront log group in us-east-1 needs a key
# there. Administered by the account (IAM decides), used only by CloudWatch Logs in us-east-1 for this
# account's log groups.
resource "aws_kms_key" "cloudfront_logs" {
  count    = local.create_cloudfront_key ? 1 : 0
  provider = aws.us_east_1

  description             = "${var.name}: CloudFront WAF log group (us-east-1)"
  key_usage               = "ENCRYPT_DECRYPT"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "KeyAdministration"
        Effect    = "Allow"
        Principal = { AWS = local.root_arn }
        Action = [
          "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:DeleteAlias", "kms:DescribeKey", "kms:DisableKey",
          "kms:DisableKeyRotation", "kms:EnableKey", "kms:EnableKeyRotation", "kms:GetKeyPolicy",
          "kms:GetKeyRotationStatus", "kms:ListAliases", "kms:ListGrants", "kms:ListKeyPolicies",
          "kms:ListKeyRotations", "kms:ListResourceTags", "kms:PutKeyPolicy", "kms:RevokeGrant",
          "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource", "kms:UpdateAlias",
          "kms:UpdateKeyDescription",
        ]
        Resource = "*"
      },
      {
        Sid       = "CloudWatchLogs"
        Effect    = "Allow"
        Principal = { Service = "logs.us-east-1.amazonaws.com" }
        Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
        Condition = {
          ArnLike = {
            "kms:EncryptionContext:aws:logs:arn" = "arn:${local.partition}:logs:us-east-1:${local.account_id}:log-group:*"
          }
        }
      },
    ]
  })

  tags = merge(local.tags, { Name = "${var.name}-cloudfront-waf-logs" })
}

resource "aws_kms_alias" "cloudfront_logs" {
  count    = local.create_cloudfront_key ? 1 : 0
  provider = aws.us_east_1

  name          = "alias/${var.name}-cloudfront-waf-logs"
  target_key_id = aws_kms_key.cloudfront_logs[0].key_id
}
