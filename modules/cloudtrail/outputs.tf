output "trail_arn" {
  description = "ARN of the trail."
  value       = aws_cloudtrail.this.arn
}

output "trail_name" {
  description = "Name of the trail."
  value       = aws_cloudtrail.this.name
}

output "trail_home_region" {
  description = "Region the multi-region trail was created in."
  value       = aws_cloudtrail.this.home_region
}

output "kms_key_arn" {
  description = "ARN of the trail's own KMS key (log files of this trail only)."
  value       = aws_kms_key.trail.arn
}

output "kms_key_alias" {
  description = "Alias of the trail's KMS key."
  value       = aws_kms_alias.trail.name
}

output "s3_bucket_name" {
  description = "Name of the trail's bucket (known once its policy is in place)."
  value       = module.bucket.s3_bucket_id
}

output "s3_bucket_arn" {
  description = "ARN of the trail's bucket."
  value       = module.bucket.s3_bucket_arn
}

output "s3_logs_location" {
  description = "S3 URL under which the trail writes its log files (.../CloudTrail/<region>/yyyy/MM/dd/)."
  value       = local.glue_table_location
}

output "bucket_deletion_guard" {
  description = "Whether the trail bucket is guarded against destroy and replacement (prevent_destroy)."
  value       = length(terraform_data.bucket_deletion_guard) > 0
}

output "cloudwatch_log_group_name" {
  description = "Name of the CloudWatch Logs group the trail delivers to."
  value       = module.log_group.cloudwatch_log_group_name
}

output "cloudwatch_log_group_arn" {
  description = "ARN of the trail's CloudWatch Logs group (metric filters and alarms attach here)."
  value       = module.log_group.cloudwatch_log_group_arn
}

output "cloudwatch_role_arn" {
  description = "ARN of the role CloudTrail uses to write to CloudWatch Logs."
  value       = module.cloudwatch_role.iam_role_arn
}

output "athena_workgroup_name" {
  description = "Name of the Athena workgroup (results encrypted and enforced); null when athena_enabled is false."
  value       = one(aws_athena_workgroup.this[*].name)
}

output "athena_results_bucket_name" {
  description = "Name of the Athena query results bucket; null when athena_enabled is false."
  value       = one(module.athena_results_bucket[*].s3_bucket_id)
}

output "athena_kms_key_arn" {
  description = "ARN of the Athena results key; null when athena_enabled is false."
  value       = one(aws_kms_key.athena[*].arn)
}

output "glue_database_name" {
  description = "Name of the Glue database holding the trail's table; null when athena_enabled is false."
  value       = one(aws_glue_catalog_database.this[*].name)
}

output "glue_table_name" {
  description = "Name of the partition-projected table over the trail's logs; null when athena_enabled is false."
  value       = one(aws_glue_catalog_table.cloudtrail[*].name)
}

output "named_query_ids" {
  description = "IDs of the saved Athena queries, keyed by query (console-logins-without-mfa, root-activity, iam-changes, security-group-changes); empty when they are not created."
  value       = { for k, q in aws_athena_named_query.this : k => q.id }
}
