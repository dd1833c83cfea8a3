output "configuration_endpoint" {
  description = "Cluster-mode configuration endpoint."
  value       = module.cache.replication_group_configuration_endpoint_address
}

output "security_group_id" {
  description = "Security group of the cache."
  value       = module.cache.security_group_id
}
