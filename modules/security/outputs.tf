output "kms_key_arn" {
  description = "KMS key of the Config bucket and the remediation function (the module's own, or kms_key_arn)."
  value       = local.kms_key_arn
}

output "config_recorder_name" {
  description = "Name of the Config recorder (null when create_config_recorder = false)."
  value       = one(aws_config_configuration_recorder.this[*].name)
}

output "config_bucket_name" {
  description = "Bucket of Config snapshots and history (null when create_config_recorder = false)."
  value       = var.create_config_recorder ? module.config_bucket[0].s3_bucket_id : null
}

output "config_rule_names" {
  description = "Config rule names by control key."
  value       = { for k, r in aws_config_config_rule.this : k => r.name }
}

output "config_rule_arns" {
  description = "Config rule ARNs by control key."
  value       = { for k, r in aws_config_config_rule.this : k => r.arn }
}

output "ssm_remediations" {
  description = "AWS-managed SSM Automation document by control key, for the controls remediated through Config remediation configurations."
  value       = { for k, r in aws_config_remediation_configuration.this : k => r.target_id }
}

output "remediation_mode" {
  description = "dry-run (report only) or enforce."
  value       = var.remediation_mode
}

output "remediation_function_name" {
  description = "Name of the remediation function (null when create_remediation_function = false)."
  value       = local.create_function ? module.remediation_function[0].lambda_function_name : null
}

output "remediation_function_arn" {
  description = "ARN of the remediation function (null when create_remediation_function = false)."
  value       = local.create_function ? module.remediation_function[0].lambda_function_arn : null
}

output "remediation_function_rules" {
  description = "Config rule name to the function's action, as the function receives it (RULE_ACTIONS)."
  value       = local.create_function ? local.function_rules : {}
}

output "remediation_log_group_names" {
  description = "Where remediations are recorded: the SSM execution records and the function's log."
  value = compact([
    module.remediation_log_group.cloudwatch_log_group_name,
    local.create_function ? module.remediation_function[0].lambda_cloudwatch_log_group_name : "",
  ])
}

output "security_events_log_group_name" {
  description = "Log group of every finding and Config compliance change (the dashboard's source)."
  value       = module.security_events_log_group.cloudwatch_log_group_name
}

output "alert_rule_names" {
  description = "EventBridge rules that send findings to the alert topics, by route key (e.g. securityhub-critical)."
  value       = { for k, r in aws_cloudwatch_event_rule.alert : k => r.name }
}

output "security_hub_standards_arns" {
  description = "ARNs of the Security Hub standards subscribed to."
  value       = [for s in aws_securityhub_standards_subscription.this : s.standards_arn]
}

output "security_hub_insight_arns" {
  description = "ARNs of the Security Hub insights of open critical findings."
  value       = concat(aws_securityhub_insight.open_critical_by_resource[*].arn, aws_securityhub_insight.open_critical_by_control[*].arn)
}

output "guardduty_detector_id" {
  description = "ID of the GuardDuty detector (null when enable_guardduty = false)."
  value       = one(aws_guardduty_detector.this[*].id)
}

output "access_analyzer_arn" {
  description = "ARN of the IAM Access Analyzer (null when enable_access_analyzer = false)."
  value       = one(aws_accessanalyzer_analyzer.this[*].arn)
}

output "dashboard_name" {
  description = "Name of the compliance dashboard (null when create_dashboard = false)."
  value       = one(aws_cloudwatch_dashboard.compliance[*].dashboard_name)
}
