data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition
  root_arn   = "arn:${local.partition}:iam::${local.account_id}:root"

  administrators         = length(var.kms_key_administrator_arns) > 0 ? var.kms_key_administrator_arns : [local.root_arn]
  access_log_bucket_name = var.access_log_bucket_name != null ? var.access_log_bucket_name : "${var.bucket_name}-access-logs"
  create_lock_table      = var.lock_table_name != null
  replicate              = var.replica_region != null
  replica_bucket_name    = var.replica_bucket_name != null ? var.replica_bucket_name : "${var.bucket_name}-${coalesce(var.replica_region, "none")}"

  # The key serves S3 (state objects) and DynamoDB (lock table) on behalf of this account's principals.
  key_services = concat(["s3"], local.create_lock_table ? ["dynamodb"] : [])

  # Statements are JSON strings so that optional lists of differently shaped statements concatenate.
  kms_key_statements = concat(
    [
      jsonencode({
        # Administration without cryptographic use.
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
      }),
      jsonencode({
        # Reading and writing state (and the lock table) through S3 / DynamoDB, by principals of this
        # account that IAM allows; never directly.
        Sid       = "UseThroughStateServices"
        Effect    = "Allow"
        Principal = { AWS = local.root_arn }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:ViaService"    = [for s in local.key_services : "${s}.${local.region}.amazonaws.com"]
            "kms:CallerAccount" = local.account_id
          }
        }
      }),
    ],
    local.create_lock_table ? [
      jsonencode({
        # DynamoDB keeps a grant on the key for the table's storage.
        Sid       = "DynamoDBTableGrants"
        Effect    = "Allow"
        Principal = { AWS = local.root_arn }
        Action    = ["kms:CreateGrant"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:ViaService"    = "dynamodb.${local.region}.amazonaws.com"
            "kms:CallerAccount" = local.account_id
          }
          Bool = { "kms:GrantIsForAWSResource" = "true" }
        }
      }),
      jsonencode({
        # Lets DynamoDB watch the key's state (it marks the table inaccessible if the key is disabled).
        Sid       = "DynamoDBDescribeKey"
        Effect    = "Allow"
        Principal = { Service = "dynamodb.amazonaws.com" }
        Action    = ["kms:DescribeKey"]
        Resource  = "*"
      }),
    ] : [],
  )

  kms_key_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [for st in local.kms_key_statements : jsondecode(st)]
  })
}

# --- the state key -------------------------------------------------------------------------------------
# Written here, not in modules/kms: it must exist before any remote state, and it guards production, so
# it carries prevent_destroy (a lifecycle argument cannot come from a variable, so a module cannot offer it).

resource "aws_kms_key" "state" {
  description              = "terraform-state: S3 state bucket ${var.bucket_name}${local.create_lock_table ? " and DynamoDB lock table ${var.lock_table_name}" : ""}"
  key_usage                = "ENCRYPT_DECRYPT"
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
  enable_key_rotation      = true
  # rotation_period_in_days stays at AWS's default (365): moto does not store it (a change on every plan).
  deletion_window_in_days = var.kms_key_deletion_window_in_days
  is_enabled              = true
  multi_region            = var.kms_key_multi_region # a replica in replica_region encrypts the DR copy
  policy                  = local.kms_key_policy

  tags = merge(var.tags, { Name = var.kms_key_alias, Purpose = "terraform-state" })

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_kms_alias" "state" {
  name          = var.kms_key_alias
  target_key_id = aws_kms_key.state.key_id
}
