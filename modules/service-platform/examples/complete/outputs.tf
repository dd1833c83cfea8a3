output "cluster_arn" {
  description = "The shared cluster."
  value       = module.service_platform.cluster_arn
}

output "alb_dns_name" {
  description = "DNS name of the shared load balancer."
  value       = module.service_platform.alb_dns_name
}

output "https_listener_arn" {
  description = "The listener services add their routes to."
  value       = module.service_platform.https_listener_arn
}

output "repository_urls" {
  description = "Repository URLs by name."
  value       = module.service_platform.repository_urls
}
