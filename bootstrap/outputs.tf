output "bucket_name" {
  description = "Name of the state bucket (backend \"s3\" bucket)."
  value       = aws_s3_bucket.state.id
}

output "bucket_arn" {
  description = "ARN of the state bucket."
  value       = aws_s3_bucket.state.arn
}

output "kms_key_arn" {
  description = "ARN of the terraform-state KMS key (backend \"s3\" kms_key_id; the kms layer re-exports it as terraform_state_key_arn)."
  value       = aws_kms_key.state.arn
}

output "kms_key_id" {
  description = "ID of the terraform-state KMS key."
  value       = aws_kms_key.state.key_id
}

output "kms_key_alias" {
  description = "Alias of the terraform-state KMS key."
  value       = aws_kms_alias.state.name
}

output "lock_table_name" {
  description = "Name of the DynamoDB lock table (backend \"s3\" dynamodb_table); null when none is created (S3 native locking)."
  value       = try(aws_dynamodb_table.lock[0].name, null)
}

output "lock_table_arn" {
  description = "ARN of the DynamoDB lock table; null when none is created."
  value       = try(aws_dynamodb_table.lock[0].arn, null)
}

output "access_log_bucket_name" {
  description = "Name of the bucket that receives the state bucket's access logs."
  value       = module.access_log_bucket.s3_bucket_id
}

output "backend_config" {
  description = "Settings for a backend \"s3\" block that uses this backend (add key per state). With kms_key_id set, Terraform sends the matching encryption header, which the bucket policy accepts."
  value = {
    bucket         = aws_s3_bucket.state.id
    region         = local.region
    encrypt        = true
    kms_key_id     = aws_kms_key.state.arn
    use_lockfile   = true
    dynamodb_table = try(aws_dynamodb_table.lock[0].name, null)
  }
}

output "replica_bucket_name" {
  description = "Name of the state bucket's replica in replica_region (a backend profile's bucket, ADR 0023); null without replication."
  value       = local.replicate ? aws_s3_bucket.replica[0].bucket : null
}

output "replica_kms_key_arn" {
  description = "ARN of the state key's replica in replica_region (encrypts the replica bucket and the lock table's replica); null without replication."
  value       = local.replicate ? aws_kms_replica_key.state[0].arn : null
}

output "replication_role_arn" {
  description = "ARN of the IAM role S3 replicates the state with; null without replication."
  value       = local.replicate ? aws_iam_role.replication[0].arn : null
}
