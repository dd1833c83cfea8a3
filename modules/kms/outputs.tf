output "key_arns" {
  description = "Key ARNs by purpose, including terraform-state (re-exported from the bootstrap layer)."
  value = merge(
    { "terraform-state" = var.terraform_state_key_arn },
    { for p, k in aws_kms_key.this : p => k.arn },
  )
}

output "key_ids" {
  description = "Key IDs by purpose, including terraform-state."
  value = merge(
    { "terraform-state" = element(split("/", var.terraform_state_key_arn), 1) },
    { for p, k in aws_kms_key.this : p => k.key_id },
  )
}

output "key_aliases" {
  description = "Alias names (alias/...) by purpose, including terraform-state."
  value = merge(
    { "terraform-state" = var.terraform_state_key_alias },
    { for p, a in aws_kms_alias.this : p => a.name },
  )
}

output "key_alias_arns" {
  description = "Alias ARNs by purpose (created keys only)."
  value       = { for p, a in aws_kms_alias.this : p => a.arn }
}

output "replica_key_arns" {
  description = "ARNs of the keys' replicas in the DR region, by purpose (multi_region_purposes only), e.g. a Secrets Manager replica's kms_key_arn."
  value       = { for p, k in aws_kms_replica_key.this : p => k.arn }
}
