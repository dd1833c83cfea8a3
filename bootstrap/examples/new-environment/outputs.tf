output "bucket_name" {
  description = "State bucket."
  value       = module.bootstrap.bucket_name
}

output "kms_key_arn" {
  description = "State key (backend kms_key_id)."
  value       = module.bootstrap.kms_key_arn
}
