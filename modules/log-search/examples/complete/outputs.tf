output "workgroup_name" {
  description = "Where to run the saved queries."
  value       = module.log_search.workgroup_name
}

output "database_name" {
  description = "Athena database of the archive tables."
  value       = module.log_search.database_name
}

output "named_query_names" {
  description = "The saved Athena queries."
  value       = module.log_search.named_query_names
}
