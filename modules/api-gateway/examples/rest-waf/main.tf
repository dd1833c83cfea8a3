# A regional REST API protected by a WAFv2 web ACL (AWS managed common rules, known bad inputs and a
# rate limit), with WAF logs in an encrypted log group. Use the REST option when WAF must attach:
# AWS WAF cannot be associated with an HTTP API.

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

resource "aws_kms_key" "logs" {
  description             = "example: API and WAF logs"
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

module "partners_function" {
  source = "../../../lambda"

  function_name = "example-partners"
  handler       = "handler.handler"
  runtime       = "python3.12"
  local_package = { path = "${path.module}/../../../lambda/examples/complete/build/function.zip" }
  kms_key_arn   = aws_kms_key.logs.arn

  allowed_triggers = {
    PartnersApi = {
      principal  = "apigateway.amazonaws.com"
      source_arn = "${module.api.api_execution_arn}/*/*"
    }
  }
}

resource "aws_wafv2_web_acl" "api" {
  name  = "example-partners-api"
  scope = "REGIONAL"

  default_action {
    allow {}
  }

  rule {
    name     = "common"
    priority = 10
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesCommonRuleSet"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "common"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "known-bad-inputs"
    priority = 20
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "known-bad-inputs"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "rate-limit"
    priority = 30
    action {
      block {}
    }
    statement {
      rate_based_statement {
        limit              = 2000
        aggregate_key_type = "IP"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "rate-limit"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "example-partners-api"
    sampled_requests_enabled   = true
  }
}

module "waf_logs" {
  source = "../../../cloudwatch-log-group"

  name              = "aws-waf-logs-example-partners-api"
  retention_in_days = 365
  kms_key_arn       = aws_kms_key.logs.arn
}

resource "aws_wafv2_web_acl_logging_configuration" "api" {
  resource_arn            = aws_wafv2_web_acl.api.arn
  log_destination_configs = [module.waf_logs.cloudwatch_log_group_arn]
}

module "api" {
  source = "../.."

  name              = "example-partners"
  api_type          = "REST"
  kms_key_arn       = aws_kms_key.logs.arn
  associate_web_acl = true
  web_acl_arn       = aws_wafv2_web_acl.api.arn

  openapi_spec = jsonencode({
    openapi = "3.0.1"
    info    = { title = "example-partners", version = "1.0" }
    paths = {
      "/partners" = {
        get = {
          security = [{ sigv4 = [] }]
          "x-amazon-apigateway-integration" = {
            type                 = "aws_proxy"
            httpMethod           = "POST"
            uri                  = module.partners_function.lambda_function_invoke_arn
            payloadFormatVersion = "1.0"
          }
        }
      }
    }
    components = {
      securitySchemes = {
        sigv4 = {
          type                           = "apiKey"
          name                           = "Authorization"
          in                             = "header"
          "x-amazon-apigateway-authtype" = "awsSigv4"
        }
      }
    }
  })

  tags = { Service = "partners" }
}
