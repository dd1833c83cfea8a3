output "tags" {
  description = "The merged tag set."
  value       = module.tags.tags
}

output "name_prefix" {
  description = "payments-prod"
  value       = module.tags.name_prefix
}
