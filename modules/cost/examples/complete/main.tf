# Cost controls of one account: a monthly budget and a cost anomaly monitor that alert the critical and
# warning topics, and, as in the management (payer) account, cost allocation tags activated for the
# organisation and a CUR 2.0 data export queryable from the logs Athena workgroup.

provider "aws" {
  region = "ap-northeast-2"

  default_tags {
    tags = {
      Environment = "example"
      ManagedBy   = "terraform"
    }
  }
}

provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
}

module "cost" {
  source = "../.."
  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }

  name               = "connectly-prod"
  monthly_budget_usd = 20000
  alert_topic_arns = {
    critical = "arn:aws:sns:ap-northeast-2:111122223333:connectly-prod-critical"
    warning  = "arn:aws:sns:ap-northeast-2:111122223333:connectly-prod-warning"
  }

  anomaly_threshold_usd = 200

  # In the management (payer) account: organisation-wide tag activation and the CUR 2.0 export.
  cost_allocation_tag_keys = ["Environment", "Owner", "CostCenter", "Project", "Layer"]
  create_data_export       = true
  athena_workgroup_name    = "connectly-prod-logs"

  tags = { Layer = "cost" }
}
