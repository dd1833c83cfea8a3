output "alert_topic_arns" {
  description = "Alert topic ARNs by severity key: alarm_actions for service teams' alarms, sns_configs for alert managers."
  value       = { for k, t in aws_sns_topic.alerts : k => t.arn }
}

output "alert_topic_names" {
  description = "Alert topic names by severity key."
  value       = { for k, t in aws_sns_topic.alerts : k => t.name }
}

output "prometheus_workspace_id" {
  description = "ID of the Amazon Managed Service for Prometheus workspace."
  value       = aws_prometheus_workspace.this.id
}

output "prometheus_workspace_arn" {
  description = "ARN of the Prometheus workspace."
  value       = aws_prometheus_workspace.this.arn
}

output "prometheus_endpoint" {
  description = "Prometheus endpoint of the workspace (remote write: <endpoint>api/v1/remote_write; query: <endpoint>api/v1/query)."
  value       = aws_prometheus_workspace.this.prometheus_endpoint
}

output "prometheus_kms_key_arn" {
  description = "KMS key that encrypts the Prometheus workspace (null when encrypt_prometheus_workspace = false)."
  value       = local.prometheus_key_arn
}

output "prometheus_log_group_name" {
  description = "Log group of the Prometheus workspace."
  value       = module.prometheus_log_group.cloudwatch_log_group_name
}

output "grafana_workspace_id" {
  description = "ID of the Grafana workspace (null when create_grafana = false)."
  value       = one(aws_grafana_workspace.this[*].id)
}

output "grafana_endpoint" {
  description = "URL of the Grafana workspace (null when create_grafana = false)."
  value       = one(aws_grafana_workspace.this[*].endpoint)
}

output "grafana_role_arn" {
  description = "IAM role the Grafana workspace uses for its data sources (null when create_grafana = false)."
  value       = one(module.grafana_role[*].iam_role_arn)
}

output "chatbot_configuration_arns" {
  description = "AWS Chatbot Slack channel configuration ARNs by channel key."
  value       = { for k, c in aws_chatbot_slack_channel_configuration.this : k => c.chat_configuration_arn }
}

output "alarm_arns" {
  description = "CloudWatch alarm ARNs by key."
  value       = { for k, a in aws_cloudwatch_metric_alarm.this : k => a.arn }
}

output "dashboard_names" {
  description = "CloudWatch dashboard names: platform (if created) and the keys of dashboards."
  value = merge(
    { for d in aws_cloudwatch_dashboard.platform : "platform" => d.dashboard_name },
    { for k, d in aws_cloudwatch_dashboard.extra : k => d.dashboard_name },
  )
}
