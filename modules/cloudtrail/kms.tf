# Two keys of the module's own: the trail's key, which only this trail may encrypt with, and the key of
# the Athena query results. The CloudWatch Logs group uses the platform's logs key (an input).

locals {
  administrators = length(var.key_administrator_arns) > 0 ? var.key_administrator_arns : [local.root_arn]
  log_readers    = length(var.log_reader_arns) > 0 ? var.log_reader_arns : [local.root_arn]

  # Key administration without cryptographic use (the same list as modules/kms).
  key_administration_statement = {
    Sid       = "KeyAdministration"
    Effect    = "Allow"
    Principal = { AWS = local.administrators }
    Action = [
      "kms:CancelKeyDeletion",
      "kms:CreateAlias",
      "kms:DeleteAlias",
      "kms:DescribeKey",
      "kms:DisableKey",
      "kms:DisableKeyRotation",
      "kms:EnableKey",
      "kms:EnableKeyRotation",
      "kms:GetKeyPolicy",
      "kms:GetKeyRotationStatus",
      "kms:ListAliases",
      "kms:ListGrants",
      "kms:ListKeyPolicies",
      "kms:ListKeyRotations",
      "kms:ListResourceTags",
      "kms:PutKeyPolicy",
      "kms:RevokeGrant",
      "kms:RotateKeyOnDemand",
      "kms:ScheduleKeyDeletion",
      "kms:TagResource",
      "kms:UntagResource",
      "kms:UpdateAlias",
      "kms:UpdateKeyDescription",
    ]
    Resource = "*"
  }

  # In a key policy, Resource "*" means this key.
  trail_key_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      local.key_administration_statement,
      {
        # Only this trail (aws:SourceArn) may encrypt, and only for its own log files (encryption context).
        Sid       = "CloudTrailEncryptLogFiles"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:GenerateDataKey*"
        Resource  = "*"
        Condition = {
          StringEquals = { "aws:SourceArn" = local.trail_arn }
          StringLike   = { "kms:EncryptionContext:aws:cloudtrail:arn" = local.trail_arn }
        }
      },
      {
        Sid       = "CloudTrailDescribeKey"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:DescribeKey"
        Resource  = "*"
        Condition = {
          StringEquals = { "aws:SourceArn" = local.trail_arn }
        }
      },
      {
        # Readers (Athena users, incident responders) decrypt this trail's log files, nothing else.
        Sid       = "DecryptTrailLogFiles"
        Effect    = "Allow"
        Principal = { AWS = local.log_readers }
        Action    = "kms:Decrypt"
        Resource  = "*"
        Condition = {
          StringEquals = { "kms:CallerAccount" = local.account_id }
          StringLike   = { "kms:EncryptionContext:aws:cloudtrail:arn" = local.trail_arn }
        }
      },
    ]
  })

  athena_key_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      local.key_administration_statement,
      {
        # Athena writes and reads query results through S3 with the caller's credentials, in the results
        # bucket only.
        Sid       = "AthenaResultsThroughS3"
        Effect    = "Allow"
        Principal = { AWS = local.log_readers }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:ViaService"    = "s3.${local.region}.amazonaws.com"
            "kms:CallerAccount" = local.account_id
          }
          StringLike = { "kms:EncryptionContext:aws:s3:arn" = [local.athena_results_bucket_arn, "${local.athena_results_bucket_arn}/*"] }
        }
      },
    ]
  })
}

resource "aws_kms_key" "trail" {
  description              = "CloudTrail ${var.name}: log files of this trail only"
  key_usage                = "ENCRYPT_DECRYPT"
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
  enable_key_rotation      = true
  # rotation_period_in_days stays at AWS's default (365): moto does not store it (docs/emulator.md).
  deletion_window_in_days = var.kms_deletion_window_in_days
  policy                  = local.trail_key_policy

  tags = merge(var.tags, { Name = "alias/${var.name}-cloudtrail", Purpose = "cloudtrail" })
}

resource "aws_kms_alias" "trail" {
  name          = "alias/${var.name}-cloudtrail"
  target_key_id = aws_kms_key.trail.key_id
}

resource "aws_kms_key" "athena" {
  count = var.athena_enabled ? 1 : 0

  description              = "CloudTrail ${var.name}: Athena query results"
  key_usage                = "ENCRYPT_DECRYPT"
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
  enable_key_rotation      = true
  deletion_window_in_days  = var.kms_deletion_window_in_days
  policy                   = local.athena_key_policy

  tags = merge(var.tags, { Name = "alias/${var.name}-athena-results", Purpose = "athena-results" })
}

resource "aws_kms_alias" "athena" {
  count = var.athena_enabled ? 1 : 0

  name          = "alias/${var.name}-athena-results"
  target_key_id = aws_kms_key.athena[0].key_id
}
