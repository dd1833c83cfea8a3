output "cloudwatch_log_group_name" {
  description = "Name of the example log group."
  value       = module.app_logs.cloudwatch_log_group_name
}

output "cloudwatch_log_group_arn" {
  description = "ARN of the example log group."
  value       = module.app_logs.cloudwatch_log_group_arn
}
