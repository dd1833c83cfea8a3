data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

data "aws_region" "dr" {
  provider = aws.dr
}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name
  dr_region  = data.aws_region.dr.name
  root_arn   = "arn:${local.partition}:iam::${local.account_id}:root"

  resource_patterns = {
    rds      = ["arn:${local.partition}:rds:*:*:db:*", "arn:${local.partition}:rds:*:*:cluster:*"]
    efs      = ["arn:${local.partition}:elasticfilesystem:*:*:file-system/*"]
    dynamodb = ["arn:${local.partition}:dynamodb:*:*:table/*"]
  }

  # Each vault key: administered by the account, used only through AWS Backup (and, in the DR region, RDS
  # for the replicated automated backups) of its own region, with grants for AWS resources only.
  key_services = {
    primary = ["backup.${local.region}.amazonaws.com"]
    dr      = ["backup.${local.dr_region}.amazonaws.com", "rds.${local.dr_region}.amazonaws.com"]
  }
  key_policies = {
    for key, services in local.key_services : key => jsonencode({
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
            "kms:ListResourceTags", "kms:PutKeyPolicy", "kms:RevokeGrant", "kms:ScheduleKeyDeletion",
            "kms:TagResource", "kms:UntagResource", "kms:UpdateAlias", "kms:UpdateKeyDescription",
          ]
          Resource = "*"
        },
        {
          Sid       = "UseThroughBackupServices"
          Effect    = "Allow"
          Principal = { AWS = local.root_arn }
          Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
          Resource  = "*"
          Condition = { StringEquals = { "kms:ViaService" = services, "kms:CallerAccount" = local.account_id } }
        },
        {
          Sid       = "GrantsForBackupResources"
          Effect    = "Allow"
          Principal = { AWS = local.root_arn }
          Action    = ["kms:CreateGrant", "kms:ListGrants", "kms:RetireGrant"]
          Resource  = "*"
          Condition = {
            StringEquals = { "kms:ViaService" = services, "kms:CallerAccount" = local.account_id }
            Bool         = { "kms:GrantIsForAWSResource" = "true" }
          }
        },
      ]
    })
  }
}

# --- the primary vault ---------------------------------------------------------------------------------

resource "aws_kms_key" "vault" {
  description             = "${var.name} AWS Backup vault (${local.region})"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_key_deletion_window_in_days
  policy                  = local.key_policies.primary
  tags                    = merge(var.tags, { Name = "${var.name}-backup" })
}

resource "aws_kms_alias" "vault" {
  name          = "alias/${var.name}-backup"
  target_key_id = aws_kms_key.vault.key_id
}

resource "aws_backup_vault" "this" {
  name          = var.name
  kms_key_arn   = aws_kms_key.vault.arn
  force_destroy = false
  tags          = merge(var.tags, { Name = var.name })
}

resource "aws_backup_vault_lock_configuration" "this" {
  backup_vault_name   = aws_backup_vault.this.name
  min_retention_days  = var.vault_lock.min_retention_days
  max_retention_days  = var.vault_lock.max_retention_days
  changeable_for_days = var.vault_lock.changeable_for_days
}

# --- the plan and what it selects ----------------------------------------------------------------------

resource "aws_backup_plan" "this" {
  name = var.name

  dynamic "rule" {
    for_each = var.rules
    content {
      rule_name         = rule.key
      target_vault_name = aws_backup_vault.this.name
      schedule          = rule.value.schedule
      start_window      = rule.value.start_window_minutes
      completion_window = rule.value.completion_window_minutes

      lifecycle {
        delete_after = rule.value.retention_days
      }

      dynamic "copy_action" {
        for_each = rule.value.copy_retention_days == null ? [] : [rule.value.copy_retention_days]
        content {
          destination_vault_arn = aws_backup_vault.dr.arn
          lifecycle {
            delete_after = copy_action.value
          }
        }
      }
    }
  }

  tags = merge(var.tags, { Name = var.name })
}

resource "aws_iam_role" "backup" {
  name = "${var.name}-backup"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "backup.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
    }]
  })
  tags = merge(var.tags, { Name = "${var.name}-backup" })
}

# AWS's managed policies for AWS Backup's service role: backing up and restoring every supported service
# is what they are for; a hand-written copy would fall behind each new service AWS Backup supports.
resource "aws_iam_role_policy_attachment" "backup" {
  for_each = toset(["AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores"])

  role       = aws_iam_role.backup.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/${each.value}"
}

resource "aws_backup_selection" "by_tag" {
  name         = "${var.name}-by-tag"
  plan_id      = aws_backup_plan.this.id
  iam_role_arn = aws_iam_role.backup.arn
  resources    = flatten([for t in var.resource_types : local.resource_patterns[t]])

  selection_tag {
    type  = "STRINGEQUALS"
    key   = var.selection_tag.key
    value = var.selection_tag.value
  }
}
