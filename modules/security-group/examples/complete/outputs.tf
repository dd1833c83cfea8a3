output "app_security_group_id" {
  description = "ID of the application tier group."
  value       = module.app.security_group_id
}

output "db_security_group_id" {
  description = "ID of the database tier group."
  value       = module.db.security_group_id
}
