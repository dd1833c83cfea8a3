# The logging layer's shape: two platform log groups (one kept out of the archive), VPC flow logs of an
# existing VPC, and the archive pipeline (subscription filters -> Firehose -> S3, Glacier after 90 days).
#
# The key stands in for the kms layer's "logs" key and shows every statement the module needs from it:
# CloudWatch Logs for the log groups, Firehose for the stream's own encryption (through grants), and S3
# on behalf of the Firehose role for the archive objects.

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

data "aws_region" "current" {}

data "aws_vpc" "platform" {
  tags = {
    Name = "connectly-example"
  }
}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
}

data "aws_iam_policy_document" "logs_key" {
  # checkov:skip=CKV_AWS_109: key policy: the account administers its own key; Resource "*" is the key itself
  # checkov:skip=CKV_AWS_111: key policy: write access is limited by the service and encryption-context conditions below
  # checkov:skip=CKV_AWS_356: a key policy cannot name any resource other than "*" (the key)
  statement {
    sid       = "AccountAdministration"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${local.account_id}:root"]
    }
  }

  statement {
    sid       = "CloudWatchLogs"
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${local.region}.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:aws:logs:${local.region}:${local.account_id}:log-group:*"]
    }
  }

  # The principal that creates the Firehose stream lets Firehose hold a grant on the key.
  statement {
    sid       = "FirehoseStreamEncryption"
    actions   = ["kms:CreateGrant", "kms:DescribeKey"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${local.account_id}:root"]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["firehose.${local.region}.amazonaws.com"]
    }
  }

  # The Firehose role writes SSE-KMS objects to the archive bucket (S3 calls KMS on its behalf).
  statement {
    sid       = "ArchiveObjectsThroughS3"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${local.account_id}:root"]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${local.region}.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:CallerAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_kms_key" "logs" {
  description             = "example: CloudWatch Logs, the log archive stream and bucket"
  enable_key_rotation     = true
  deletion_window_in_days = 7
  policy                  = data.aws_iam_policy_document.logs_key.json
}

module "logging" {
  source = "../.."

  name                      = "connectly-example"
  kms_key_arn               = aws_kms_key.logs.arn
  default_retention_in_days = 365

  log_groups = {
    platform = {
      name = "/platform/example/platform"
    }
    audit = {
      name              = "/platform/example/audit"
      retention_in_days = 731
      archive           = false
    }
  }

  flow_logs = {
    vpc_id       = data.aws_vpc.platform.id
    traffic_type = "ALL"
  }

  archive_bucket_name     = "connectly-example-log-archive-${local.account_id}"
  archive_transition_days = 90
  archive_expiration_days = 2557

  tags = {
    Team = "platform"
  }
}
