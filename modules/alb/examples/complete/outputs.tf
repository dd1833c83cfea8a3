output "alb_dns_name" {
  description = "DNS name of the example load balancer."
  value       = module.alb.dns_name
}

output "alb_security_group_id" {
  description = "Security group of the example load balancer."
  value       = module.alb.security_group_id
}
