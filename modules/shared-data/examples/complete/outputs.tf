output "postgres_endpoint" {
  description = "PostgreSQL host:port."
  value       = module.shared_data.postgres_endpoint
}

output "redis_primary_endpoint" {
  description = "Valkey primary endpoint."
  value       = module.shared_data.redis_primary_endpoint
}
