output "web_acl_arn" {
  description = "ARN of the REGIONAL web ACL: the web_acl_arn input of the alb and api-gateway modules. null when REGIONAL is not in scopes."
  value       = one(module.regional[*].web_acl_arn)
}

output "cloudfront_web_acl_arn" {
  description = "ARN of the CLOUDFRONT web ACL (us-east-1), for a CloudFront distribution's web_acl_id. null when CLOUDFRONT is not in scopes."
  value       = one(module.cloudfront[*].web_acl_arn)
}

output "web_acl_arns" {
  description = "Web ACL ARNs by scope (REGIONAL, CLOUDFRONT)."
  value = merge(
    { for m in module.regional : "REGIONAL" => m.web_acl_arn },
    { for m in module.cloudfront : "CLOUDFRONT" => m.web_acl_arn },
  )
}

output "web_acl_ids" {
  description = "Web ACL IDs by scope."
  value = merge(
    { for m in module.regional : "REGIONAL" => m.web_acl_id },
    { for m in module.cloudfront : "CLOUDFRONT" => m.web_acl_id },
  )
}

output "web_acl_names" {
  description = "Web ACL names by scope."
  value = merge(
    { for m in module.regional : "REGIONAL" => m.web_acl_name },
    { for m in module.cloudfront : "CLOUDFRONT" => m.web_acl_name },
  )
}

output "ip_set_arns" {
  description = "Allow and block IP set ARNs by scope: { REGIONAL = { allow, block }, ... }."
  value = merge(
    { for m in module.regional : "REGIONAL" => m.ip_set_arns },
    { for m in module.cloudfront : "CLOUDFRONT" => m.ip_set_arns },
  )
}

output "log_group_names" {
  description = "WAF log group names (aws-waf-logs-...) by scope."
  value = merge(
    { for m in module.regional : "REGIONAL" => m.log_group_name },
    { for m in module.cloudfront : "CLOUDFRONT" => m.log_group_name },
  )
}

output "log_group_arns" {
  description = "WAF log group ARNs by scope."
  value = merge(
    { for m in module.regional : "REGIONAL" => m.log_group_arn },
    { for m in module.cloudfront : "CLOUDFRONT" => m.log_group_arn },
  )
}

output "cloudfront_logs_kms_key_arn" {
  description = "ARN of the us-east-1 key that encrypts the CLOUDFRONT log group (created here or cloudfront_kms_key_arn)."
  value       = local.create_cloudfront ? (local.create_cloudfront_key ? aws_kms_key.cloudfront_logs[0].arn : var.cloudfront_kms_key_arn) : null
}
