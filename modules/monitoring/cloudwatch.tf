# CloudWatch alarms that notify the alert topics, the platform dashboard, and extra dashboards.

locals {
  alarm_topics = { for k, a in var.alarms : k => coalesce(a.topic, var.default_alert_topic) }
  alarm_names  = { for k in keys(var.alarms) : k => "${var.name}-${k}" }
  # The notification (SNS, Chatbot) shows the description: it ends with what to do.
  alarm_descriptions = { for k, a in var.alarms : k => "${a.description}. Runbook: ${var.runbook_base_url}${coalesce(a.runbook, "-")}" }

  # Widget layout: header, alarm status, then two graphs per row.
  alarm_keys = sort(keys(var.alarms))
  header_widgets = [{
    type   = "text"
    x      = 0
    y      = 0
    width  = 24
    height = 2
    properties = {
      markdown = "# ${var.name} platform\nAlarms notify the SNS topics ${join(", ", [for k in sort(keys(var.alert_topics)) : "`${var.name}-${k}`"])}. Prometheus alerts: workspace `${var.name}` (alert manager routes by the `severity` label)."
    }
  }]
  alarm_status_widgets = length(var.alarms) == 0 ? [] : [{
    type   = "alarm"
    x      = 0
    y      = 2
    width  = 24
    height = 4
    properties = {
      title  = "Alarm status"
      alarms = [for k in local.alarm_keys : "arn:${local.partition}:cloudwatch:${local.region}:${local.account_id}:alarm:${local.alarm_names[k]}"]
    }
  }]
  alarm_graph_widgets = [for i, k in local.alarm_keys : {
    type   = "metric"
    x      = (i % 2) * 12
    y      = 6 + floor(i / 2) * 6
    width  = 12
    height = 6
    properties = {
      title  = var.alarms[k].description
      region = local.region
      view   = "timeSeries"
      stat   = coalesce(var.alarms[k].statistic, var.alarms[k].extended_statistic)
      period = var.alarms[k].period
      metrics = [concat(
        [var.alarms[k].namespace, var.alarms[k].metric_name],
        flatten([for d in sort(keys(var.alarms[k].dimensions)) : [d, var.alarms[k].dimensions[d]]]),
      )]
      annotations = { horizontal = [{ label = "threshold", value = var.alarms[k].threshold }] }
    }
  }]
  topic_widgets = [{
    type   = "metric"
    x      = 0
    y      = 6 + ceil(length(var.alarms) / 2) * 6
    width  = 24
    height = 6
    properties = {
      title   = "Alert delivery failures"
      region  = local.region
      view    = "timeSeries"
      stat    = "Sum"
      period  = 300
      metrics = [for k in sort(keys(var.alert_topics)) : ["AWS/SNS", "NumberOfNotificationsFailed", "TopicName", "${var.name}-${k}"]]
    }
  }]
  platform_dashboard = jsonencode({
    widgets = concat(local.header_widgets, local.alarm_status_widgets, local.alarm_graph_widgets, local.topic_widgets)
  })
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = var.alarms

  alarm_name          = local.alarm_names[each.key]
  alarm_description   = local.alarm_descriptions[each.key]
  namespace           = each.value.namespace
  metric_name         = each.value.metric_name
  dimensions          = each.value.dimensions
  statistic           = each.value.statistic
  extended_statistic  = each.value.extended_statistic
  period              = each.value.period
  evaluation_periods  = each.value.evaluation_periods
  datapoints_to_alarm = each.value.datapoints_to_alarm
  threshold           = each.value.threshold
  comparison_operator = each.value.comparison_operator
  treat_missing_data  = each.value.treat_missing_data
  unit                = each.value.unit

  actions_enabled = true
  alarm_actions   = [aws_sns_topic.alerts[local.alarm_topics[each.key]].arn]
  ok_actions      = each.value.ok_notification ? [aws_sns_topic.alerts[local.alarm_topics[each.key]].arn] : []

  tags = merge(var.tags, { Name = local.alarm_names[each.key], Severity = local.alarm_topics[each.key] })
}

resource "aws_cloudwatch_dashboard" "platform" {
  count = var.create_platform_dashboard ? 1 : 0

  dashboard_name = "${var.name}-platform"
  dashboard_body = local.platform_dashboard
}

resource "aws_cloudwatch_dashboard" "extra" {
  for_each = var.dashboards

  dashboard_name = "${var.name}-${each.key}"
  dashboard_body = each.value
}
