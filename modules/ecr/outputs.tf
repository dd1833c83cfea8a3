output "repository_urls" {
  description = "Repository URLs (REGISTRY/NAME) by name: push and pull here; pin images by digest (URL@sha256:...)."
  value       = { for name, repo in aws_ecr_repository.this : name => repo.repository_url }
}

output "repository_arns" {
  description = "Repository ARNs by name (for IAM policies of CI push roles and task execution roles)."
  value       = { for name, repo in aws_ecr_repository.this : name => repo.arn }
}

output "registry_id" {
  description = "The registry (account) id of the repositories."
  value       = data.aws_caller_identity.current.account_id
}

output "replication_regions" {
  description = "Regions the repositories are replicated to (empty: none)."
  value       = [for d in var.replication_destinations : d.region]
}
