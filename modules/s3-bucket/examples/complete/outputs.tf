output "data_bucket_arn" {
  description = "ARN of the data bucket."
  value       = module.data.s3_bucket_arn
}

output "access_logs_bucket_id" {
  description = "Name of the access-log bucket."
  value       = module.access_logs.s3_bucket_id
}
