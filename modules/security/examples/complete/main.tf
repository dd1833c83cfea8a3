# The security layer of one account: AWS Config with the platform's controls, Security Hub (FSBP, CIS),
# GuardDuty with S3 Protection, IAM Access Analyzer, findings routed to two alert topics by severity, the
# compliance dashboard, and remediation in enforce mode with the default allowlist tag remediation:skip=true.
# In the platform the topics and keys come from the monitoring and kms layers (live/*/security/layer.yaml).

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

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
}

# The key of the log groups: CloudWatch Logs of this account and region may use it.
resource "aws_kms_key" "logs" {
  description             = "example: security log groups"
  enable_key_rotation     = true
  deletion_window_in_days = 7

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministration"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${local.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudWatchLogs"
        Effect    = "Allow"
        Principal = { Service = "logs.${local.region}.amazonaws.com" }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
        Condition = {
          ArnLike = { "kms:EncryptionContext:aws:logs:arn" = "arn:aws:logs:${local.region}:${local.account_id}:log-group:*" }
        }
      },
    ]
  })
}

# The key of the alert topics: EventBridge publishes findings to them.
resource "aws_kms_key" "sns" {
  description             = "example: alert topics"
  enable_key_rotation     = true
  deletion_window_in_days = 7

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministration"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${local.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "EventBridgePublishes"
        Effect    = "Allow"
        Principal = { Service = "events.amazonaws.com" }
        Action    = ["kms:GenerateDataKey*", "kms:Decrypt"]
        Resource  = "*"
      },
    ]
  })
}

resource "aws_sns_topic" "alerts" {
  for_each = toset(["critical", "warning"])

  name              = "example-${each.key}"
  kms_master_key_id = aws_kms_key.sns.arn
}

# EventBridge rules of this account may publish findings and remediation records.
resource "aws_sns_topic_policy" "alerts" {
  for_each = aws_sns_topic.alerts

  arn = each.value.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "EventBridgePublishes"
      Effect    = "Allow"
      Principal = { Service = "events.amazonaws.com" }
      Action    = "sns:Publish"
      Resource  = each.value.arn
      Condition = { ArnLike = { "aws:SourceArn" = "arn:aws:events:${local.region}:${local.account_id}:rule/*" } }
    }]
  })
}

module "security" {
  source = "../.."

  name                     = "example"
  logs_kms_key_arn         = aws_kms_key.logs.arn
  alert_topics_kms_key_arn = aws_kms_key.sns.arn
  alert_topic_arns = {
    critical = aws_sns_topic.alerts["critical"].arn
    warning  = aws_sns_topic.alerts["warning"].arn
  }

  remediation_mode = "enforce"
  admin_ports      = [22, 3389, 3306, 5432, 6379]

  additional_config_rules = {
    dynamodb-table-encrypted-kms = { source_identifier = "DYNAMODB_TABLE_ENCRYPTED_KMS" }
  }

  tags = { Team = "platform-security" }
}
