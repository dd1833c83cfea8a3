# Cost management (IN-158): a monthly budget per environment with actual and forecasted thresholds, Cost
# Anomaly Detection per AWS service, cost allocation tags, and (export.tf) a CUR 2.0 data export with an
# Athena table. Notifications go to the monitoring layer's alert topics.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name
}

resource "aws_budgets_budget" "monthly" {
  count = var.create_budget ? 1 : 0

  name         = "${var.name}-monthly"
  budget_type  = "COST"
  limit_amount = format("%.2f", var.monthly_budget_usd)
  limit_unit   = "USD"
  time_unit    = "MONTHLY"

  dynamic "cost_filter" {
    for_each = var.budget_cost_filters
    content {
      name   = cost_filter.key
      values = cost_filter.value
    }
  }

  dynamic "notification" {
    for_each = var.budget_notifications
    content {
      comparison_operator       = "GREATER_THAN"
      threshold                 = notification.value.threshold
      threshold_type            = "PERCENTAGE"
      notification_type         = notification.value.type
      subscriber_sns_topic_arns = [var.alert_topic_arns[notification.value.topic]]
    }
  }

  tags = merge(var.tags, { Name = "${var.name}-monthly" })
}

resource "aws_ce_anomaly_monitor" "services" {
  count = var.create_anomaly_detection ? 1 : 0

  name              = "${var.name}-services"
  monitor_type      = "DIMENSIONAL"
  monitor_dimension = "SERVICE"

  tags = merge(var.tags, { Name = "${var.name}-services" })
}

resource "aws_ce_anomaly_subscription" "alerts" {
  count = var.create_anomaly_detection ? 1 : 0

  name             = "${var.name}-anomalies"
  frequency        = "IMMEDIATE" # IMMEDIATE notifies through SNS only (no e-mail subscribers)
  monitor_arn_list = [aws_ce_anomaly_monitor.services[0].arn]

  subscriber {
    type    = "SNS"
    address = var.alert_topic_arns[var.anomaly_topic]
  }

  threshold_expression {
    dimension {
      key           = "ANOMALY_TOTAL_IMPACT_ABSOLUTE"
      match_options = ["GREATER_THAN_OR_EQUAL"]
      values        = [format("%.2f", var.anomaly_threshold_usd)]
    }
  }

  tags = merge(var.tags, { Name = "${var.name}-anomalies" })
}

resource "aws_ce_cost_allocation_tag" "this" {
  for_each = toset(var.cost_allocation_tag_keys)

  tag_key = each.key
  status  = "Active"
}
