# The S3 archive: subscription filters -> Kinesis Data Firehose -> the archive bucket.
#
# CloudWatch Logs delivers gzip-compressed JSON envelopes ({"logGroup": ..., "logEvents": [...]}). Firehose
# decompresses them, reads the log group with a jq query (dynamic partitioning), appends a newline and
# writes gzip objects under logs/source=<log group>/year=YYYY/month=MM/day=DD/ (Hive-style keys that Athena
# and Glue understand), encrypted with the logs key.

locals {
  archive_bucket_name = coalesce(var.archive_bucket_name, "${var.name}-log-archive")
  archive_bucket_arn  = "arn:${local.partition}:s3:::${local.archive_bucket_name}"
  firehose_name       = "${var.name}-log-archive"
  firehose_arn        = "arn:${local.partition}:firehose:${local.region}:${local.account_id}:deliverystream/${local.firehose_name}"

  # "/platform/prod/api" -> "platform.prod.api": one path segment per log group.
  archive_partition_query = "{log_group: (.logGroup | ltrimstr(\"/\") | split(\"/\") | join(\".\"))}"
  archive_prefix          = "logs/source=!{partitionKeyFromQuery:log_group}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/"
  archive_error_prefix    = "errors/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/"

  # Everything in the bucket (logs/ and errors/) moves to the archive class, then expires.
  archive_lifecycle_rules = [{
    id = "archive-then-expire"
    transitions = [{
      days          = var.archive_transition_days
      storage_class = var.archive_storage_class
    }]
    expiration = {
      days = var.archive_expiration_days
    }
    noncurrent_version_expiration = {
      noncurrent_days = var.archive_noncurrent_version_expiration_days
    }
  }]

  firehose_error_log_group_name = "/platform/${var.name}/firehose/${local.firehose_name}"
  firehose_error_log_stream     = "S3Delivery"

  firehose_policy = var.archive_enabled ? jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "WriteArchiveBucket"
        Effect = "Allow"
        Action = [
          "s3:AbortMultipartUpload",
          "s3:GetBucketLocation",
          "s3:GetObject",
          "s3:ListBucket",
          "s3:ListBucketMultipartUploads",
          "s3:PutObject",
        ]
        Resource = [local.archive_bucket_arn, "${local.archive_bucket_arn}/*"]
      },
      {
        # SSE-KMS objects: S3 asks KMS on the role's behalf, for this bucket only (the encryption context
        # is the bucket ARN with an S3 Bucket Key, the object ARN without one).
        Sid      = "EncryptArchiveObjects"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = var.kms_key_arn
        Condition = {
          StringEquals = { "kms:ViaService" = "s3.${local.region}.amazonaws.com" }
          StringLike   = { "kms:EncryptionContext:aws:s3:arn" = [local.archive_bucket_arn, "${local.archive_bucket_arn}/*"] }
        }
      },
      {
        Sid      = "WriteDeliveryErrors"
        Effect   = "Allow"
        Action   = "logs:PutLogEvents"
        Resource = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.firehose_error_log_group_name}:log-stream:${local.firehose_error_log_stream}"
      },
    ]
  }) : null

  cloudwatch_to_firehose_policy = var.archive_enabled ? jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "PutToArchiveStream"
      Effect   = "Allow"
      Action   = ["firehose:PutRecord", "firehose:PutRecordBatch"]
      Resource = local.firehose_arn
    }]
  }) : null
}

# --- the bucket ------------------------------------------------------------------------------------

module "archive_bucket" {
  source = "../s3-bucket"
  count  = var.archive_enabled ? 1 : 0

  bucket        = local.archive_bucket_name
  kms_key_arn   = var.kms_key_arn
  versioning    = true
  force_destroy = var.archive_force_destroy
  logging       = var.archive_access_logging

  lifecycle_rules = local.archive_lifecycle_rules

  firehose_delivery_role_arns            = [module.firehose_role[0].iam_role_arn]
  attach_deny_insecure_transport_policy  = var.attach_deny_insecure_transport_policy
  attach_deny_unencrypted_object_uploads = var.attach_deny_unencrypted_object_uploads

  tags = var.tags
}

# --- Firehose: its role, its error log, the stream -------------------------------------------------

module "firehose_error_log_group" {
  source = "../cloudwatch-log-group"
  count  = var.archive_enabled ? 1 : 0

  name              = local.firehose_error_log_group_name
  retention_in_days = var.default_retention_in_days
  kms_key_arn       = var.kms_key_arn
  log_group_class   = var.log_group_class

  tags = var.tags
}

resource "aws_cloudwatch_log_stream" "firehose_errors" {
  count = var.archive_enabled ? 1 : 0

  name           = local.firehose_error_log_stream
  log_group_name = module.firehose_error_log_group[0].cloudwatch_log_group_name
}

module "firehose_role" {
  source = "../iam-role-policy"
  count  = var.archive_enabled ? 1 : 0

  name             = "${var.name}-firehose-log-archive"
  description      = "Firehose stream ${local.firehose_name} writes the log archive to s3://${local.archive_bucket_name}"
  trusted_services = ["firehose.amazonaws.com"]
  inline_policies  = { "write-log-archive" = local.firehose_policy }

  tags = var.tags
}

resource "aws_kinesis_firehose_delivery_stream" "archive" {
  count = var.archive_enabled ? 1 : 0

  name        = local.firehose_name
  destination = "extended_s3"

  server_side_encryption {
    enabled  = true
    key_type = "CUSTOMER_MANAGED_CMK"
    key_arn  = var.kms_key_arn
  }

  extended_s3_configuration {
    role_arn            = module.firehose_role[0].iam_role_arn
    bucket_arn          = "arn:${local.partition}:s3:::${module.archive_bucket[0].s3_bucket_id}"
    kms_key_arn         = var.kms_key_arn
    prefix              = local.archive_prefix
    error_output_prefix = local.archive_error_prefix
    buffering_size      = var.firehose_buffering_size
    buffering_interval  = var.firehose_buffering_interval
    compression_format  = "GZIP"

    dynamic_partitioning_configuration {
      enabled = true
    }

    processing_configuration {
      enabled = true

      processors {
        type = "Decompression"
        parameters {
          parameter_name  = "CompressionFormat"
          parameter_value = "GZIP"
        }
      }

      processors {
        type = "MetadataExtraction"
        parameters {
          parameter_name  = "JsonParsingEngine"
          parameter_value = "JQ-1.6"
        }
        parameters {
          parameter_name  = "MetadataExtractionQuery"
          parameter_value = local.archive_partition_query
        }
      }

      processors {
        type = "AppendDelimiterToRecord"
      }
    }

    cloudwatch_logging_options {
      enabled         = true
      log_group_name  = module.firehose_error_log_group[0].cloudwatch_log_group_name
      log_stream_name = aws_cloudwatch_log_stream.firehose_errors[0].name
    }
  }

  tags = merge(var.tags, { Name = local.firehose_name })

  # The role's policy and the bucket policy must allow the writes before Firehose checks them. bucket_arn
  # is built from the bucket's s3_bucket_id output, which waits for the bucket policy, public access
  # block, ownership controls and default encryption (modules/s3-bucket/outputs.tf); it does not wait for
  # the lifecycle configuration (~55 s, docs/emulator.md), versioning or access logging, none of which
  # Firehose needs. A module-wide depends_on on the bucket would wait for all of them.
  depends_on = [module.firehose_role]
}

# --- CloudWatch Logs -> Firehose -------------------------------------------------------------------

module "cloudwatch_to_firehose_role" {
  source = "../iam-role-policy"
  count  = var.archive_enabled ? 1 : 0

  name             = "${var.name}-logs-to-firehose"
  description      = "CloudWatch Logs subscription filters send log events to the Firehose stream ${local.firehose_name}"
  trusted_services = ["logs.amazonaws.com"]
  inline_policies  = { "put-to-archive-stream" = local.cloudwatch_to_firehose_policy }

  tags = var.tags
}
