output "cloudwatch_exporter_service_name" {
  description = "Name of the YACE service (null without cloudwatch_exporter)."
  value       = one(module.cloudwatch_exporter[*].service_name)
}

output "cloudwatch_exporter_config" {
  description = "The YACE configuration file the service runs with (YAML)."
  value       = local.yace_config
}

output "cloudwatch_exporter_task_role_arn" {
  description = "ARN of the YACE task role (CloudWatch read, tag:GetResources, aps:RemoteWrite)."
  value       = one(module.cloudwatch_exporter[*].tasks_iam_role_arn)
}

output "postgres_exporter_service_names" {
  description = "Names of the PostgreSQL exporter services by dbinstance label."
  value       = { for k, m in module.postgres_exporter : k => m.service_name }
}

output "postgres_exporter_security_group_ids" {
  description = "Security groups of the PostgreSQL exporter tasks by dbinstance label (let them in on the database's port when it is not opened by CIDR)."
  value       = { for k, m in module.postgres_exporter : k => m.security_group_id }
}

output "log_group_names" {
  description = "Log groups of the exporter services by service name."
  value = merge(
    { for m in module.cloudwatch_exporter : m.service_name => m.cloudwatch_log_group_name },
    { for m in module.postgres_exporter : m.service_name => m.cloudwatch_log_group_name },
  )
}
