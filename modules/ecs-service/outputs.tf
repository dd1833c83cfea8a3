output "service_id" {
  description = "ID (ARN) of the ECS service."
  value       = aws_ecs_service.this.id
}

output "service_name" {
  description = "Name of the ECS service."
  value       = aws_ecs_service.this.name
}

output "task_definition_arn" {
  description = "ARN (family:revision) of the task definition."
  value       = aws_ecs_task_definition.this.arn
}

output "task_definition_family" {
  description = "Family of the task definition."
  value       = aws_ecs_task_definition.this.family
}

output "task_definition_revision" {
  description = "Revision of the task definition."
  value       = aws_ecs_task_definition.this.revision
}

output "task_exec_iam_role_arn" {
  description = "ARN of the task execution role in use (created or given)."
  value       = local.task_exec_iam_role_arn
}

output "task_exec_iam_role_name" {
  description = "Name of the task execution role the module created (null when given)."
  value       = one(module.task_exec_iam_role[*].iam_role_name)
}

output "tasks_iam_role_arn" {
  description = "ARN of the task role in use (created or given)."
  value       = local.tasks_iam_role_arn
}

output "tasks_iam_role_name" {
  description = "Name of the task role the module created (null when given); attach further policies to it."
  value       = one(module.tasks_iam_role[*].iam_role_name)
}

output "security_group_id" {
  description = "ID of the tasks' security group the module created (null when create_security_group = false)."
  value       = one(module.security_group[*].security_group_id)
}

output "cloudwatch_log_group_name" {
  description = "Name of the containers' log group."
  value       = module.cloudwatch_log_group.cloudwatch_log_group_name
}

output "cloudwatch_log_group_arn" {
  description = "ARN of the containers' log group."
  value       = module.cloudwatch_log_group.cloudwatch_log_group_arn
}

output "autoscaling_target_resource_id" {
  description = "Application Auto Scaling resource ID (service/CLUSTER/SERVICE), null without autoscaling."
  value       = one(aws_appautoscaling_target.this[*].resource_id)
}

output "autoscaling_policy_arns" {
  description = "ARNs of the target tracking policies by name."
  value       = { for k, p in aws_appautoscaling_policy.this : k => p.arn }
}

output "container_definitions" {
  description = "Container definitions of the task definition (JSON) as the module sends them: the application's containers, then the ADOT collector when adot_collector is set."
  value       = local.task_container_definitions
}

output "tasks_iam_role_inline_policies" {
  description = "Inline policies of the task role the module created, by name (JSON): tasks_iam_role_policies plus ecs-exec and adot-remote-write when enabled; {} when the role is given."
  value       = var.create_tasks_iam_role ? local.tasks_inline_policies : {}
}
