output "service_name" {
  description = "ECS service name."
  value       = module.service.service_name
}

output "task_role_name" {
  description = "Task role, for further policies."
  value       = module.service.tasks_iam_role_name
}
