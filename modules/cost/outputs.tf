output "budget_name" {
  description = "Name of the monthly budget (null when create_budget = false)."
  value       = one(aws_budgets_budget.monthly[*].name)
}

output "anomaly_monitor_arn" {
  description = "ARN of the Cost Anomaly Detection monitor (null when create_anomaly_detection = false)."
  value       = one(aws_ce_anomaly_monitor.services[*].arn)
}

output "cost_allocation_tag_keys" {
  description = "User tag keys activated as cost allocation tags."
  value       = sort(keys(aws_ce_cost_allocation_tag.this))
}

output "export_bucket_name" {
  description = "Bucket of the CUR 2.0 export (null when create_data_export = false)."
  value       = one(module.export_bucket[*].s3_bucket_id)
}

output "export_arn" {
  description = "ARN of the CUR 2.0 data export (null when create_data_export = false)."
  value       = one(aws_bcmdataexports_export.cur2[*].id)
}

output "cost_database_name" {
  description = "Glue database with the cur2 table (null when create_data_export = false)."
  value       = one(aws_glue_catalog_database.cost[*].name)
}

output "named_query_names" {
  description = "Saved Athena cost queries by key (cost by service, by tag, by layer)."
  value       = { for k, q in aws_athena_named_query.cost : k => q.name }
}
