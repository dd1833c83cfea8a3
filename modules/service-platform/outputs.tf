output "cluster_arn" {
  description = "ARN of the shared ECS cluster (modules/ecs-service's cluster_arn)."
  value       = aws_ecs_cluster.this.arn
}

output "cluster_name" {
  description = "Name of the shared ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "alb_arn" {
  description = "ARN of the shared load balancer."
  value       = module.alb.arn
}

output "alb_dns_name" {
  description = "DNS name of the shared load balancer (the target of a service's alias record)."
  value       = module.alb.dns_name
}

output "alb_zone_id" {
  description = "Route 53 zone id of the shared load balancer (for alias records)."
  value       = module.alb.zone_id
}

output "alb_security_group_id" {
  description = "Security group of the shared load balancer: a service's tasks admit their container port from it."
  value       = module.alb.security_group_id
}

output "https_listener_arn" {
  description = "The shared HTTPS listener: a service adds a listener rule (its host header) forwarding to its target group."
  value       = module.alb.listeners["https"].arn
}

output "repository_urls" {
  description = "Image repository URLs by name."
  value       = module.ecr.repository_urls
}

output "repository_arns" {
  description = "Image repository ARNs by name."
  value       = module.ecr.repository_arns
}
