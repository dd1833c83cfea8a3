data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition

  # CloudWatch metric names: letters, digits and '-' or '_' only.
  metric_prefix = replace(var.name, "/[^A-Za-z0-9_-]/", "-")

  # WAF requires the aws-waf-logs- prefix for a CloudWatch Logs destination.
  log_group_name = "aws-waf-logs-${var.name}"
}

resource "aws_wafv2_ip_set" "allow" {
  name               = "${var.name}-allow"
  description        = "Always allowed (rule priority 1)"
  scope              = var.scope
  ip_address_version = "IPV4"
  addresses          = var.allowed_ipv4_cidrs

  tags = merge(var.tags, { Name = "${var.name}-allow" })
}

resource "aws_wafv2_ip_set" "block" {
  name               = "${var.name}-block"
  description        = "Always blocked (rule priority 2)"
  scope              = var.scope
  ip_address_version = "IPV4"
  addresses          = var.blocked_ipv4_cidrs

  tags = merge(var.tags, { Name = "${var.name}-block" })
}

resource "aws_wafv2_web_acl" "this" {
  name        = var.name
  description = "Shared ${var.scope} web ACL: allow/block IP sets, AWS managed rules, rate limit"
  scope       = var.scope

  default_action {
    dynamic "allow" {
      for_each = var.default_action == "allow" ? [1] : []
      content {}
    }
    dynamic "block" {
      for_each = var.default_action == "block" ? [1] : []
      content {}
    }
  }

  rule {
    name     = "allow-ip-set"
    priority = 1

    action {
      allow {}
    }

    statement {
      ip_set_reference_statement {
        arn = aws_wafv2_ip_set.allow.arn
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.metric_prefix}-allow-ip-set"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "block-ip-set"
    priority = 2

    action {
      block {}
    }

    statement {
      ip_set_reference_statement {
        arn = aws_wafv2_ip_set.block.arn
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.metric_prefix}-block-ip-set"
      sampled_requests_enabled   = true
    }
  }

  dynamic "rule" {
    for_each = var.managed_rule_groups
    content {
      name     = rule.key
      priority = rule.value.priority

      override_action {
        dynamic "none" {
          for_each = rule.value.count_only ? [] : [1]
          content {}
        }
        dynamic "count" {
          for_each = rule.value.count_only ? [1] : []
          content {}
        }
      }

      statement {
        managed_rule_group_statement {
          name        = rule.key
          vendor_name = rule.value.vendor_name
          version     = rule.value.version

          dynamic "rule_action_override" {
            for_each = rule.value.rule_action_overrides
            content {
              name = rule_action_override.key
              action_to_use {
                dynamic "allow" {
                  for_each = rule_action_override.value == "allow" ? [1] : []
                  content {}
                }
                dynamic "block" {
                  for_each = rule_action_override.value == "block" ? [1] : []
                  content {}
                }
                dynamic "count" {
                  for_each = rule_action_override.value == "count" ? [1] : []
                  content {}
                }
                dynamic "captcha" {
                  for_each = rule_action_override.value == "captcha" ? [1] : []
                  content {}
                }
                dynamic "challenge" {
                  for_each = rule_action_override.value == "challenge" ? [1] : []
                  content {}
                }
              }
            }
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "${local.metric_prefix}-${rule.key}"
        sampled_requests_enabled   = true
      }
    }
  }

  dynamic "rule" {
    for_each = var.rate_limit == null ? [] : [var.rate_limit]
    content {
      name     = "rate-limit"
      priority = 90

      action {
        dynamic "block" {
          for_each = rule.value.action == "block" ? [1] : []
          content {}
        }
        dynamic "count" {
          for_each = rule.value.action == "count" ? [1] : []
          content {}
        }
        dynamic "captcha" {
          for_each = rule.value.action == "captcha" ? [1] : []
          content {}
        }
        dynamic "challenge" {
          for_each = rule.value.action == "challenge" ? [1] : []
          content {}
        }
      }

      statement {
        rate_based_statement {
          limit                 = rule.value.limit
          evaluation_window_sec = rule.value.evaluation_window_sec
          aggregate_key_type    = rule.value.aggregate_key_type

          dynamic "forwarded_ip_config" {
            for_each = rule.value.aggregate_key_type == "FORWARDED_IP" ? [1] : []
            content {
              header_name       = "X-Forwarded-For"
              fallback_behavior = "MATCH"
            }
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "${local.metric_prefix}-rate-limit"
        sampled_requests_enabled   = true
      }
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = local.metric_prefix
    sampled_requests_enabled   = true
  }

  tags = merge(var.tags, { Name = var.name })
}

module "log_group" {
  source = "../../../cloudwatch-log-group"

  name              = local.log_group_name
  retention_in_days = var.log_retention_in_days
  kms_key_arn       = var.kms_key_arn
  log_group_class   = var.log_group_class

  tags = var.tags
}

# WAF delivers logs through the CloudWatch Logs vended-log service: only this account's deliveries
# may write, and only to this log group.
resource "aws_cloudwatch_log_resource_policy" "this" {
  policy_name = "${local.log_group_name}-delivery"
  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "WafLogDelivery"
      Effect    = "Allow"
      Principal = { Service = "delivery.logs.amazonaws.com" }
      Action    = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource  = "${module.log_group.cloudwatch_log_group_arn}:*"
      Condition = {
        StringEquals = { "aws:SourceAccount" = local.account_id }
        ArnLike      = { "aws:SourceArn" = "arn:${local.partition}:logs:${local.region}:${local.account_id}:*" }
      }
    }]
  })
}

resource "aws_wafv2_web_acl_logging_configuration" "this" {
  resource_arn            = aws_wafv2_web_acl.this.arn
  log_destination_configs = [module.log_group.cloudwatch_log_group_arn]

  dynamic "redacted_fields" {
    for_each = var.redacted_headers
    content {
      single_header {
        name = redacted_fields.value
      }
    }
  }

  depends_on = [aws_cloudwatch_log_resource_policy.this]
}
