output "endpoint" {
  description = "Connection endpoint."
  value       = module.db.db_instance_endpoint
}

output "master_user_secret_arn" {
  description = "Secret with the master password (RDS-managed)."
  value       = module.db.db_instance_master_user_secret_arn
}
