# Log search over the platform's log archive (IN-154): Athena with a workgroup that enforces encrypted
# results and a scan limit, Glue tables with partition projection (no crawler, no MSCK REPAIR), saved
# queries for the common questions; CloudWatch Logs Insights saved queries for the live log groups.

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition

  workgroup_name      = "${var.name}-logs"
  results_bucket_name = "${var.name}-log-search-results-${local.account_id}"
  database_name       = "${replace(var.name, "-", "_")}_logs"
}

module "results_bucket" {
  source = "../s3-bucket"

  bucket        = local.results_bucket_name
  kms_key_arn   = var.kms_key_arn
  versioning    = true
  force_destroy = var.force_destroy

  lifecycle_rules = [{
    id         = "expire-query-results"
    expiration = { days = var.results_expiration_days }
    noncurrent_version_expiration = {
      noncurrent_days = 1
    }
  }]

  # Athena sends the SSE-KMS header the workgroup enforces, so both deny statements stay on.
  attach_deny_insecure_transport_policy  = true
  attach_deny_unencrypted_object_uploads = true

  tags = var.tags
}

resource "aws_athena_workgroup" "this" {
  name          = local.workgroup_name
  description   = "Log search over ${var.archive_bucket_name} (${var.name})"
  state         = "ENABLED"
  force_destroy = var.force_destroy

  configuration {
    enforce_workgroup_configuration    = true
    publish_cloudwatch_metrics_enabled = true
    requester_pays_enabled             = false
    bytes_scanned_cutoff_per_query     = var.bytes_scanned_cutoff_per_query

    engine_version {
      selected_engine_version = "AUTO"
    }

    result_configuration {
      output_location       = "s3://${local.results_bucket_name}/results/"
      expected_bucket_owner = local.account_id

      encryption_configuration {
        encryption_option = "SSE_KMS"
        kms_key_arn       = var.kms_key_arn
      }
    }
  }

  # Always tagged (Name at least): moto cannot read an untagged workgroup.
  tags = merge(var.tags, { Name = local.workgroup_name })

  depends_on = [module.results_bucket] # its policy and encryption are in place before the first result
}

resource "aws_glue_catalog_database" "this" {
  name        = local.database_name
  description = "Tables over the log archive and load balancer access logs of ${var.name}"

  tags = merge(var.tags, { Name = local.database_name })
}
