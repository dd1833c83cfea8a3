output "workgroup_name" {
  description = "The Athena workgroup to run log searches in (encrypted results, bytes-scanned limit enforced)."
  value       = aws_athena_workgroup.this.name
}

output "database_name" {
  description = "The Glue database with the log tables (cloudwatch_logs, alb_<name>)."
  value       = aws_glue_catalog_database.this.name
}

output "table_names" {
  description = "Glue tables: archive = cloudwatch_logs, and alb_<name> per load balancer."
  value       = merge({ archive = aws_glue_catalog_table.archive.name }, { for k, t in aws_glue_catalog_table.alb : "alb_${k}" => t.name })
}

output "results_bucket_name" {
  description = "The bucket that holds the workgroup's query results (encrypted with kms_key_arn, expired after results_expiration_days)."
  value       = module.results_bucket.s3_bucket_id
}

output "named_query_names" {
  description = "Saved Athena queries by key."
  value       = { for k, q in aws_athena_named_query.this : k => q.name }
}

output "query_definition_names" {
  description = "Saved CloudWatch Logs Insights queries by key."
  value       = { for k, q in aws_cloudwatch_query_definition.this : k => q.name }
}
