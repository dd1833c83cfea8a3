output "alert_topic_arns" {
  description = "Alert topics by severity."
  value       = module.monitoring.alert_topic_arns
}

output "grafana_endpoint" {
  description = "Grafana URL."
  value       = module.monitoring.grafana_endpoint
}
