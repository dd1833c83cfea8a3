output "endpoints" {
  description = "The endpoints by name."
  value       = module.vpc_endpoints.endpoints
}

output "security_group_id" {
  description = "Security group of the Interface endpoints."
  value       = module.vpc_endpoints.security_group_id
}
