output "web_acl_arn" {
  description = "ARN of the web ACL."
  value       = aws_wafv2_web_acl.this.arn
}

output "web_acl_id" {
  description = "ID of the web ACL."
  value       = aws_wafv2_web_acl.this.id
}

output "web_acl_name" {
  description = "Name of the web ACL."
  value       = aws_wafv2_web_acl.this.name
}

output "web_acl_capacity" {
  description = "Web ACL capacity units (WCUs) the rules use."
  value       = aws_wafv2_web_acl.this.capacity
}

output "ip_set_arns" {
  description = "ARNs of the allow and block IP sets."
  value       = { allow = aws_wafv2_ip_set.allow.arn, block = aws_wafv2_ip_set.block.arn }
}

output "log_group_name" {
  description = "Name of the log group (aws-waf-logs-...)."
  value       = module.log_group.cloudwatch_log_group_name
}

output "log_group_arn" {
  description = "ARN of the log group."
  value       = module.log_group.cloudwatch_log_group_arn
}
