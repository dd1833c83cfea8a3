output "target_group_arn" {
  description = "The service's target group."
  value       = module.route.target_group_arn
}

output "listener_rule_arn" {
  description = "The listener rule that sends the service's traffic to it."
  value       = module.route.listener_rule_arn
}
