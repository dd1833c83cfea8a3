# An HTTP API in front of a Lambda function (modules/lambda), with a JWT authorizer (Cognito), one
# deliberately public health route, IAM-only internal route, throttling, encrypted access logs, and
# a custom domain with an ACM certificate validated through Route53 and alias records.
#
# The function's zip comes from modules/lambda/examples/build.sh (validate does not need it).

provider "aws" {
  region = "ap-northeast-2"

  default_tags {
    tags = {
      Environment = "example"
      ManagedBy   = "terraform"
    }
  }
}

variable "zone_name" {
  description = "An existing public Route53 zone for the API's custom domain."
  type        = string
  default     = "example.com"
}

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_route53_zone" "this" {
  name = var.zone_name
}

resource "aws_kms_key" "logs" {
  description             = "example: API and function logs"
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

module "orders_function" {
  source = "../../../lambda"

  function_name = "example-orders"
  handler       = "handler.handler"
  runtime       = "python3.12"
  local_package = { path = "${path.module}/../../../lambda/examples/complete/build/function.zip" }
  kms_key_arn   = aws_kms_key.logs.arn
}

resource "aws_acm_certificate" "api" {
  domain_name       = "orders-api.${var.zone_name}"
  validation_method = "DNS"

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_route53_record" "certificate_validation" {
  for_each = { for o in aws_acm_certificate.api.domain_validation_options : o.domain_name => o }

  zone_id = data.aws_route53_zone.this.zone_id
  name    = each.value.resource_record_name
  type    = each.value.resource_record_type
  records = [each.value.resource_record_value]
  ttl     = 300
}

resource "aws_acm_certificate_validation" "api" {
  certificate_arn         = aws_acm_certificate.api.arn
  validation_record_fqdns = [for r in aws_route53_record.certificate_validation : r.fqdn]
}

module "api" {
  source = "../.."

  name        = "example-orders"
  kms_key_arn = aws_kms_key.logs.arn

  integrations = {
    orders = {
      uri                  = module.orders_function.lambda_function_invoke_arn
      lambda_function_name = module.orders_function.lambda_function_name
    }
  }

  authorizers = {
    cognito = {
      type         = "JWT"
      jwt_issuer   = "https://cognito-idp.ap-northeast-2.amazonaws.com/ap-northeast-2_EXAMPLE"
      jwt_audience = ["example-client-id"]
    }
  }

  routes = {
    "GET /orders"         = { integration = "orders", authorizer = "cognito" }
    "POST /orders"        = { integration = "orders", authorizer = "cognito", throttling_rate_limit = 20, throttling_burst_limit = 40 }
    "GET /internal/stats" = { integration = "orders", authorization_type = "AWS_IAM" }
    "GET /health"         = { integration = "orders", authorization_type = "NONE" } # public on purpose
  }

  default_route_throttling = { rate_limit = 50, burst_limit = 100 }

  cors_configuration = {
    allow_origins = ["https://app.${var.zone_name}"]
  }

  domain_name = {
    name            = "orders-api.${var.zone_name}"
    certificate_arn = aws_acm_certificate_validation.api.certificate_arn
    hosted_zone_id  = data.aws_route53_zone.this.zone_id
  }

  tags = { Service = "orders" }
}
