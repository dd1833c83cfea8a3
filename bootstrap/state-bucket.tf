# --- the state bucket -------------------------------------------------------------------------------
# Written as plain resources instead of ../modules/s3-bucket: the bucket must carry prevent_destroy, and a
# lifecycle argument cannot be passed into a module. Its settings follow the s3-bucket module's defaults.

resource "aws_s3_bucket" "state" {
  # checkov:skip=CKV_AWS_144: replication is optional (replica_region, replication.tf, ADR 0023): on in prod; dev, stage and local keep single-region state (versioning and prevent_destroy protect it).
  # checkov:skip=CKV2_AWS_62: nothing consumes events of the state bucket; access logs and CloudTrail record its use.
  bucket        = var.bucket_name
  force_destroy = false

  tags = merge(var.tags, { Name = var.bucket_name, Purpose = "terraform-state" })

  lifecycle {
    prevent_destroy = true
  }
}

# CloudWatch request metrics of the whole bucket (AllRequests, 5xxErrors, ...; dimension FilterId =
# EntireBucket): the data of the state-backend-access SLO, which metrics-exporters reads (ADR 0029).
resource "aws_s3_bucket_metric" "state" {
  count = var.request_metrics ? 1 : 0

  bucket = aws_s3_bucket.state.id
  name   = "EntireBucket"
}

resource "aws_s3_bucket_ownership_controls" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    # ACLs disabled: the bucket owner owns every object.
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "state" {
  bucket = aws_s3_bucket.state.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.state.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    id     = "expire-noncurrent-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }
  }

  rule {
    id     = "remove-expired-delete-markers"
    status = "Enabled"

    filter {}

    expiration {
      expired_object_delete_marker = true
    }
  }

  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.state]
}

resource "aws_s3_bucket_logging" "state" {
  bucket = aws_s3_bucket.state.id

  # PutBucketLogging checks that the target's policy already lets logging.s3.amazonaws.com write (and that
  # the target is not SSE-KMS). The module's s3_bucket_id output waits for the bucket policy, public access
  # block, ownership controls and default encryption (modules/s3-bucket/outputs.tf), so this reference
  # carries that ordering; it does not wait for the target's lifecycle configuration (~55 s,
  # docs/emulator.md), which PutBucketLogging does not need.
  target_bucket = module.access_log_bucket.s3_bucket_id
  target_prefix = "${var.bucket_name}/"
}

# --- the state bucket policy ------------------------------------------------------------------------------

locals {
  state_bucket_arn = aws_s3_bucket.state.arn

  tls_statements = var.enforce_tls ? [jsonencode({
    Sid       = "DenyInsecureTransport"
    Effect    = "Deny"
    Principal = { AWS = "*" }
    Action    = "s3:*"
    Resource  = [local.state_bucket_arn, "${local.state_bucket_arn}/*"]
    Condition = { Bool = { "aws:SecureTransport" = "false" } }
  })] : []

  # An upload without an encryption header gets the default encryption (this key). These statements stop
  # uploads that ask for anything else. There is deliberately no "header missing" deny: Terraform writes
  # the S3 lock file without one unless the backend sets kms_key_id.
  encryption_statements = var.deny_unencrypted_object_uploads ? [
    jsonencode({
      Sid       = "DenyIncorrectEncryptionHeader"
      Effect    = "Deny"
      Principal = { AWS = "*" }
      Action    = "s3:PutObject"
      Resource  = "${local.state_bucket_arn}/*"
      Condition = {
        StringNotEquals = { "s3:x-amz-server-side-encryption" = "aws:kms" }
        Null            = { "s3:x-amz-server-side-encryption" = "false" }
      }
    }),
    jsonencode({
      Sid       = "DenyOtherKmsKeys"
      Effect    = "Deny"
      Principal = { AWS = "*" }
      Action    = "s3:PutObject"
      Resource  = "${local.state_bucket_arn}/*"
      # S3 compares the header as sent, without resolving aliases: the backends name the key by its alias
      # (kms_key_id: alias/terraform-state, known before the key exists), so the alias, its ARN and the key
      # ARN are all this key. Any other key is denied.
      Condition = {
        StringNotEquals = {
          "s3:x-amz-server-side-encryption-aws-kms-key-id" = [
            aws_kms_key.state.arn,
            var.kms_key_alias,
            # the alias ARN: arn:<partition>:kms:<region>:<account>:alias/<name>, from the key ARN (known at plan)
            "${join(":", slice(split(":", aws_kms_key.state.arn), 0, 5))}:${var.kms_key_alias}",
          ]
        }
        Null = { "s3:x-amz-server-side-encryption-aws-kms-key-id" = "false" }
      }
    }),
    jsonencode({
      Sid       = "DenyCustomerProvidedKeys"
      Effect    = "Deny"
      Principal = { AWS = "*" }
      Action    = "s3:PutObject"
      Resource  = "${local.state_bucket_arn}/*"
      Condition = {
        Null = { "s3:x-amz-server-side-encryption-customer-algorithm" = "false" }
      }
    }),
  ] : []

  # Always present (so the policy is one resource, importable without an index): nobody deletes the state
  # bucket outside Terraform either. Decommissioning means removing this statement first. It has no
  # condition, so the emulator evaluates it correctly.
  deletion_statement = jsonencode({
    Sid       = "DenyStateBucketDeletion"
    Effect    = "Deny"
    Principal = { AWS = "*" }
    Action    = "s3:DeleteBucket"
    Resource  = local.state_bucket_arn
  })

  state_bucket_statements = concat(local.tls_statements, local.encryption_statements, [local.deletion_statement])
}

resource "aws_s3_bucket_policy" "state" {
  bucket = aws_s3_bucket.state.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [for st in local.state_bucket_statements : jsondecode(st)] })

  depends_on = [aws_s3_bucket_public_access_block.state]
}
