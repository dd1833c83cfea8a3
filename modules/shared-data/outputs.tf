output "postgres_instance_identifier" {
  description = "Identifier of the shared PostgreSQL instance (the dbInstanceIdentifier of application users' secrets)."
  value       = one(module.postgres[*].db_instance_identifier)
}

output "postgres_endpoint" {
  description = "Connection endpoint of the shared PostgreSQL (host:port)."
  value       = one(module.postgres[*].db_instance_endpoint)
}

output "postgres_address" {
  description = "Host name of the shared PostgreSQL."
  value       = one(module.postgres[*].db_instance_address)
}

output "postgres_port" {
  description = "Port of the shared PostgreSQL."
  value       = one(module.postgres[*].db_instance_port)
}

output "postgres_db_name" {
  description = "Database created with the instance."
  value       = one(module.postgres[*].db_instance_name)
}

output "postgres_resource_id" {
  description = "Resource ID of the instance, for rds-db:connect policies (IAM authentication)."
  value       = one(module.postgres[*].db_instance_resource_id)
}

output "postgres_master_user_secret_arn" {
  description = "ARN of the secret in which RDS keeps (and rotates) the master password."
  value       = one(module.postgres[*].db_instance_master_user_secret_arn)
}

output "postgres_security_group_id" {
  description = "Security group of the PostgreSQL instance."
  value       = one(module.postgres[*].security_group_id)
}

output "redis_replication_group_id" {
  description = "ID of the shared Redis/Valkey replication group (null when create_redis = false)."
  value       = one(module.redis[*].replication_group_id)
}

output "redis_primary_endpoint" {
  description = "Primary (write) endpoint address of the cache."
  value       = one(module.redis[*].replication_group_primary_endpoint_address)
}

output "redis_reader_endpoint" {
  description = "Reader endpoint address of the cache."
  value       = one(module.redis[*].replication_group_reader_endpoint_address)
}

output "redis_port" {
  description = "Port of the cache."
  value       = one(module.redis[*].port)
}

output "redis_security_group_id" {
  description = "Security group of the cache."
  value       = one(module.redis[*].security_group_id)
}
