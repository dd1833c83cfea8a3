output "trail_arn" {
  description = "The trail."
  value       = module.cloudtrail.trail_arn
}

output "athena_workgroup_name" {
  description = "Run the saved queries in this workgroup."
  value       = module.cloudtrail.athena_workgroup_name
}

output "named_query_ids" {
  description = "The saved audit queries."
  value       = module.cloudtrail.named_query_ids
}
