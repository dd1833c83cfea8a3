output "log_group_names" {
  description = "Log group names by key."
  value       = module.logging.log_group_names
}

output "archive_bucket_name" {
  description = "The archive bucket."
  value       = module.logging.archive_bucket_name
}

output "firehose_arn" {
  description = "The Firehose stream that writes the archive."
  value       = module.logging.firehose_arn
}
