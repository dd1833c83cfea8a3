output "web_acl_arn" {
  description = "REGIONAL web ACL: the web_acl_arn input of the alb and api-gateway modules."
  value       = module.waf.web_acl_arn
}

output "web_acl_arns" {
  description = "Web ACL ARNs by scope."
  value       = module.waf.web_acl_arns
}
