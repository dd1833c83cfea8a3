output "api_id" {
  description = "ID of the API (HTTP or REST)."
  value       = local.api_id
}

output "api_arn" {
  description = "ARN of the API."
  value       = local.is_http ? aws_apigatewayv2_api.this[0].arn : aws_api_gateway_rest_api.this[0].arn
}

output "api_endpoint" {
  description = "Default endpoint of the API (https://ID.execute-api.REGION.amazonaws.com)."
  value       = local.is_http ? aws_apigatewayv2_api.this[0].api_endpoint : "https://${aws_api_gateway_rest_api.this[0].id}.execute-api.${split(":", aws_api_gateway_rest_api.this[0].arn)[3]}.amazonaws.com"
}

output "api_execution_arn" {
  description = "Execution ARN, the prefix of source_arn in Lambda permissions (append /STAGE/METHOD/PATH or /*/*)."
  value       = local.api_execution_arn
}

output "stage_id" {
  description = "ID of the stage."
  value       = local.is_http ? aws_apigatewayv2_stage.this[0].id : aws_api_gateway_stage.this[0].id
}

output "stage_name" {
  description = "Name of the stage."
  value       = local.stage_name
}

output "stage_arn" {
  description = "ARN of the stage (for a REST API, the resource the WAF web ACL is associated with)."
  value       = local.is_http ? aws_apigatewayv2_stage.this[0].arn : aws_api_gateway_stage.this[0].arn
}

output "stage_invoke_url" {
  description = "URL that invokes the stage."
  value       = local.is_http ? aws_apigatewayv2_stage.this[0].invoke_url : aws_api_gateway_stage.this[0].invoke_url
}

output "integration_ids" {
  description = "HTTP API integration IDs by integration key."
  value       = { for k, i in aws_apigatewayv2_integration.this : k => i.id }
}

output "route_ids" {
  description = "HTTP API route IDs by route key."
  value       = { for k, r in aws_apigatewayv2_route.this : k => r.id }
}

output "authorizer_ids" {
  description = "HTTP API authorizer IDs by authorizer key."
  value       = { for k, a in aws_apigatewayv2_authorizer.this : k => a.id }
}

output "access_log_group_name" {
  description = "Name of the access log group."
  value       = module.access_logs.cloudwatch_log_group_name
}

output "access_log_group_arn" {
  description = "ARN of the access log group."
  value       = module.access_logs.cloudwatch_log_group_arn
}

output "web_acl_association_id" {
  description = "ID of the WAF web ACL association (REST only; null without web_acl_arn)."
  value       = try(aws_wafv2_web_acl_association.this[0].id, null)
}

output "domain_name" {
  description = "The custom domain name (null without domain_name)."
  value       = try(var.domain_name.name, null)
}

output "domain_name_target" {
  description = "Regional target of the custom domain (name and hosted zone ID) for DNS records made elsewhere."
  value       = local.domain_target
}
