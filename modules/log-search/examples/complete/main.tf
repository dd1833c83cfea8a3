# Searching the platform's logs: an Athena workgroup, database and tables over the log archive bucket
# (VPC flow logs, application logs, ALB access logs) with saved queries and a per-query scan cutoff,
# and CloudWatch Logs Insights saved queries over the live log groups.

provider "aws" {
  region = "ap-northeast-2"

  default_tags {
    tags = {
      Environment = "example"
      ManagedBy   = "terraform"
    }
  }
}

module "log_search" {
  source = "../.."

  name                = "connectly-prod"
  kms_key_arn         = "arn:aws:kms:ap-northeast-2:111122223333:key/1a1b2c3d-4e5f-6789-abcd-ef0123456789"
  archive_bucket_name = "connectly-prod-log-archive"

  # Archive partitions (source = the log group, '/' as '.') for the saved Athena queries.
  flow_log_source     = "platform.connectly-prod.vpc-flow-logs"
  application_sources = ["platform.prod.application"]
  alb_access_logs = {
    atlantis = { bucket = "atlantis-alb-logs-111122223333-ap-northeast-2", prefix = "atlantis" }
  }

  # Live log groups for the Logs Insights saved queries.
  application_log_group_names = ["/platform/prod/application"]
  flow_log_group_name         = "/platform/connectly-prod/vpc-flow-logs"
  waf_log_group_names         = ["aws-waf-logs-connectly-prod-regional"]

  bytes_scanned_cutoff_per_query = 10737418240

  tags = { Layer = "log-search" }
}
