# --- the access log bucket: through the shared s3-bucket module ------------------------------------------
# It holds logs, not state, so it needs no prevent_destroy. S3 server access logs cannot be written to an
# SSE-KMS bucket, hence SSE-S3 (AES256), which the module allows only for access-log targets.

module "access_log_bucket" {
  source = "../modules/s3-bucket"

  bucket        = local.access_log_bucket_name
  sse_algorithm = "AES256"
  versioning    = true

  attach_access_log_delivery_policy      = true
  access_log_delivery_source_bucket_arns = [aws_s3_bucket.state.arn]
  attach_deny_insecure_transport_policy  = var.enforce_tls
  attach_deny_unencrypted_object_uploads = var.deny_unencrypted_object_uploads

  lifecycle_rules = [
    {
      id                            = "expire-access-logs"
      expiration                    = var.access_log_retention_days != null ? { days = var.access_log_retention_days } : null
      noncurrent_version_expiration = { noncurrent_days = 30 }
    },
  ]

  tags = merge(var.tags, { Purpose = "terraform-state-access-logs" })
}
