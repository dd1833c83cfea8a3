output "target_group_arn" {
  description = "The service's target group (modules/ecs-service load_balancers[*].target_group_arn)."
  value       = aws_lb_target_group.this.arn
}

output "listener_rule_arn" {
  description = "The rule on the shared HTTPS listener."
  value       = aws_lb_listener_rule.this.arn
}
