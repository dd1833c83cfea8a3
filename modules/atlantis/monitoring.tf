################################################################################
# IN-148 "Atlantis overview": metrics from Atlantis's own log lines, and the dashboard body.
#
# Atlantis logs one line per project command (events/instrumented_project_command_runner.go):
#   "<command> success. output available at: <pull URL>"
#   "Failure running <command> operation: <reason>"   (e.g. the project is locked by another pull request)
#   "Error running <command> operation: <error>"      (Terraform failed; its output is in the message)
# with <command> plan, apply or policy_check. Lock contention shows as "... is currently locked by ..."
# (Atlantis project or working-directory lock) and, after the workflow's --lock-timeout, as Terraform's
# "Error acquiring the state lock". The filters match these phrases (case-sensitive) and count them.
# The same counters exist as Prometheus metrics (repos.yaml metrics.prometheus, /metrics inside the VPC);
# with adot_collector the sidecar remote-writes them to Amazon Managed Prometheus (job="atlantis").
#
# The module creates the dashboard itself (ADR 0028): the monitoring layer used to, from the output
# overview_dashboard_body, which made monitoring depend on atlantis; now atlantis depends on monitoring.
################################################################################

locals {
  metric_filters = {
    PlanSuccess        = { pattern = "\"plan success. output available at\"", description = "plans that succeeded" }
    PlanFailure        = { pattern = "?\"Error running plan operation\" ?\"Failure running plan operation\"", description = "plans that failed or were refused" }
    ApplySuccess       = { pattern = "\"apply success. output available at\"", description = "applies that succeeded" }
    ApplyFailure       = { pattern = "?\"Error running apply operation\" ?\"Failure running apply operation\"", description = "applies that failed or were refused" }
    PolicyCheckFailure = { pattern = "?\"Error running policy_check operation\" ?\"Failure running policy_check operation\"", description = "policy checks that failed" }
    LockContention     = { pattern = "\"currently locked by\"", description = "commands refused because another pull request or command holds the lock" }
    StateLockTimeout   = { pattern = "\"Error acquiring the state lock\"", description = "Terraform runs that gave up waiting for the state lock" }
  }

  log_group_name = module.service.cloudwatch_log_group_name
  alb_dimension  = module.alb.arn_suffix
  tg_dimension   = module.alb.target_groups["atlantis"].arn_suffix

  dashboard_metric = { for name in keys(local.metric_filters) : name => [var.metric_namespace, name] }

  overview_dashboard_name = coalesce(var.overview_dashboard_name, "${var.name}-overview")
  prometheus_note         = var.adot_collector == null ? "" : " Atlantis's own Prometheus metrics (atlantis_*, job=\"atlantis\") are in the Amazon Managed Prometheus workspace ${split("/", var.adot_collector.workspace_arn)[1]} (Grafana)."

  overview_dashboard = {
    widgets = [
      {
        type = "text", x = 0, y = 0, width = 24, height = 2
        properties = {
          markdown = "# Atlantis overview\n[${var.hostname}](https://${var.hostname}): plans and applies from the Atlantis log (${local.log_group_name}), then the load balancer and the ECS service. One task by design: a deployment shows a short gap.${local.prometheus_note}"
        }
      },
      {
        type = "metric", x = 0, y = 2, width = 8, height = 6
        properties = {
          title = "Plans", region = local.region, view = "timeSeries", stacked = false, stat = "Sum", period = 300
          metrics = [
            concat(local.dashboard_metric["PlanSuccess"], [{ label = "succeeded", color = "#2ca02c" }]),
            concat(local.dashboard_metric["PlanFailure"], [{ label = "failed or refused", color = "#d62728" }]),
          ]
        }
      },
      {
        type = "metric", x = 8, y = 2, width = 8, height = 6
        properties = {
          title = "Applies", region = local.region, view = "timeSeries", stacked = false, stat = "Sum", period = 300
          metrics = [
            concat(local.dashboard_metric["ApplySuccess"], [{ label = "succeeded", color = "#2ca02c" }]),
            concat(local.dashboard_metric["ApplyFailure"], [{ label = "failed or refused", color = "#d62728" }]),
          ]
        }
      },
      {
        type = "metric", x = 16, y = 2, width = 8, height = 6
        properties = {
          title = "Failures", region = local.region, view = "timeSeries", stacked = true, stat = "Sum", period = 300
          metrics = [
            concat(local.dashboard_metric["PlanFailure"], [{ label = "plan" }]),
            concat(local.dashboard_metric["ApplyFailure"], [{ label = "apply" }]),
            concat(local.dashboard_metric["PolicyCheckFailure"], [{ label = "policy check" }]),
          ]
        }
      },
      {
        type = "metric", x = 0, y = 8, width = 8, height = 6
        properties = {
          title = "Lock contention", region = local.region, view = "timeSeries", stacked = false, stat = "Sum", period = 300
          metrics = [
            concat(local.dashboard_metric["LockContention"], [{ label = "refused: locked by another PR or command" }]),
            concat(local.dashboard_metric["StateLockTimeout"], [{ label = "state lock wait timed out" }]),
          ]
        }
      },
      {
        type = "metric", x = 8, y = 8, width = 8, height = 6
        properties = {
          title = "Load balancer", region = local.region, view = "timeSeries", stacked = false, stat = "Sum", period = 300
          metrics = [
            ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", local.alb_dimension, { label = "requests (webhooks and UI)" }],
            ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", local.alb_dimension, { label = "Atlantis 5xx" }],
            ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", local.alb_dimension, { label = "load balancer 5xx" }],
            ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", local.alb_dimension, { label = "response time p95 (s)", stat = "p95", yAxis = "right" }],
          ]
        }
      },
      {
        type = "metric", x = 16, y = 8, width = 8, height = 6
        properties = {
          title = "Atlantis task", region = local.region, view = "timeSeries", stacked = false, period = 300
          metrics = [
            ["AWS/ECS", "CPUUtilization", "ClusterName", aws_ecs_cluster.this.name, "ServiceName", module.service.service_name, { label = "CPU %", stat = "Average" }],
            ["AWS/ECS", "MemoryUtilization", "ClusterName", aws_ecs_cluster.this.name, "ServiceName", module.service.service_name, { label = "memory %", stat = "Average" }],
            ["AWS/ApplicationELB", "HealthyHostCount", "TargetGroup", local.tg_dimension, "LoadBalancer", local.alb_dimension, { label = "healthy targets (expect 1)", stat = "Minimum", yAxis = "right" }],
          ]
        }
      },
      {
        type = "log", x = 0, y = 14, width = 24, height = 6
        properties = {
          title = "Recent failures and lock refusals", region = local.region, view = "table"
          query = "SOURCE '${local.log_group_name}' | fields @timestamp, @message | filter @message like /Error running|Failure running|currently locked by|Error acquiring the state lock/ | sort @timestamp desc | limit 50"
        }
      },
    ]
  }
}

resource "aws_cloudwatch_log_metric_filter" "this" {
  for_each = local.metric_filters

  name           = "${var.name}-${each.key}"
  log_group_name = local.log_group_name
  pattern        = each.value.pattern

  metric_transformation {
    name          = each.key
    namespace     = var.metric_namespace
    value         = "1"
    default_value = "0"
    unit          = "Count"
  }
}

resource "aws_cloudwatch_dashboard" "overview" {
  dashboard_name = local.overview_dashboard_name
  dashboard_body = jsonencode(local.overview_dashboard)
}

################################################################################
# Atlantis's own alarms, to the monitoring layer's alert topics (alarm_topic_arns). One task by design, so a
# deployment leaves a few minutes without a healthy target: the health alarm waits 15 minutes.
################################################################################

locals {
  alarms = {
    no-healthy-task = {
      topic       = "critical"
      description = "No healthy Atlantis task behind the load balancer for 15 minutes: pull requests get no plans"
      runbook     = "atlantis.md#no-healthy-task"
      namespace   = "AWS/ApplicationELB"
      metric_name = "HealthyHostCount"
      dimensions  = { TargetGroup = local.tg_dimension, LoadBalancer = local.alb_dimension }
      statistic   = "Minimum"
      periods     = 3
      threshold   = 1
      comparison  = "LessThanThreshold"
      # No data means no target reported healthy (or the load balancer is gone): as bad as 0.
      missing_data = "breaching"
    }
    state-lock-timeouts = {
      topic        = "warning"
      description  = "An Atlantis plan or apply gave up waiting for a Terraform state lock"
      runbook      = "atlantis.md#state-lock-timeouts"
      namespace    = var.metric_namespace
      metric_name  = "StateLockTimeout"
      dimensions   = {}
      statistic    = "Sum"
      periods      = 1
      threshold    = 0
      comparison   = "GreaterThanThreshold"
      missing_data = "notBreaching"
    }
  }

  enabled_alarms = { for k, a in local.alarms : k => a if contains(keys(var.alarm_topic_arns), a.topic) }
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.enabled_alarms

  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = "${each.value.description}. Runbook: ${var.runbook_base_url}${each.value.runbook}"
  namespace           = each.value.namespace
  metric_name         = each.value.metric_name
  dimensions          = each.value.dimensions
  statistic           = each.value.statistic
  period              = 300
  evaluation_periods  = each.value.periods
  datapoints_to_alarm = each.value.periods
  threshold           = each.value.threshold
  comparison_operator = each.value.comparison
  treat_missing_data  = each.value.missing_data

  actions_enabled = true
  alarm_actions   = [var.alarm_topic_arns[each.value.topic]]
  ok_actions      = [var.alarm_topic_arns[each.value.topic]]

  tags = merge(var.tags, { Name = "${var.name}-${each.key}", Severity = each.value.topic })

  # The log metric filter publishes StateLockTimeout; the alarm would otherwise watch a metric that never exists.
  depends_on = [aws_cloudwatch_log_metric_filter.this]
}
