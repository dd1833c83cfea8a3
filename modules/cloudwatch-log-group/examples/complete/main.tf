# An application log group encrypted with a customer-managed key whose policy lets CloudWatch Logs of
# this account and region use it, kept 365 days, with a subscription filter sending errors to a Lambda
# function.

provider "aws" {
  region = "ap-northeast-2"

  default_tags {
    tags = {
      Environment = "example"
      ManagedBy   = "layer"
    }
  }
}

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

# A customer-managed key that CloudWatch Logs in this region may use for log groups of this account.
data "aws_iam_policy_document" "logs_key" {
  # checkov:skip=CKV_AWS_109: a key policy's Resource "*" is the key itself; the account root must administer it
  # checkov:skip=CKV_AWS_111: a key policy's Resource "*" is the key itself; the logs statement is limited by encryption context
  # checkov:skip=CKV_AWS_356: a key policy's Resource "*" is the key itself (key policies cannot name another resource)
  statement {
    sid       = "AccountAdministration"
    actions   = ["kms:*"]
    resources = ["*"] # in a key policy "*" means this key
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  statement {
    sid       = "CloudWatchLogsUse"
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    resources = ["*"] # in a key policy "*" means this key
    principals {
      type        = "Service"
      identifiers = ["logs.${data.aws_region.current.name}.amazonaws.com"]
    }
    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:aws:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:*"]
    }
  }
}

resource "aws_kms_key" "logs" {
  description         = "CloudWatch Logs encryption (example)"
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.logs_key.json
}

module "app_logs" {
  source = "../../"

  name              = "/example/app/api"
  retention_in_days = 365
  kms_key_arn       = aws_kms_key.logs.arn
  log_group_class   = "STANDARD"

  subscription_filters = {
    errors-to-lambda = {
      destination_arn = "arn:aws:lambda:ap-northeast-2:${data.aws_caller_identity.current.account_id}:function:log-alerts"
      filter_pattern  = "?ERROR ?FATAL"
    }
  }

  tags = {
    Service = "api"
  }
}
