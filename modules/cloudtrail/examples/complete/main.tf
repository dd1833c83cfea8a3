# The cloudtrail layer's shape: a multi-region trail with its own key and guarded bucket, CloudWatch Logs
# delivery with the platform's logs key, and Athena (workgroup, Glue table with partition projection,
# saved audit queries).

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

# The kms layer's "logs" key (modules/kms), looked up by its alias.
data "aws_kms_key" "logs" {
  key_id = "alias/logs"
}

module "cloudtrail" {
  source = "../.."

  name                        = "connectly-example"
  s3_bucket_name              = "connectly-example-cloudtrail-${data.aws_caller_identity.current.account_id}"
  athena_results_bucket_name  = "connectly-example-athena-results-${data.aws_caller_identity.current.account_id}"
  cloudwatch_logs_kms_key_arn = data.aws_kms_key.logs.arn

  cloudwatch_logs_retention_in_days = 365
  s3_transition_days                = 90
  s3_expiration_days                = 2557

  athena_projection_regions    = ["ap-northeast-2", "us-east-1"]
  athena_projection_start_date = "2025/01/01"

  tags = {
    Team = "platform"
  }
}
