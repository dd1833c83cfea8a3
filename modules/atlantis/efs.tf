################################################################################
# EFS: Atlantis's data dir (clones, plan files, the BoltDB lock database). Encrypted with a customer-managed
# key, reachable only from the tasks' security group, mounted through one access point as the atlantis
# user, over TLS with IAM authorisation.
################################################################################

locals {
  create_efs_kms_key = var.efs_kms_key_arn == null
  efs_kms_key_arn    = local.create_efs_kms_key ? aws_kms_key.efs[0].arn : var.efs_kms_key_arn
  root_arn           = "arn:${local.partition}:iam::${local.account_id}:root"
}

resource "aws_kms_key" "efs" {
  count = local.create_efs_kms_key ? 1 : 0

  description             = "${var.name}: EFS file system of Atlantis"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        # Administration through IAM policies of this account (as the kms layer's keys without administrators).
        Sid       = "KeyAdministration"
        Effect    = "Allow"
        Principal = { AWS = local.root_arn }
        Action = [
          "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:DeleteAlias", "kms:DescribeKey", "kms:DisableKey",
          "kms:DisableKeyRotation", "kms:EnableKey", "kms:EnableKeyRotation", "kms:GetKeyPolicy",
          "kms:GetKeyRotationStatus", "kms:ListAliases", "kms:ListGrants", "kms:ListKeyPolicies",
          "kms:ListKeyRotations", "kms:ListResourceTags", "kms:PutKeyPolicy", "kms:RevokeGrant",
          "kms:RotateKeyOnDemand", "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource",
          "kms:UpdateAlias", "kms:UpdateKeyDescription",
        ]
        Resource = "*"
      },
      {
        # Only EFS, in this account and region, uses the key (and hands it to its storage through grants).
        Sid       = "UseThroughEfs"
        Effect    = "Allow"
        Principal = { AWS = local.root_arn }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:CreateGrant"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:ViaService"    = "elasticfilesystem.${local.region}.amazonaws.com"
            "kms:CallerAccount" = local.account_id
          }
        }
      },
    ]
  })

  tags = merge(var.tags, { Name = "${var.name}-efs" })
}

resource "aws_kms_alias" "efs" {
  count = local.create_efs_kms_key ? 1 : 0

  name          = "alias/${var.name}-efs"
  target_key_id = aws_kms_key.efs[0].key_id
}

resource "aws_efs_file_system" "this" {
  # checkov:skip=CKV2_AWS_18: EFS automatic backups (aws_efs_backup_policy below, efs_backup_policy_enabled, on in prod) put the file system in AWS Backup's default plan; checkov only counts an aws_backup_selection naming it
  creation_token   = "${var.name}-data"
  encrypted        = true
  kms_key_id       = local.efs_kms_key_arn
  performance_mode = "generalPurpose"
  throughput_mode  = "elastic"

  tags = merge(var.tags, { Name = "${var.name}-data" })
}

resource "aws_efs_backup_policy" "this" {
  count = var.efs_backup_policy_enabled ? 1 : 0

  file_system_id = aws_efs_file_system.this.id

  backup_policy {
    status = "ENABLED"
  }
}

module "efs_security_group" {
  source = "../security-group"

  name        = "${var.name}-efs"
  description = "EFS mount targets of ${var.name}: NFS from the Atlantis tasks only"
  vpc_id      = var.vpc_id

  tags = var.tags
}

resource "aws_efs_mount_target" "this" {
  for_each = var.private_subnet_ids_by_az

  file_system_id  = aws_efs_file_system.this.id
  subnet_id       = each.value
  security_groups = [module.efs_security_group.security_group_id]
}

resource "aws_efs_access_point" "this" {
  file_system_id = aws_efs_file_system.this.id

  # Every client acts as the atlantis user and sees only /atlantis, created on first use.
  posix_user {
    uid = var.posix_user.uid
    gid = var.posix_user.gid
  }

  root_directory {
    path = "/atlantis"
    creation_info {
      owner_uid   = var.posix_user.uid
      owner_gid   = var.posix_user.gid
      permissions = "0750"
    }
  }

  tags = merge(var.tags, { Name = "${var.name}-data" })
}

resource "aws_efs_file_system_policy" "this" {
  count = var.efs_file_system_policy_enabled ? 1 : 0

  file_system_id = aws_efs_file_system.this.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AtlantisTaskThroughAccessPoint"
        Effect    = "Allow"
        Principal = { AWS = module.service.tasks_iam_role_arn }
        Action    = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]
        Resource  = aws_efs_file_system.this.arn
        Condition = {
          StringEquals = { "elasticfilesystem:AccessPointArn" = aws_efs_access_point.this.arn }
          Bool         = { "aws:SecureTransport" = "true" }
        }
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = { AWS = "*" }
        Action    = "*"
        Resource  = aws_efs_file_system.this.arn
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}
