# A Python function built by ../build.sh, with its own least-privilege role, an encrypted log group,
# X-Ray, a dead-letter queue, a "live" alias, an IAM-authenticated function URL and a schedule trigger.
#
# Build the artefact first (CI does the same):   modules/lambda/examples/build.sh
# `terraform validate` does not need the zip: the path reaches the module as an input, and validate
# evaluates module inputs as unknown, so filebase64sha256() is only called by `terraform plan`.

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

resource "aws_kms_key" "lambda" {
  description             = "example: Lambda environment, logs and dead-letter queue"
  enable_key_rotation     = true
  deletion_window_in_days = 7

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministration"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudWatchLogs"
        Effect    = "Allow"
        Principal = { Service = "logs.${data.aws_region.current.name}.amazonaws.com" }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
        Condition = {
          ArnLike = { "kms:EncryptionContext:aws:logs:arn" = "arn:aws:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:*" }
        }
      },
    ]
  })
}

resource "aws_sqs_queue" "dlq" {
  name                      = "example-hello-dlq"
  kms_master_key_id         = aws_kms_key.lambda.arn
  message_retention_seconds = 1209600
}

resource "aws_cloudwatch_event_rule" "every_hour" {
  name                = "example-hello-hourly"
  schedule_expression = "rate(1 hour)"
}

module "hello" {
  source = "../.."

  function_name = "example-hello"
  description   = "Example function from modules/lambda/examples/complete"
  handler       = "handler.handler"
  runtime       = "python3.12"
  architecture  = "arm64"
  timeout       = 10

  local_package = {
    path = "${path.module}/build/function.zip"
  }

  kms_key_arn = aws_kms_key.lambda.arn
  environment_variables = {
    GREETING = "annyeong"
  }

  dead_letter_target_arn         = aws_sqs_queue.dlq.arn
  attach_dead_letter_policy      = true
  reserved_concurrent_executions = 5

  # The DLQ is encrypted: the role may use the key to send to it.
  policy_statements = {
    EncryptForDeadLetterQueue = {
      actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
      resources = [aws_kms_key.lambda.arn]
    }
  }

  publish = true
  aliases = {
    live = { description = "what callers invoke" }
  }

  allowed_triggers = {
    HourlySchedule = {
      principal  = "events.amazonaws.com"
      source_arn = aws_cloudwatch_event_rule.every_hour.arn
      qualifier  = "live"
    }
  }

  function_url = {
    qualifier = "live"
  }

  tags = { Service = "example" }
}

resource "aws_cloudwatch_event_target" "hello" {
  rule = aws_cloudwatch_event_rule.every_hour.name
  arn  = module.hello.lambda_aliases["live"].arn
}
