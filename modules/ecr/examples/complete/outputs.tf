output "repository_urls" {
  description = "Repository URLs by name."
  value       = module.ecr.repository_urls
}

output "repository_arns" {
  description = "Repository ARNs by name."
  value       = module.ecr.repository_arns
}

output "replication_regions" {
  description = "Regions the images are replicated to."
  value       = module.ecr.replication_regions
}
