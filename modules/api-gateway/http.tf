# HTTP API (API Gateway v2).

resource "aws_apigatewayv2_api" "this" {
  count = local.is_http ? 1 : 0

  name                         = var.name
  description                  = var.description
  protocol_type                = "HTTP"
  disable_execute_api_endpoint = var.disable_execute_api_endpoint

  dynamic "cors_configuration" {
    for_each = var.cors_configuration == null ? [] : [var.cors_configuration]
    content {
      allow_origins     = cors_configuration.value.allow_origins
      allow_methods     = cors_configuration.value.allow_methods
      allow_headers     = cors_configuration.value.allow_headers
      expose_headers    = cors_configuration.value.expose_headers
      allow_credentials = cors_configuration.value.allow_credentials
      max_age           = cors_configuration.value.max_age
    }
  }

  tags = local.tags
}

resource "aws_apigatewayv2_integration" "this" {
  for_each = local.is_http ? var.integrations : {}

  api_id                 = aws_apigatewayv2_api.this[0].id
  description            = each.value.description
  integration_type       = each.value.type
  integration_uri        = each.value.uri
  integration_method     = each.value.type == "AWS_PROXY" ? "POST" : coalesce(each.value.method, "ANY")
  payload_format_version = each.value.type == "AWS_PROXY" ? coalesce(each.value.payload_format_version, "2.0") : coalesce(each.value.payload_format_version, "1.0")
  timeout_milliseconds   = each.value.timeout_milliseconds
  connection_type        = each.value.vpc_link_id == null ? "INTERNET" : "VPC_LINK"
  connection_id          = each.value.vpc_link_id
}

resource "aws_apigatewayv2_authorizer" "this" {
  for_each = local.is_http ? var.authorizers : {}

  api_id           = aws_apigatewayv2_api.this[0].id
  name             = each.key
  authorizer_type  = each.value.type
  identity_sources = each.value.identity_sources

  dynamic "jwt_configuration" {
    for_each = each.value.type == "JWT" ? [true] : []
    content {
      issuer   = each.value.jwt_issuer
      audience = each.value.jwt_audience
    }
  }

  authorizer_uri                    = each.value.type == "REQUEST" ? each.value.lambda_invoke_arn : null
  authorizer_payload_format_version = each.value.type == "REQUEST" ? each.value.payload_format_version : null
  enable_simple_responses           = each.value.type == "REQUEST" && each.value.payload_format_version == "2.0" ? each.value.enable_simple_responses : null
  authorizer_result_ttl_in_seconds  = each.value.type == "REQUEST" ? each.value.result_ttl_in_seconds : null
}

resource "aws_apigatewayv2_route" "this" {
  for_each = local.is_http ? var.routes : {}

  api_id    = aws_apigatewayv2_api.this[0].id
  route_key = each.key
  target    = "integrations/${aws_apigatewayv2_integration.this[each.value.integration].id}"

  authorization_type   = each.value.authorizer == null ? each.value.authorization_type : (var.authorizers[each.value.authorizer].type == "JWT" ? "JWT" : "CUSTOM")
  authorizer_id        = each.value.authorizer == null ? null : aws_apigatewayv2_authorizer.this[each.value.authorizer].id
  authorization_scopes = each.value.authorization_scopes
}

resource "aws_apigatewayv2_stage" "this" {
  count = local.is_http ? 1 : 0

  api_id      = aws_apigatewayv2_api.this[0].id
  name        = local.stage_name
  auto_deploy = true

  access_log_settings {
    destination_arn = module.access_logs.cloudwatch_log_group_arn
    format          = local.access_log_format
  }

  default_route_settings {
    detailed_metrics_enabled = true
    throttling_rate_limit    = var.default_route_throttling.rate_limit
    throttling_burst_limit   = var.default_route_throttling.burst_limit
  }

  dynamic "route_settings" {
    for_each = { for k, r in var.routes : k => r if r.throttling_rate_limit != null || r.throttling_burst_limit != null }
    content {
      route_key                = route_settings.key
      detailed_metrics_enabled = true
      throttling_rate_limit    = coalesce(route_settings.value.throttling_rate_limit, var.default_route_throttling.rate_limit)
      throttling_burst_limit   = coalesce(route_settings.value.throttling_burst_limit, var.default_route_throttling.burst_limit)
    }
  }

  tags = local.tags

  # Route settings name routes that must exist first.
  depends_on = [aws_apigatewayv2_route.this]
}

# API Gateway may invoke the integrations' and authorizers' functions, from this API only.
resource "aws_lambda_permission" "integration" {
  for_each = local.is_http ? { for k, i in var.integrations : k => i if i.lambda_function_name != null } : {}

  statement_id  = substr(replace("AllowApiGateway-${var.name}-${each.key}", "/[^A-Za-z0-9_-]/", "-"), 0, 100)
  action        = "lambda:InvokeFunction"
  function_name = each.value.lambda_function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this[0].execution_arn}/*/*"
}

resource "aws_lambda_permission" "authorizer" {
  for_each = local.is_http ? { for k, a in var.authorizers : k => a if a.type == "REQUEST" && a.lambda_function_name != null } : {}

  statement_id  = substr(replace("AllowApiGatewayAuthorizer-${var.name}-${each.key}", "/[^A-Za-z0-9_-]/", "-"), 0, 100)
  action        = "lambda:InvokeFunction"
  function_name = each.value.lambda_function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this[0].execution_arn}/authorizers/${aws_apigatewayv2_authorizer.this[each.key].id}"
}
