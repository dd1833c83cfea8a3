output "replication_group_id" {
  description = "ID of the replication group (null for a serverless cache or create = false)."
  value       = one(aws_elasticache_replication_group.this[*].id)
}

output "replication_group_arn" {
  description = "ARN of the replication group."
  value       = one(aws_elasticache_replication_group.this[*].arn)
}

output "replication_group_primary_endpoint_address" {
  description = "Primary (write) endpoint of the replication group, cluster mode disabled."
  value       = one(aws_elasticache_replication_group.this[*].primary_endpoint_address)
}

output "replication_group_reader_endpoint_address" {
  description = "Reader endpoint of the replication group, cluster mode disabled."
  value       = one(aws_elasticache_replication_group.this[*].reader_endpoint_address)
}

output "replication_group_configuration_endpoint_address" {
  description = "Configuration endpoint of the replication group, cluster mode enabled."
  value       = one(aws_elasticache_replication_group.this[*].configuration_endpoint_address)
}

output "replication_group_member_clusters" {
  description = "Node (cache cluster) IDs of the replication group."
  value       = one(aws_elasticache_replication_group.this[*].member_clusters)
}

output "replication_group_engine_version_actual" {
  description = "Running engine version of the replication group."
  value       = one(aws_elasticache_replication_group.this[*].engine_version_actual)
}

output "serverless_cache_arn" {
  description = "ARN of the serverless cache (null unless serverless = true)."
  value       = one(aws_elasticache_serverless_cache.this[*].arn)
}

output "serverless_cache_endpoint" {
  description = "Primary endpoint (address, port) of the serverless cache."
  value       = try(one(aws_elasticache_serverless_cache.this[0].endpoint), null)
}

output "serverless_cache_reader_endpoint" {
  description = "Reader endpoint (address, port) of the serverless cache."
  value       = try(one(aws_elasticache_serverless_cache.this[0].reader_endpoint), null)
}

output "port" {
  description = "Port clients connect to (6379 for a serverless cache's primary endpoint)."
  value       = var.create ? (var.serverless ? 6379 : var.port) : null
}

output "security_group_id" {
  description = "ID of the security group the module created (null when create_security_group = false)."
  value       = one(module.security_group[*].security_group_id)
}

output "security_group_arn" {
  description = "ARN of the security group the module created."
  value       = one(module.security_group[*].security_group_arn)
}

output "subnet_group_name" {
  description = "Subnet group of the replication group."
  value       = local.create_replication_group ? local.subnet_group_name : null
}

output "parameter_group_name" {
  description = "Parameter group of the replication group."
  value       = local.create_replication_group ? local.parameter_group_name : null
}

output "cloudwatch_log_group_names" {
  description = "Log group names by log type (slow-log, engine-log)."
  value       = { for type, lg in module.cloudwatch_log_group : type => lg.cloudwatch_log_group_name }
}

output "cloudwatch_log_group_arns" {
  description = "Log group ARNs by log type (slow-log, engine-log)."
  value       = { for type, lg in module.cloudwatch_log_group : type => lg.cloudwatch_log_group_arn }
}
