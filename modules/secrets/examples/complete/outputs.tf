output "secret_arns" {
  description = "Secret ARNs by key."
  value       = module.secrets.secret_arns
}

output "rotation_function_security_group_id" {
  description = "Allow this group on 5432 in the database's security group."
  value       = module.secrets.rotation_function_security_group_id
}
