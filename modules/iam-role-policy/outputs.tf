output "iam_role_arn" {
  description = "ARN of the role."
  value       = aws_iam_role.this.arn
}

output "iam_role_name" {
  description = "Name of the role."
  value       = aws_iam_role.this.name
}

output "iam_role_unique_id" {
  description = "Stable unique ID of the role (AROA...)."
  value       = aws_iam_role.this.unique_id
}

output "iam_role_path" {
  description = "IAM path of the role."
  value       = aws_iam_role.this.path
}

output "assume_role_policy" {
  description = "The trust policy (JSON) the module built."
  value       = local.assume_role_policy
}

output "iam_instance_profile_arn" {
  description = "ARN of the instance profile, or null when create_instance_profile is false."
  value       = one(aws_iam_instance_profile.this[*].arn)
}

output "iam_instance_profile_name" {
  description = "Name of the instance profile, or null when create_instance_profile is false."
  value       = one(aws_iam_instance_profile.this[*].name)
}
