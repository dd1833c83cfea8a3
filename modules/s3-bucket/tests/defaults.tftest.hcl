# Secure defaults, toggles, naming and tags of the s3-bucket module (mock provider: no AWS calls).

mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group

  mock_data "aws_elb_service_account" {
    defaults = {
      arn = "arn:aws:iam::600734575887:root"
    }
  }
  mock_resource "aws_s3_bucket" {
    defaults = {
      id                          = "test-bucket"
      arn                         = "arn:aws:s3:::test-bucket"
      bucket_regional_domain_name = "test-bucket.s3.ap-northeast-2.amazonaws.com"
      region                      = "ap-northeast-2"
    }
  }
}

variables {
  bucket      = "test-bucket"
  kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555"
  tags = {
    Team = "platform"
  }
}

run "secure_defaults" {
  command = plan

  assert {
    condition     = aws_s3_bucket.this.bucket == "test-bucket"
    error_message = "The bucket name must come from var.bucket."
  }

  assert {
    condition     = aws_s3_bucket.this.tags["Name"] == "test-bucket" && aws_s3_bucket.this.tags["Team"] == "platform"
    error_message = "Tags must carry Name and the caller's tags."
  }

  assert {
    condition     = aws_s3_bucket.this.force_destroy == false && aws_s3_bucket.this.object_lock_enabled == false
    error_message = "force_destroy and object lock must be off by default."
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default).sse_algorithm == "aws:kms"
    error_message = "Default encryption must be SSE-KMS."
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default).kms_master_key_id == var.kms_key_arn
    error_message = "SSE-KMS must use the customer-managed key."
  }

  assert {
    condition     = one(aws_s3_bucket_server_side_encryption_configuration.this.rule).bucket_key_enabled == true
    error_message = "The S3 Bucket Key must be on by default."
  }

  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.this.block_public_acls,
      aws_s3_bucket_public_access_block.this.block_public_policy,
      aws_s3_bucket_public_access_block.this.ignore_public_acls,
      aws_s3_bucket_public_access_block.this.restrict_public_buckets,
    ])
    error_message = "All four public access block settings must be on."
  }

  assert {
    condition     = aws_s3_bucket_ownership_controls.this.rule[0].object_ownership == "BucketOwnerEnforced"
    error_message = "ACLs must be disabled (BucketOwnerEnforced) by default."
  }

  assert {
    condition     = aws_s3_bucket_versioning.this.versioning_configuration[0].status == "Enabled"
    error_message = "Versioning must be on by default."
  }

  assert {
    condition     = length(aws_s3_bucket_lifecycle_configuration.this) == 1 && length(aws_s3_bucket_lifecycle_configuration.this[0].rule) == 1
    error_message = "The built-in lifecycle rule must be the only rule by default."
  }

  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.this[0].rule[0].id == "abort-incomplete-multipart-uploads" && aws_s3_bucket_lifecycle_configuration.this[0].rule[0].abort_incomplete_multipart_upload[0].days_after_initiation == 7
    error_message = "The built-in rule must abort incomplete multipart uploads after 7 days."
  }

  assert {
    condition     = length(aws_s3_bucket_policy.this) == 1
    error_message = "A bucket policy must be attached by default (TLS-only and encryption denies)."
  }

  assert {
    condition     = length(data.aws_iam_policy_document.deny_insecure_transport) == 1 && length(data.aws_iam_policy_document.deny_unencrypted_object_uploads) == 1
    error_message = "Both deny statements must be on by default."
  }

  assert {
    condition = sum([
      length(data.aws_iam_policy_document.lb_log_delivery),
      length(data.aws_iam_policy_document.cloudtrail_log_delivery),
      length(data.aws_iam_policy_document.waf_log_delivery),
      length(data.aws_iam_policy_document.access_log_delivery),
      length(data.aws_iam_policy_document.firehose_delivery),
      length(data.aws_iam_policy_document.user),
    ]) == 0
    error_message = "No log delivery or user statements may be added by default."
  }

  assert {
    condition = sum([
      length(aws_s3_bucket_logging.this),
      length(aws_s3_bucket_replication_configuration.this),
      length(aws_s3_bucket_object_lock_configuration.this),
      length(aws_s3_bucket_intelligent_tiering_configuration.this),
      length(aws_s3_bucket_notification.this),
    ]) == 0
    error_message = "Optional features must be off by default."
  }
  # was run "deny_statements_content" (same inputs)
  assert {
    condition     = data.aws_iam_policy_document.deny_insecure_transport[0].statement[0].effect == "Deny" && contains(data.aws_iam_policy_document.deny_insecure_transport[0].statement[0].actions, "s3:*")
    error_message = "The TLS statement must deny all S3 actions."
  }
  assert {
    condition     = one([for c in data.aws_iam_policy_document.deny_insecure_transport[0].statement[0].condition : c.values if c.variable == "aws:SecureTransport"])[0] == "false"
    error_message = "The TLS statement must match aws:SecureTransport = false."
  }
  assert {
    condition     = one([for c in data.aws_iam_policy_document.deny_unencrypted_object_uploads[0].statement[0].condition : c.values if c.test == "StringNotEquals"])[0] == "aws:kms"
    error_message = "Uploads naming another encryption than aws:kms must be denied."
  }
  assert {
    condition     = one([for c in data.aws_iam_policy_document.deny_unencrypted_object_uploads[0].statement[1].condition : c.values if c.test == "Null"])[0] == "true"
    error_message = "Uploads without an encryption header must be denied."
  }
  assert {
    condition     = length(data.aws_iam_policy_document.combined[0].override_policy_documents) == 2 && length(data.aws_iam_policy_document.combined[0].source_policy_documents) == 0
    error_message = "The deny statements must be override documents and nothing else is a source by default."
  }
}

run "emulator_without_tls_deny" {
  command = plan

  variables {
    attach_deny_insecure_transport_policy = false
  }

  assert {
    condition     = length(data.aws_iam_policy_document.deny_insecure_transport) == 0
    error_message = "attach_deny_insecure_transport_policy = false must remove the TLS statement."
  }

  assert {
    condition     = length(aws_s3_bucket_policy.this) == 1 && length(data.aws_iam_policy_document.combined[0].override_policy_documents) == 1
    error_message = "The encryption deny must stay when only the TLS deny is off."
  }
}

run "no_policy" {
  command = plan

  variables {
    attach_deny_insecure_transport_policy  = false
    attach_deny_unencrypted_object_uploads = false
  }

  assert {
    condition     = length(aws_s3_bucket_policy.this) == 0 && length(data.aws_iam_policy_document.combined) == 0
    error_message = "No statements means no bucket policy resource."
  }
}

run "versioning_off_and_no_builtin_rule" {
  command = plan

  variables {
    versioning                             = false
    abort_incomplete_multipart_upload_days = null
    force_destroy                          = true
  }

  assert {
    condition     = aws_s3_bucket_versioning.this.versioning_configuration[0].status == "Suspended"
    error_message = "versioning = false must suspend versioning."
  }

  assert {
    condition     = length(aws_s3_bucket_lifecycle_configuration.this) == 0
    error_message = "Without the built-in rule and user rules there is no lifecycle configuration."
  }

  assert {
    condition     = aws_s3_bucket.this.force_destroy == true
    error_message = "force_destroy must pass through."
  }
}

run "applied_outputs" {
  command = apply

  assert {
    condition     = output.s3_bucket_id == "test-bucket" && output.s3_bucket_arn == "arn:aws:s3:::test-bucket"
    error_message = "Outputs must expose the bucket name and ARN."
  }

  assert {
    condition     = output.s3_bucket_bucket_regional_domain_name == "test-bucket.s3.ap-northeast-2.amazonaws.com"
    error_message = "The regional domain name output must come from the bucket."
  }

  assert {
    condition     = jsondecode(output.s3_bucket_policy).Version == "2012-10-17"
    error_message = "The attached policy must be the combined document."
  }

  assert {
    condition     = output.s3_bucket_lifecycle_rule_ids == ["abort-incomplete-multipart-uploads"]
    error_message = "Only the built-in lifecycle rule by default."
  }
}
