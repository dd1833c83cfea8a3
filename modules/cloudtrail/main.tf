data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition
  root_arn   = "arn:${local.partition}:iam::${local.account_id}:root"

  # Built from known parts, so the key and bucket policies can name the trail before it exists.
  trail_arn = "arn:${local.partition}:cloudtrail:${local.region}:${local.account_id}:trail/${var.name}"

  bucket_name = coalesce(var.s3_bucket_name, "${var.name}-cloudtrail")
  bucket_arn  = "arn:${local.partition}:s3:::${local.bucket_name}"
  # Where the trail writes: [prefix/]AWSLogs/<account>/CloudTrail/<region>/yyyy/MM/dd/
  logs_prefix = "${var.s3_key_prefix == null ? "" : "${var.s3_key_prefix}/"}AWSLogs/${local.account_id}"

  log_group_name = "/platform/${var.name}/cloudtrail"

  bucket_lifecycle_rules = [{
    id = "glacier-ir-then-expire"
    transitions = [{
      days          = var.s3_transition_days
      storage_class = "GLACIER_IR"
    }]
    expiration = {
      days = var.s3_expiration_days
    }
    noncurrent_version_expiration = {
      noncurrent_days = var.s3_noncurrent_version_expiration_days
    }
  }]

  # Added to attach_cloudtrail_log_delivery_policy's statements (which admit any trail of the account).
  bucket_policy_statements = merge(
    {
      # Only this trail may write here.
      DenyOtherTrails = {
        effect     = "Deny"
        actions    = ["s3:PutObject"]
        resources  = ["${local.bucket_arn}/*"]
        principals = [{ type = "Service", identifiers = ["cloudtrail.amazonaws.com"] }]
        conditions = [{ test = "StringNotEquals", variable = "aws:SourceArn", values = [local.trail_arn] }]
      }
    },
    var.deny_log_deletion ? {
      DenyLogDeletion = {
        effect     = "Deny"
        actions    = ["s3:DeleteObject", "s3:DeleteObjectVersion"]
        resources  = ["${local.bucket_arn}/${local.logs_prefix}/*"]
        principals = [{ type = "*", identifiers = ["*"] }]
        conditions = []
      }
    } : {},
  )

  cloudwatch_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "DeliverTrailEvents"
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.log_group_name}:log-stream:*"
    }]
  })
}

# --- the bucket ------------------------------------------------------------------------------------

module "bucket" {
  source = "../s3-bucket"

  bucket      = local.bucket_name
  kms_key_arn = aws_kms_key.trail.arn
  # CloudTrail's KMS conditions use the aws:cloudtrail:arn encryption context; an S3 Bucket Key would
  # replace it with the bucket's.
  bucket_key_enabled = false
  versioning         = true
  force_destroy      = false
  logging            = var.s3_access_logging
  lifecycle_rules    = local.bucket_lifecycle_rules

  attach_cloudtrail_log_delivery_policy = true
  attach_deny_insecure_transport_policy = var.attach_deny_insecure_transport_policy
  # CloudTrail writes digest files with SSE-S3 (AES256) even when log files use SSE-KMS: a deny on any
  # header other than aws:kms would drop them. Default encryption (the trail key) still applies, and
  # only this trail may write (DenyOtherTrails).
  attach_deny_unencrypted_object_uploads = false
  policy_statements                      = local.bucket_policy_statements

  tags = var.tags
}

# prevent_destroy cannot be a variable and modules/s3-bucket has none, so the guard is a resource of its
# own that any deletion or replacement of the bucket must delete too: the plan fails instead.
resource "terraform_data" "bucket_deletion_guard" {
  count = var.prevent_destroy ? 1 : 0

  input            = module.bucket.s3_bucket_arn
  triggers_replace = [module.bucket.s3_bucket_arn]

  lifecycle {
    prevent_destroy = true
  }
}

# --- CloudWatch Logs delivery ----------------------------------------------------------------------

module "log_group" {
  source = "../cloudwatch-log-group"

  name              = local.log_group_name
  retention_in_days = var.cloudwatch_logs_retention_in_days
  kms_key_arn       = var.cloudwatch_logs_kms_key_arn
  log_group_class   = var.cloudwatch_logs_group_class

  tags = var.tags
}

module "cloudwatch_role" {
  source = "../iam-role-policy"

  name             = "${var.name}-cloudtrail-to-cloudwatch"
  description      = "CloudTrail ${var.name} delivers events to ${local.log_group_name}"
  trusted_services = ["cloudtrail.amazonaws.com"]
  inline_policies  = { "deliver-trail-events" = local.cloudwatch_policy }

  tags = var.tags
}

# --- the trail -------------------------------------------------------------------------------------

resource "aws_cloudtrail" "this" {
  # checkov:skip=CKV_AWS_252: SNS notification per delivered log file is optional (sns_topic_name); alerting runs on the CloudWatch Logs group
  name                          = var.name
  s3_bucket_name                = module.bucket.s3_bucket_id
  s3_key_prefix                 = var.s3_key_prefix
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
  enable_logging                = true
  kms_key_id                    = aws_kms_key.trail.arn
  sns_topic_name                = var.sns_topic_name

  cloud_watch_logs_group_arn = "${module.log_group.cloudwatch_log_group_arn}:*"
  cloud_watch_logs_role_arn  = module.cloudwatch_role.iam_role_arn

  # Every management event, read and write (data events cost extra and are left to dedicated trails).
  event_selector {
    read_write_type           = "All"
    include_management_events = true
  }

  tags = merge(var.tags, { Name = var.name })

  # CloudTrail checks the bucket policy (s3_bucket_id waits for it), the key policy and the role's
  # permissions when the trail is created.
  depends_on = [module.cloudwatch_role, aws_kms_alias.trail]
}
