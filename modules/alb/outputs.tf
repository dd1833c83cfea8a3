output "arn" {
  description = "ARN of the load balancer."
  value       = aws_lb.this.arn
}

output "arn_suffix" {
  description = "ARN suffix of the load balancer (for CloudWatch metrics)."
  value       = aws_lb.this.arn_suffix
}

output "id" {
  description = "ID of the load balancer (same as its ARN)."
  value       = aws_lb.this.id
}

output "dns_name" {
  description = "DNS name of the load balancer."
  value       = aws_lb.this.dns_name
}

output "zone_id" {
  description = "Route 53 hosted zone ID of the load balancer (for alias records)."
  value       = aws_lb.this.zone_id
}

output "security_group_id" {
  description = "ID of the load balancer's own security group (null when create_security_group = false)."
  value       = one(module.security_group[*].security_group_id)
}

output "security_group_arn" {
  description = "ARN of the load balancer's own security group (null when create_security_group = false)."
  value       = one(module.security_group[*].security_group_arn)
}

output "listeners" {
  description = "Listeners keyed like var.listeners: arn and port. The HTTP redirect listener is under the key http-redirect."
  value = merge(
    { for k, l in aws_lb_listener.this : k => { arn = l.arn, port = l.port } },
    { for l in aws_lb_listener.http_redirect : "http-redirect" => { arn = l.arn, port = l.port } },
  )
}

output "listener_rule_arns" {
  description = "ARNs of the listener rules, keyed \"<listener>/<rule>\"."
  value       = { for k, r in aws_lb_listener_rule.this : k => r.arn }
}

output "target_groups" {
  description = "Target groups keyed like var.target_groups: arn, arn_suffix and name."
  value       = { for k, tg in aws_lb_target_group.this : k => { arn = tg.arn, arn_suffix = tg.arn_suffix, name = tg.name } }
}

output "web_acl_association_id" {
  description = "ID of the WAF association, or null when there is none."
  value       = one(aws_wafv2_web_acl_association.this[*].id)
}
