data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition
  root_arn   = "arn:${local.partition}:iam::${local.account_id}:root"

  administrators = length(var.key_administrator_arns) > 0 ? var.key_administrator_arns : [local.root_arn]

  # What each purpose's service does with its key. Grants: RDS, ECR and Secrets Manager hand the key to
  # their own storage layer through grants (limited to AWS resources by kms:GrantIsForAWSResource).
  services = {
    rds = {
      description = "RDS storage, snapshots and Performance Insights"
      via_service = "rds"
      actions     = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
    }
    ecr = {
      description = "ECR repositories"
      via_service = "ecr"
      actions     = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
    }
    secrets = {
      description = "Secrets Manager secrets"
      via_service = "secretsmanager"
      actions     = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
    }
    sns = {
      description = "SNS topics"
      via_service = "sns"
      actions     = ["kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"]
    }
    logs = {
      description = "CloudWatch Logs log groups"
      via_service = null
      actions     = []
    }
  }
  grant_purposes = ["rds", "ecr", "secrets"]

  # Services that share a purpose's key: the shared Redis is encrypted with the rds key, and the secrets
  # rotation function's environment with the secrets key. Each gets use and AWS-resource grants, through
  # that service only.
  also_via = {
    rds     = ["elasticache"]
    secrets = ["lambda"]
  }

  alias_names = {
    for p in var.purposes : p => var.alias_prefix == null ? "alias/${p}" : "alias/${var.alias_prefix}/${p}"
  }

  # Key administration without cryptographic use (no Encrypt/Decrypt/GenerateDataKey, no CreateGrant).
  admin_statement = jsonencode({
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
  })

  via_service_statements = {
    for p in var.purposes : p => concat(
      [jsonencode({
        Sid       = "UseThrough${title(local.services[p].via_service)}"
        Effect    = "Allow"
        Principal = { AWS = lookup(var.key_user_arns, p, [local.root_arn]) }
        Action    = local.services[p].actions
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:ViaService"    = "${local.services[p].via_service}.${local.region}.amazonaws.com"
            "kms:CallerAccount" = local.account_id
          }
        }
      })],
      contains(local.grant_purposes, p) ? [jsonencode({
        Sid       = "GrantsFor${title(local.services[p].via_service)}Resources"
        Effect    = "Allow"
        Principal = { AWS = lookup(var.key_user_arns, p, [local.root_arn]) }
        Action    = ["kms:CreateGrant", "kms:ListGrants", "kms:RetireGrant"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:ViaService"    = "${local.services[p].via_service}.${local.region}.amazonaws.com"
            "kms:CallerAccount" = local.account_id
          }
          Bool = { "kms:GrantIsForAWSResource" = "true" }
        }
      })] : [],
      [for svc in lookup(local.also_via, p, []) : jsonencode({
        Sid       = "AlsoThrough${title(svc)}"
        Effect    = "Allow"
        Principal = { AWS = lookup(var.key_user_arns, p, [local.root_arn]) }
        Action    = concat(local.services[p].actions, ["kms:CreateGrant"])
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:ViaService"    = "${svc}.${local.region}.amazonaws.com"
            "kms:CallerAccount" = local.account_id
          }
        }
      })],
    ) if p != "logs"
  }

  # CloudWatch Logs uses the key itself, for log groups of this account and region only. The logging layer's
  # archive also needs it through Firehose (the stream's encryption, a grant) and through S3 (SSE-KMS archive
  # objects written by the Firehose role): allowed for this account's principals, through those services only.
  logs_statements = [jsonencode({
    Sid       = "CloudWatchLogs"
    Effect    = "Allow"
    Principal = { Service = "logs.${local.region}.amazonaws.com" }
    Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    Resource  = "*"
    Condition = {
      ArnLike = {
        "kms:EncryptionContext:aws:logs:arn" = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*"
      }
    }
    }), jsonencode({
    Sid       = "UseThroughFirehoseAndS3"
    Effect    = "Allow"
    Principal = { AWS = lookup(var.key_user_arns, "logs", [local.root_arn]) }
    Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:CreateGrant"]
    Resource  = "*"
    Condition = {
      StringEquals = {
        "kms:ViaService"    = ["firehose.${local.region}.amazonaws.com", "s3.${local.region}.amazonaws.com"]
        "kms:CallerAccount" = local.account_id
      }
    }
  })]

  # Services that publish to encrypted topics (alarms, EventBridge rules, AMP alert manager), for topics
  # of this account and region only.
  sns_publisher_statements = length(var.sns_publisher_service_principals) == 0 ? [] : [jsonencode({
    Sid       = "ServicesPublishToEncryptedTopics"
    Effect    = "Allow"
    Principal = { Service = var.sns_publisher_service_principals }
    Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
    Resource  = "*"
    Condition = {
      StringLike = {
        "kms:EncryptionContext:aws:sns:topicArn" = "arn:${local.partition}:sns:${local.region}:${local.account_id}:*"
      }
    }
  })]

  # Statements are kept as JSON strings so that lists of different shapes concatenate cleanly.
  policies = {
    for p in var.purposes : p => jsonencode({
      Version = "2012-10-17"
      Statement = [for st in concat(
        [local.admin_statement],
        p == "logs" ? tolist(local.logs_statements) : tolist(local.via_service_statements[p]),
        p == "sns" ? tolist(local.sns_publisher_statements) : tolist([]),
      ) : jsondecode(st)]
    })
  }
}

resource "aws_kms_key" "this" {
  for_each = var.purposes

  description              = "${each.key}: ${local.services[each.key].description}"
  key_usage                = "ENCRYPT_DECRYPT"
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
  enable_key_rotation      = true
  # rotation_period_in_days is left at AWS's default (365): moto does not store it, so setting it would
  # show a change on every plan against the emulator.
  deletion_window_in_days = var.deletion_window_in_days
  is_enabled              = true
  multi_region            = contains(var.multi_region_purposes, each.key) # fixed at creation (replicas.tf)
  policy                  = local.policies[each.key]

  tags = merge(var.tags, { Name = local.alias_names[each.key], Purpose = each.key })
}

resource "aws_kms_alias" "this" {
  for_each = var.purposes

  name          = local.alias_names[each.key]
  target_key_id = aws_kms_key.this[each.key].key_id
}
