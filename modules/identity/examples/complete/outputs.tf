output "plan_role_arn" {
  description = "PLAN_ROLE_ARN for the workflows."
  value       = module.identity.plan_role_arn
}
