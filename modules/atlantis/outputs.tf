output "url" {
  description = "URL of Atlantis (https://<hostname>). GitHub webhooks go to <url>/events."
  value       = "https://${var.hostname}"
}

output "alb_dns_name" {
  description = "DNS name of the load balancer: point hostname at it (alias record)."
  value       = module.alb.dns_name
}

output "alb_zone_id" {
  description = "Route 53 hosted zone ID of the load balancer (for the alias record)."
  value       = module.alb.zone_id
}

output "ecr_repository_url" {
  description = "URL of the Atlantis image repository; push the image built from atlantis/Dockerfile here and set image_digest."
  value       = aws_ecr_repository.this.repository_url
}

output "ecr_repository_arn" {
  description = "ARN of the Atlantis image repository."
  value       = aws_ecr_repository.this.arn
}

output "task_role_arn" {
  description = "ARN of the Atlantis task role: the principal that plan/apply roles in other accounts trust."
  value       = module.service.tasks_iam_role_arn
}

output "plan_role_arns" {
  description = "Plan roles by account id (this account's and cross_account_roles)."
  value       = merge(local.plan_role_arns, { (local.account_id) = aws_iam_role.pipeline["plan"].arn })
}

output "apply_role_arns" {
  description = "Apply roles by account id (this account's and cross_account_roles)."
  value       = merge(local.apply_role_arns, { (local.account_id) = aws_iam_role.pipeline["apply"].arn })
}

output "cluster_arn" {
  description = "ARN of the ECS cluster."
  value       = aws_ecs_cluster.this.arn
}

output "service_name" {
  description = "Name of the ECS service."
  value       = module.service.service_name
}

output "log_group_name" {
  description = "Log group of the Atlantis container (the metric filters read it)."
  value       = module.service.cloudwatch_log_group_name
}

output "github_secret_arns" {
  description = "Secrets Manager secrets the task reads: token (ATLANTIS_GH_TOKEN) and webhook_secret (ATLANTIS_GH_WEBHOOK_SECRET)."
  value       = local.secret_arns
}

output "efs_file_system_id" {
  description = "ID of the EFS file system holding Atlantis's data dir."
  value       = aws_efs_file_system.this.id
}

output "efs_access_point_id" {
  description = "ID of the EFS access point the task mounts."
  value       = aws_efs_access_point.this.id
}

output "security_group_ids" {
  description = "Security groups by role: alb, tasks, efs."
  value = {
    alb   = module.alb.security_group_id
    tasks = module.service.security_group_id
    efs   = module.efs_security_group.security_group_id
  }
}

output "metric_namespace" {
  description = "CloudWatch namespace of the log-derived Atlantis metrics."
  value       = var.metric_namespace
}

output "metric_names" {
  description = "Names of the log-derived metrics (PlanSuccess, PlanFailure, ApplySuccess, ApplyFailure, PolicyCheckFailure, LockContention, StateLockTimeout), e.g. for alarms."
  value       = sort(keys(local.metric_filters))
}

output "overview_dashboard_body" {
  description = "JSON body of the IN-148 \"Atlantis overview\" CloudWatch dashboard (plans, applies, failures, lock contention, load balancer, ECS task, recent failures), the one the module creates (overview_dashboard_name)."
  value       = jsonencode(local.overview_dashboard)
}

output "overview_dashboard_name" {
  description = "Name of the \"Atlantis overview\" CloudWatch dashboard the module creates (<name>-overview unless overview_dashboard_name is set)."
  value       = aws_cloudwatch_dashboard.overview.dashboard_name
}

output "adot_collector_enabled" {
  description = "Whether the ADOT collector sidecar remote-writes Atlantis's Prometheus metrics to Amazon Managed Prometheus (adot_collector set)."
  value       = var.adot_collector != null
}

output "dns_record_fqdn" {
  description = "hostname's alias record to the load balancer (null when route53_zone_id is null)."
  value       = one(aws_route53_record.this[*].fqdn)
}

output "alarm_arns" {
  description = "Atlantis's own CloudWatch alarms by key (no-healthy-task, state-lock-timeouts); only those whose topic alarm_topic_arns has."
  value       = { for k, a in aws_cloudwatch_metric_alarm.this : k => a.arn }
}
