output "budget_name" {
  description = "The monthly budget."
  value       = module.cost.budget_name
}

output "anomaly_monitor_arn" {
  description = "The cost anomaly monitor."
  value       = module.cost.anomaly_monitor_arn
}

output "export_bucket_name" {
  description = "Bucket of the CUR 2.0 data export."
  value       = module.cost.export_bucket_name
}
