locals {
  is_http    = var.api_type == "HTTP"
  is_rest    = var.api_type == "REST"
  stage_name = coalesce(var.stage_name, local.is_http ? "$default" : "v1")
  tags       = merge(var.tags, { Name = var.name })

  http_access_log_format = jsonencode({
    requestId          = "$context.requestId"
    extendedRequestId  = "$context.extendedRequestId"
    ip                 = "$context.identity.sourceIp"
    userAgent          = "$context.identity.userAgent"
    requestTime        = "$context.requestTime"
    httpMethod         = "$context.httpMethod"
    routeKey           = "$context.routeKey"
    path               = "$context.path"
    status             = "$context.status"
    protocol           = "$context.protocol"
    responseLength     = "$context.responseLength"
    responseLatency    = "$context.responseLatency"
    integrationLatency = "$context.integrationLatency"
    integrationError   = "$context.integrationErrorMessage"
    authorizerError    = "$context.authorizer.error"
    principalId        = "$context.authorizer.principalId"
  })

  rest_access_log_format = jsonencode({
    requestId          = "$context.requestId"
    extendedRequestId  = "$context.extendedRequestId"
    ip                 = "$context.identity.sourceIp"
    userAgent          = "$context.identity.userAgent"
    caller             = "$context.identity.caller"
    user               = "$context.identity.user"
    requestTime        = "$context.requestTime"
    httpMethod         = "$context.httpMethod"
    resourcePath       = "$context.resourcePath"
    status             = "$context.status"
    protocol           = "$context.protocol"
    responseLength     = "$context.responseLength"
    responseLatency    = "$context.responseLatency"
    integrationLatency = "$context.integrationLatency"
    wafStatus          = "$context.waf.status"
    xrayTraceId        = "$context.xrayTraceId"
  })

  access_log_format = coalesce(var.access_log_format, local.is_http ? local.http_access_log_format : local.rest_access_log_format)

  api_id            = local.is_http ? aws_apigatewayv2_api.this[0].id : aws_api_gateway_rest_api.this[0].id
  api_execution_arn = local.is_http ? aws_apigatewayv2_api.this[0].execution_arn : aws_api_gateway_rest_api.this[0].execution_arn
}

# Access logs go to an encrypted log group with retention, created before the stage.
module "access_logs" {
  source = "../cloudwatch-log-group"

  name              = "/aws/apigateway/${var.name}/access"
  retention_in_days = var.log_retention_in_days
  kms_key_arn       = var.kms_key_arn
  tags              = local.tags
}
