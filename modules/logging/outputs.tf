output "log_group_names" {
  description = "Names of the platform's log groups, keyed like var.log_groups."
  value       = { for k, m in module.log_group : k => m.cloudwatch_log_group_name }
}

output "log_group_arns" {
  description = "ARNs of the platform's log groups (without the trailing :*), keyed like var.log_groups."
  value       = { for k, m in module.log_group : k => m.cloudwatch_log_group_arn }
}

output "archived_log_group_names" {
  description = "Names of the log groups subscribed to the S3 archive (the flow logs' group included), keyed like var.log_groups plus vpc_flow_logs."
  value = merge(
    { for k, m in module.log_group : k => m.cloudwatch_log_group_name if length(m.subscription_filter_names) > 0 },
    { for m in module.flow_logs_log_group : "vpc_flow_logs" => m.cloudwatch_log_group_name if length(m.subscription_filter_names) > 0 },
  )
}

output "flow_log_id" {
  description = "ID of the VPC flow log; null without flow_logs."
  value       = one(aws_flow_log.this[*].id)
}

output "flow_log_group_name" {
  description = "Name of the VPC flow logs' log group; null without flow_logs."
  value       = one(module.flow_logs_log_group[*].cloudwatch_log_group_name)
}

output "flow_log_group_arn" {
  description = "ARN of the VPC flow logs' log group; null without flow_logs."
  value       = one(module.flow_logs_log_group[*].cloudwatch_log_group_arn)
}

output "flow_log_role_arn" {
  description = "ARN of the IAM role VPC flow logs use to write; null without flow_logs."
  value       = one(module.flow_logs_role[*].iam_role_arn)
}

output "archive_bucket_name" {
  description = "Name of the archive bucket (known once its policy is in place); null when archive_enabled is false."
  value       = one(module.archive_bucket[*].s3_bucket_id)
}

output "archive_bucket_arn" {
  description = "ARN of the archive bucket; null when archive_enabled is false."
  value       = one(module.archive_bucket[*].s3_bucket_arn)
}

output "archive_prefix" {
  description = "The Firehose prefix of archived objects (logs/source=<log group, '/' as '.'>/year=/month=/day=/); null when archive_enabled is false."
  value       = var.archive_enabled ? local.archive_prefix : null
}

output "firehose_arn" {
  description = "ARN of the Firehose stream that writes the archive; other layers point subscription filters here (with cloudwatch_to_firehose_role_arn). null when archive_enabled is false."
  value       = one(aws_kinesis_firehose_delivery_stream.archive[*].arn)
}

output "firehose_name" {
  description = "Name of the Firehose stream; null when archive_enabled is false."
  value       = one(aws_kinesis_firehose_delivery_stream.archive[*].name)
}

output "cloudwatch_to_firehose_role_arn" {
  description = "ARN of the role CloudWatch Logs subscription filters use to put records into the Firehose stream; null when archive_enabled is false."
  value       = one(module.cloudwatch_to_firehose_role[*].iam_role_arn)
}

output "firehose_role_arn" {
  description = "ARN of the role the Firehose stream uses to write to the archive bucket; null when archive_enabled is false."
  value       = one(module.firehose_role[*].iam_role_arn)
}
