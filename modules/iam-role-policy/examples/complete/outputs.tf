output "github_ci_role_arn" {
  description = "ARN of the CI role (put it in the workflow's role-to-assume)."
  value       = module.github_ci.iam_role_arn
}

output "task_role_arn" {
  description = "ARN of the ECS task role."
  value       = module.task.iam_role_arn
}
