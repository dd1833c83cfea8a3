output "dashboard_name" {
  description = "The compliance dashboard."
  value       = module.security.dashboard_name
}

output "remediation_function_name" {
  description = "The remediation function."
  value       = module.security.remediation_function_name
}

output "config_rule_names" {
  description = "Config rule names by control key."
  value       = module.security.config_rule_names
}
