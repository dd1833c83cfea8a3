# AWS Config: the recorder, its delivery channel to an encrypted bucket, and the managed rules of the
# controls this platform claims (docs/compliance.md).

locals {
  config_bucket_name = coalesce(var.config_bucket_name, "${var.name}-aws-config")
  config_bucket_arn  = "arn:${local.partition}:s3:::${local.config_bucket_name}"
  config_role_name   = "${var.name}-aws-config"

  blocked_common_ports = [for p in var.admin_ports : p if p != 22]

  # Every control: the AWS managed rule, its parameters, and periodic = true for rules that Config runs on
  # a schedule (maximum_execution_frequency) instead of on configuration changes.
  builtin_rules = {
    "s3-bucket-server-side-encryption-enabled"   = { identifier = "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED", parameters = {}, periodic = false }
    "s3-bucket-public-read-prohibited"           = { identifier = "S3_BUCKET_PUBLIC_READ_PROHIBITED", parameters = {}, periodic = false }
    "s3-bucket-public-write-prohibited"          = { identifier = "S3_BUCKET_PUBLIC_WRITE_PROHIBITED", parameters = {}, periodic = false }
    "s3-bucket-level-public-access-prohibited"   = { identifier = "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED", parameters = {}, periodic = false }
    "s3-bucket-ssl-requests-only"                = { identifier = "S3_BUCKET_SSL_REQUESTS_ONLY", parameters = {}, periodic = false }
    "encrypted-volumes"                          = { identifier = "ENCRYPTED_VOLUMES", parameters = {}, periodic = false }
    "ec2-ebs-encryption-by-default"              = { identifier = "EC2_EBS_ENCRYPTION_BY_DEFAULT", parameters = {}, periodic = true }
    "rds-storage-encrypted"                      = { identifier = "RDS_STORAGE_ENCRYPTED", parameters = {}, periodic = false }
    "rds-instance-public-access-check"           = { identifier = "RDS_INSTANCE_PUBLIC_ACCESS_CHECK", parameters = {}, periodic = false }
    "rds-snapshots-public-prohibited"            = { identifier = "RDS_SNAPSHOTS_PUBLIC_PROHIBITED", parameters = {}, periodic = false }
    "restricted-ssh"                             = { identifier = "INCOMING_SSH_DISABLED", parameters = {}, periodic = false }
    "restricted-common-ports"                    = { identifier = "RESTRICTED_INCOMING_TRAFFIC", parameters = { for i, p in local.blocked_common_ports : "blockedPort${i + 1}" => tostring(p) }, periodic = false }
    "cloudtrail-enabled"                         = { identifier = "CLOUD_TRAIL_ENABLED", parameters = {}, periodic = true }
    "multi-region-cloudtrail-enabled"            = { identifier = "MULTI_REGION_CLOUD_TRAIL_ENABLED", parameters = {}, periodic = true }
    "cloud-trail-log-file-validation-enabled"    = { identifier = "CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED", parameters = {}, periodic = true }
    "cloud-trail-encryption-enabled"             = { identifier = "CLOUD_TRAIL_ENCRYPTION_ENABLED", parameters = {}, periodic = true }
    "root-account-mfa-enabled"                   = { identifier = "ROOT_ACCOUNT_MFA_ENABLED", parameters = {}, periodic = true }
    "iam-root-access-key-check"                  = { identifier = "IAM_ROOT_ACCESS_KEY_CHECK", parameters = {}, periodic = true }
    "iam-policy-no-statements-with-admin-access" = { identifier = "IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS", parameters = {}, periodic = false }
    "cmk-backing-key-rotation-enabled"           = { identifier = "CMK_BACKING_KEY_ROTATION_ENABLED", parameters = {}, periodic = true }
    "sns-encrypted-kms"                          = { identifier = "SNS_ENCRYPTED_KMS", parameters = {}, periodic = false }
    "cloudwatch-log-group-encrypted"             = { identifier = "CLOUDWATCH_LOG_GROUP_ENCRYPTED", parameters = {}, periodic = true }
    "vpc-flow-logs-enabled"                      = { identifier = "VPC_FLOW_LOGS_ENABLED", parameters = {}, periodic = true }
    "guardduty-enabled-centralized"              = { identifier = "GUARDDUTY_ENABLED_CENTRALIZED", parameters = {}, periodic = true }
    "securityhub-enabled"                        = { identifier = "SECURITYHUB_ENABLED", parameters = {}, periodic = true }
  }

  config_rules = merge(
    {
      for k, r in local.builtin_rules : k => {
        identifier = r.identifier
        parameters = r.parameters
        frequency  = r.periodic ? "TwentyFour_Hours" : null
      } if !contains(var.disabled_config_rules, k)
    },
    {
      for k, r in var.additional_config_rules : k => {
        identifier = r.source_identifier
        parameters = r.input_parameters
        frequency  = r.maximum_execution_frequency
      }
    },
  )

  config_rule_names = { for k in keys(local.config_rules) : k => "${var.name}-${k}" }
}

# --- recorder and delivery channel ---------------------------------------------------------------------

module "config_bucket" {
  source = "../s3-bucket"
  count  = var.create_config_recorder ? 1 : 0

  bucket        = local.config_bucket_name
  kms_key_arn   = local.kms_key_arn
  force_destroy = var.config_bucket_force_destroy

  lifecycle_rules = [{
    id          = "glacier-ir-then-expire"
    transitions = [{ days = 90, storage_class = "GLACIER_IR" }]
    expiration  = { days = var.config_bucket_expiration_days }
    noncurrent_version_expiration = {
      noncurrent_days = 30
    }
  }]

  # Config writes with its recorder role (below); only this account's Config may write here.
  policy_statements = {
    ConfigBucketCheck = {
      actions    = ["s3:GetBucketAcl", "s3:ListBucket"]
      resources  = [local.config_bucket_arn]
      principals = [{ type = "Service", identifiers = ["config.amazonaws.com"] }]
      conditions = [{ test = "StringEquals", variable = "aws:SourceAccount", values = [local.account_id] }]
    }
    ConfigDelivery = {
      actions    = ["s3:PutObject"]
      resources  = ["${local.config_bucket_arn}/AWSLogs/${local.account_id}/Config/*"]
      principals = [{ type = "Service", identifiers = ["config.amazonaws.com"] }]
      conditions = [{ test = "StringEquals", variable = "aws:SourceAccount", values = [local.account_id] }]
    }
  }

  tags = merge(var.tags, { Purpose = "aws-config" })
}

data "aws_iam_policy_document" "config_delivery" {
  statement {
    sid       = "CheckBucket"
    actions   = ["s3:GetBucketAcl", "s3:ListBucket"]
    resources = [local.config_bucket_arn]
  }

  statement {
    sid       = "DeliverSnapshotsAndHistory"
    actions   = ["s3:PutObject", "s3:PutObjectAcl"]
    resources = ["${local.config_bucket_arn}/AWSLogs/${local.account_id}/Config/*"]
  }

  statement {
    sid       = "EncryptDeliveries"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [local.kms_key_arn]
  }
}

module "config_role" {
  source = "../iam-role-policy"
  count  = var.create_config_recorder ? 1 : 0

  name             = local.config_role_name
  description      = "AWS Config recorder of ${var.name}: reads resource configurations, writes to its bucket"
  trusted_services = ["config.amazonaws.com"]
  managed_policy_arns = {
    config = "arn:${local.partition}:iam::aws:policy/service-role/AWS_ConfigRole"
  }
  inline_policies = {
    delivery = data.aws_iam_policy_document.config_delivery.json
  }
  tags = var.tags
}

resource "aws_config_configuration_recorder" "this" {
  count = var.create_config_recorder ? 1 : 0

  name     = var.name
  role_arn = module.config_role[0].iam_role_arn

  recording_group {
    all_supported                 = true
    include_global_resource_types = var.include_global_resource_types
  }
}

resource "aws_config_delivery_channel" "this" {
  count = var.create_config_recorder ? 1 : 0

  name           = var.name
  s3_bucket_name = module.config_bucket[0].s3_bucket_id
  s3_kms_key_arn = local.kms_key_arn

  snapshot_delivery_properties {
    delivery_frequency = var.config_delivery_frequency
  }

  depends_on = [aws_config_configuration_recorder.this]
}

resource "aws_config_configuration_recorder_status" "this" {
  count = var.create_config_recorder ? 1 : 0

  name       = aws_config_configuration_recorder.this[0].name
  is_enabled = true

  depends_on = [aws_config_delivery_channel.this]
}

# --- managed rules -------------------------------------------------------------------------------------

resource "aws_config_config_rule" "this" {
  for_each = local.config_rules

  name                        = local.config_rule_names[each.key]
  description                 = "Platform control ${each.key} (AWS managed rule ${each.value.identifier}); docs/compliance.md"
  input_parameters            = length(each.value.parameters) > 0 ? jsonencode(each.value.parameters) : null
  maximum_execution_frequency = each.value.frequency

  source {
    owner             = "AWS"
    source_identifier = each.value.identifier
  }

  tags = merge(var.tags, { Control = each.key })

  depends_on = [aws_config_configuration_recorder.this]
}
