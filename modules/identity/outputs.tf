output "oidc_provider_arn" {
  description = "The account's GitHub OIDC provider."
  value       = local.oidc_arn
}

output "plan_role_arn" {
  description = "The plan role (GitHub variable PLAN_ROLE_ARN): read-only, state read, locks."
  value       = aws_iam_role.plan.arn
}

output "apply_role_arn" {
  description = "The apply role of this environment (GitHub variable APPLY_ROLE_ARN, or DEV_APPLY_ROLE_ARN for dev): the protected environment only."
  value       = aws_iam_role.apply.arn
}

output "platform_terraform_role_arn" {
  description = "platform-terraform, which every layer's provider assumes."
  value       = aws_iam_role.platform_terraform.arn
}

output "permissions_boundary_arn" {
  description = "The permissions boundary of platform-terraform and of every role it creates."
  value       = aws_iam_policy.boundary.arn
}

output "platform_terraform_read_role_arn" {
  description = "platform-terraform-read, which the providers assume in plans (LAYER_ASSUME_ROLE=platform-terraform-read)."
  value       = aws_iam_role.platform_terraform_read.arn
}
