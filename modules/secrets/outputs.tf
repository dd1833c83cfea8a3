output "secret_arns" {
  description = "Secret ARNs by key. Grant secretsmanager:GetSecretValue on exactly these ARNs (and kms:Decrypt on the secrets key through secretsmanager)."
  value       = { for k, s in aws_secretsmanager_secret.this : k => s.arn }
}

output "secret_names" {
  description = "Secret names by key."
  value       = { for k, s in aws_secretsmanager_secret.this : k => s.name }
}

output "secret_replica_regions" {
  description = "Regions each secret is replicated to, by key (empty for secrets without replicate)."
  value       = { for k, s in aws_secretsmanager_secret.this : k => sort([for r in s.replica : r.region]) }
}

output "rotated_secret_arns" {
  description = "ARNs of the secrets with automatic rotation, by key, with the function that rotates each."
  value = {
    for k, r in aws_secretsmanager_secret_rotation.this : k => {
      secret_arn          = aws_secretsmanager_secret.this[k].arn
      rotation_lambda_arn = r.rotation_lambda_arn
    }
  }
}

output "rotation_function_arn" {
  description = "ARN of the PostgreSQL single-user rotation function (null when the module creates none). Secrets of other layers may use it: they add an aws_lambda_permission for secretsmanager.amazonaws.com with their secret's ARN."
  value       = one(module.rotation_function[*].lambda_function_arn)
}

output "rotation_function_name" {
  description = "Name of the rotation function."
  value       = one(module.rotation_function[*].lambda_function_name)
}

output "rotation_function_role_arn" {
  description = "Execution role of the rotation function."
  value       = one(module.rotation_function[*].lambda_role_arn)
}

output "rotation_function_security_group_id" {
  description = "Security group of the rotation function (null outside a VPC): allow it on the database port in the databases' security groups."
  value       = one(module.security_group[*].security_group_id)
}

output "rotation_function_log_group_name" {
  description = "Log group of the rotation function."
  value       = one(module.rotation_function[*].lambda_cloudwatch_log_group_name)
}
