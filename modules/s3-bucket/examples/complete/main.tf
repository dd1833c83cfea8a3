# A general-purpose data bucket (SSE-KMS, versioned, lifecycle, intelligent tiering, access logs) and the
# access-log target bucket it writes to (SSE-S3, as S3 server access logging requires).

provider "aws" {
  region = "ap-northeast-2"

  default_tags {
    tags = {
      Environment = "example"
      ManagedBy   = "terraform"
    }
  }
}

data "aws_caller_identity" "current" {}

locals {
  name_prefix = "example-${data.aws_caller_identity.current.account_id}"
}

resource "aws_kms_key" "s3" {
  description             = "example: S3 data buckets"
  enable_key_rotation     = true
  deletion_window_in_days = 7

  # The account administers the key through IAM; S3 uses it on behalf of callers who have kms:GenerateDataKey.
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AccountAdministration"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

module "access_logs" {
  source = "../.."

  bucket        = "${local.name_prefix}-s3-access-logs"
  sse_algorithm = "AES256" # S3 server access logs cannot target an SSE-KMS bucket

  attach_access_log_delivery_policy      = true
  access_log_delivery_source_bucket_arns = ["arn:aws:s3:::${local.name_prefix}-data"]

  lifecycle_rules = [{
    id                            = "expire-logs"
    expiration                    = { days = 400 }
    noncurrent_version_expiration = { noncurrent_days = 30 }
  }]

  tags = { Purpose = "s3-access-logs" }
}

module "data" {
  source = "../.."

  bucket      = "${local.name_prefix}-data"
  kms_key_arn = aws_kms_key.s3.arn

  logging = {
    target_bucket = module.access_logs.s3_bucket_id
  }

  lifecycle_rules = [
    {
      id          = "tier-down"
      filter      = { prefix = "exports/" }
      transitions = [{ days = 30, storage_class = "STANDARD_IA" }, { days = 180, storage_class = "GLACIER_IR" }]
    },
    {
      id                            = "old-versions"
      noncurrent_version_expiration = { noncurrent_days = 90, newer_noncurrent_versions = 5 }
    },
  ]

  intelligent_tiering = {
    archive = { prefix = "archive/", archive_access_days = 90, deep_archive_access_days = 180 }
  }

  policy_statements = {
    AllowAccountRead = {
      actions    = ["s3:GetObject", "s3:ListBucket"]
      principals = [{ type = "AWS", identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"] }]
    }
  }

  tags = { Purpose = "application-data" }
}
