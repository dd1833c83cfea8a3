output "cloudwatch_log_group_name" {
  description = "Name of the log group."
  value       = aws_cloudwatch_log_group.this.name
}

output "cloudwatch_log_group_arn" {
  description = "ARN of the log group (without the trailing :*)."
  value       = aws_cloudwatch_log_group.this.arn
}

output "cloudwatch_log_group_class" {
  description = "Log class of the log group."
  value       = aws_cloudwatch_log_group.this.log_group_class
}

output "subscription_filter_names" {
  description = "Names of the subscription filters, keyed like var.subscription_filters."
  value       = { for k, f in aws_cloudwatch_log_subscription_filter.this : k => f.name }
}
