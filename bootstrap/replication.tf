# --- the DR copy of the state backend (ADR 0023) ----------------------------------------------------------
# Only with replica_region: a replica of the (multi-region) state key, a versioned bucket in the DR region
# encrypted with it, and S3 replication of every version and delete marker from the state bucket. Delete
# markers must replicate: Terraform deletes `<key>.tflock` on unlock, and without the marker every lock
# ever taken would look held in the replica. A state deleted by mistake is restored from its versions in
# either bucket (`layer state restore`).

resource "aws_kms_replica_key" "state" {
  count    = local.replicate ? 1 : 0
  provider = aws.dr

  description             = "terraform-state replica (${var.replica_region}): the DR copy of ${var.bucket_name}"
  primary_key_arn         = aws_kms_key.state.arn
  deletion_window_in_days = var.kms_key_deletion_window_in_days
  enabled                 = true
  # The primary key's policy with the DR region's service endpoints (kms:ViaService s3/dynamodb.<region>).
  policy = replace(local.kms_key_policy, ".${local.region}.amazonaws.com", ".${var.replica_region}.amazonaws.com")

  tags = merge(var.tags, { Name = var.kms_key_alias, Purpose = "terraform-state" })

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_kms_alias" "replica" {
  count    = local.replicate ? 1 : 0
  provider = aws.dr

  # The same alias as in the primary region: a backend profile's kms_key_id stays alias/terraform-state.
  name          = var.kms_key_alias
  target_key_id = aws_kms_replica_key.state[0].key_id
}

resource "aws_s3_bucket" "replica" {
  # checkov:skip=CKV_AWS_144: this is the cross-region replica; replicating it onward adds a third region for no recovery target.
  # checkov:skip=CKV_AWS_18: access logs of the replica are not kept: nothing but the replication role writes it until a DR promotion; CloudTrail records its use.
  # checkov:skip=CKV2_AWS_62: nothing consumes events of the replica bucket.
  count    = local.replicate ? 1 : 0
  provider = aws.dr

  bucket        = local.replica_bucket_name
  force_destroy = false

  tags = merge(var.tags, { Name = local.replica_bucket_name, Purpose = "terraform-state-replica" })

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_s3_bucket_ownership_controls" "replica" {
  count    = local.replicate ? 1 : 0
  provider = aws.dr

  bucket = aws_s3_bucket.replica[0].id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "replica" {
  count    = local.replicate ? 1 : 0
  provider = aws.dr

  bucket                  = aws_s3_bucket.replica[0].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "replica" {
  count    = local.replicate ? 1 : 0
  provider = aws.dr

  bucket = aws_s3_bucket.replica[0].id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "replica" {
  count    = local.replicate ? 1 : 0
  provider = aws.dr

  bucket = aws_s3_bucket.replica[0].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_replica_key.state[0].arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "replica" {
  count    = local.replicate ? 1 : 0
  provider = aws.dr

  bucket = aws_s3_bucket.replica[0].id

  rule {
    id     = "expire-noncurrent-versions"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
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

  depends_on = [aws_s3_bucket_versioning.replica]
}

resource "aws_s3_bucket_policy" "replica" {
  count    = local.replicate ? 1 : 0
  provider = aws.dr

  bucket = aws_s3_bucket.replica[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      var.enforce_tls ? [{
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = { AWS = "*" }
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.replica[0].arn, "${aws_s3_bucket.replica[0].arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      }] : [],
      [{
        Sid       = "DenyStateBucketDeletion"
        Effect    = "Deny"
        Principal = { AWS = "*" }
        Action    = "s3:DeleteBucket"
        Resource  = aws_s3_bucket.replica[0].arn
      }],
    )
  })

  depends_on = [aws_s3_bucket_public_access_block.replica]
}

# --- replication: role and configuration -------------------------------------------------------------

resource "aws_iam_role" "replication" {
  count = local.replicate ? 1 : 0

  name = "${var.bucket_name}-replication"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "s3.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
    }]
  })

  tags = merge(var.tags, { Name = "${var.bucket_name}-replication", Purpose = "terraform-state-replication" })
}

resource "aws_iam_role_policy" "replication" {
  count = local.replicate ? 1 : 0

  name = "replicate-state"
  role = aws_iam_role.replication[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadSource"
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = aws_s3_bucket.state.arn
      },
      {
        Sid      = "ReadSourceVersions"
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = "${aws_s3_bucket.state.arn}/*"
      },
      {
        Sid      = "WriteReplica"
        Effect   = "Allow"
        Action   = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"]
        Resource = "${aws_s3_bucket.replica[0].arn}/*"
      },
      {
        Sid       = "DecryptSource"
        Effect    = "Allow"
        Action    = ["kms:Decrypt"]
        Resource  = aws_kms_key.state.arn
        Condition = { StringEquals = { "kms:ViaService" = "s3.${local.region}.amazonaws.com" } }
      },
      {
        Sid       = "EncryptReplica"
        Effect    = "Allow"
        Action    = ["kms:Encrypt", "kms:GenerateDataKey"]
        Resource  = aws_kms_replica_key.state[0].arn
        Condition = { StringEquals = { "kms:ViaService" = "s3.${var.replica_region}.amazonaws.com" } }
      },
    ]
  })
}

resource "aws_s3_bucket_replication_configuration" "state" {
  count = local.replicate ? 1 : 0

  bucket = aws_s3_bucket.state.id
  role   = aws_iam_role.replication[0].arn

  rule {
    id     = "state-to-dr"
    status = "Enabled"

    filter {}

    delete_marker_replication {
      status = "Enabled"
    }

    source_selection_criteria {
      sse_kms_encrypted_objects {
        status = "Enabled"
      }
    }

    destination {
      bucket        = aws_s3_bucket.replica[0].arn
      storage_class = "STANDARD"

      encryption_configuration {
        replica_kms_key_id = aws_kms_replica_key.state[0].arn
      }

      # Replication Time Control: 99.99 % of objects within 15 minutes (the state's RPO for a lost region).
      replication_time {
        status = "Enabled"
        time {
          minutes = 15
        }
      }
      metrics {
        status = "Enabled"
        event_threshold {
          minutes = 15
        }
      }
    }
  }

  depends_on = [aws_s3_bucket_versioning.state, aws_s3_bucket_versioning.replica]
}
