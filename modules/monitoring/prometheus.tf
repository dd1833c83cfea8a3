# Amazon Managed Service for Prometheus: the workspace, its log group, its key, the alert manager that routes
# alerts to the alert topics, and rule groups.

locals {
  create_prometheus_key = var.encrypt_prometheus_workspace && var.prometheus_kms_key_arn == null
  prometheus_key_arn    = var.encrypt_prometheus_workspace ? (local.create_prometheus_key ? aws_kms_key.prometheus[0].arn : var.prometheus_kms_key_arn) : null

  # Alerts go to the topic named by their severity label; anything else to default_alert_topic.
  alertmanager_config = {
    route = {
      receiver        = var.default_alert_topic
      group_by        = ["alertname", "severity"]
      group_wait      = "30s"
      group_interval  = "5m"
      repeat_interval = "4h"
      routes = [
        for k in sort(keys(var.alert_topics)) : { receiver = k, match = { severity = k } } if k != var.default_alert_topic
      ]
    }
    # An SLO that pages (fast burn) does not also open a ticket (slow burn) for the same SLO (layer slo generate).
    inhibit_rules = [{
      source_matchers = ["burn = page"]
      target_matchers = ["burn = ticket"]
      equal           = ["slo"]
    }]
    receivers = [
      for k in sort(keys(var.alert_topics)) : {
        name = k
        sns_configs = [{
          topic_arn = aws_sns_topic.alerts[k].arn
          sigv4     = { region = local.region }
          subject   = "[${upper(k)}] ${var.name}: {{ .GroupLabels.alertname }}"
        }]
      }
    ]
  }
}

resource "aws_kms_key" "prometheus" {
  count = local.create_prometheus_key ? 1 : 0

  description             = "${var.name}: Amazon Managed Service for Prometheus workspace"
  key_usage               = "ENCRYPT_DECRYPT"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "KeyAdministration"
        Effect    = "Allow"
        Principal = { AWS = local.root_arn }
        Action = [
          "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:DeleteAlias", "kms:DescribeKey", "kms:DisableKey",
          "kms:DisableKeyRotation", "kms:EnableKey", "kms:EnableKeyRotation", "kms:GetKeyPolicy",
          "kms:GetKeyRotationStatus", "kms:ListAliases", "kms:ListGrants", "kms:ListKeyPolicies",
          "kms:ListKeyRotations", "kms:ListResourceTags", "kms:PutKeyPolicy", "kms:RevokeGrant",
          "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource", "kms:UpdateAlias",
          "kms:UpdateKeyDescription",
        ]
        Resource = "*"
      },
      {
        Sid       = "UseThroughPrometheus"
        Effect    = "Allow"
        Principal = { AWS = local.root_arn }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:ViaService"    = "aps.${local.region}.amazonaws.com"
            "kms:CallerAccount" = local.account_id
          }
        }
      },
      {
        Sid       = "GrantsForPrometheusResources"
        Effect    = "Allow"
        Principal = { AWS = local.root_arn }
        Action    = ["kms:CreateGrant", "kms:ListGrants", "kms:RetireGrant"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:ViaService"    = "aps.${local.region}.amazonaws.com"
            "kms:CallerAccount" = local.account_id
          }
          Bool = { "kms:GrantIsForAWSResource" = "true" }
        }
      },
    ]
  })

  tags = merge(local.tags, { Name = "${var.name}-prometheus" })
}

resource "aws_kms_alias" "prometheus" {
  count = local.create_prometheus_key ? 1 : 0

  name          = "alias/${var.name}-prometheus"
  target_key_id = aws_kms_key.prometheus[0].key_id
}

# Vended logs: the /aws/vendedlogs/ prefix keeps the log-delivery resource policy small.
module "prometheus_log_group" {
  source = "../cloudwatch-log-group"

  name              = "/aws/vendedlogs/prometheus/${var.name}"
  retention_in_days = var.prometheus_log_retention_in_days
  kms_key_arn       = var.logs_kms_key_arn
  log_group_class   = var.log_group_class

  tags = var.tags
}

resource "aws_prometheus_workspace" "this" {
  alias       = var.name
  kms_key_arn = local.prometheus_key_arn

  logging_configuration {
    log_group_arn = "${module.prometheus_log_group.cloudwatch_log_group_arn}:*"
  }

  tags = local.tags
}

resource "aws_prometheus_alert_manager_definition" "this" {
  count = var.create_alert_manager_definition ? 1 : 0

  workspace_id = aws_prometheus_workspace.this.id
  definition   = "alertmanager_config: |\n  ${indent(2, yamlencode(local.alertmanager_config))}"
}

resource "aws_prometheus_rule_group_namespace" "this" {
  for_each = var.prometheus_rule_groups

  name         = each.key
  workspace_id = aws_prometheus_workspace.this.id
  data         = each.value

  tags = merge(var.tags, { Name = each.key })
}
