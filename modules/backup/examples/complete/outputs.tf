output "vault_arn" {
  description = "The primary vault."
  value       = module.backup.vault_arn
}

output "dr_vault_arn" {
  description = "The DR vault."
  value       = module.backup.dr_vault_arn
}
