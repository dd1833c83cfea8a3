output "key_arns" {
  description = "Key ARNs by purpose."
  value       = module.kms.key_arns
}

output "key_aliases" {
  description = "Aliases by purpose."
  value       = module.kms.key_aliases
}
