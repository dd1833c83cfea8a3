# HTTP API (v2): routes, integrations, authorizers, access logs, throttling, custom domain.

mock_provider "aws" {
  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:ap-northeast-2:111122223333:log-group:/aws/apigateway/orders/access"
    }
  }
  mock_resource "aws_apigatewayv2_api" {
    defaults = {
      id            = "a1b2c3"
      arn           = "arn:aws:apigateway:ap-northeast-2::/apis/a1b2c3"
      execution_arn = "arn:aws:execute-api:ap-northeast-2:111122223333:a1b2c3"
      api_endpoint  = "https://a1b2c3.execute-api.ap-northeast-2.amazonaws.com"
    }
  }
  mock_resource "aws_apigatewayv2_authorizer" {
    defaults = {
      id = "auth01"
    }
  }
}

variables {
  name        = "orders"
  kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555"
  integrations = {
    orders = {
      uri                  = "arn:aws:lambda:ap-northeast-2:111122223333:function:orders"
      lambda_function_name = "orders"
    }
  }
  authorizers = {
    cognito = {
      type         = "JWT"
      jwt_issuer   = "https://cognito-idp.ap-northeast-2.amazonaws.com/ap-northeast-2_abc"
      jwt_audience = ["client-1"]
    }
    partner = {
      type                 = "REQUEST"
      lambda_invoke_arn    = "arn:aws:apigateway:ap-northeast-2:lambda:path/2015-03-31/functions/arn:aws:lambda:ap-northeast-2:111122223333:function:partner-auth/invocations"
      lambda_function_name = "partner-auth"
    }
  }
  routes = {
    "GET /orders"         = { integration = "orders", authorizer = "cognito", authorization_scopes = ["orders/read"] }
    "POST /partner/order" = { integration = "orders", authorizer = "partner" }
    "GET /internal/stats" = { integration = "orders", authorization_type = "AWS_IAM", throttling_rate_limit = 5 }
    "GET /health"         = { integration = "orders", authorization_type = "NONE" }
  }
  tags = {
    Team = "orders"
  }
}

run "http_defaults" {
  command = plan

  assert {
    condition     = aws_apigatewayv2_api.this[0].protocol_type == "HTTP" && aws_apigatewayv2_api.this[0].name == "orders" && aws_apigatewayv2_api.this[0].tags["Name"] == "orders" && aws_apigatewayv2_api.this[0].tags["Team"] == "orders"
    error_message = "An HTTP API named and tagged after var.name."
  }

  assert {
    condition     = aws_apigatewayv2_stage.this[0].name == "$default" && aws_apigatewayv2_stage.this[0].auto_deploy == true
    error_message = "HTTP APIs get an auto-deployed $default stage."
  }

  assert {
    condition     = aws_apigatewayv2_stage.this[0].default_route_settings[0].throttling_rate_limit == 100 && aws_apigatewayv2_stage.this[0].default_route_settings[0].throttling_burst_limit == 200 && aws_apigatewayv2_stage.this[0].default_route_settings[0].detailed_metrics_enabled
    error_message = "Default route throttling (100 rps, burst 200) and detailed metrics must be on."
  }

  assert {
    condition     = jsondecode(aws_apigatewayv2_stage.this[0].access_log_settings[0].format).routeKey == "$context.routeKey" && jsondecode(aws_apigatewayv2_stage.this[0].access_log_settings[0].format).status == "$context.status"
    error_message = "Access logs must use the JSON format."
  }

  assert {
    condition     = module.access_logs.cloudwatch_log_group_name == "/aws/apigateway/orders/access"
    error_message = "Access logs go to the module's encrypted log group."
  }

  assert {
    condition     = aws_apigatewayv2_route.this["GET /orders"].authorization_type == "JWT" && aws_apigatewayv2_route.this["GET /orders"].authorization_scopes == toset(["orders/read"])
    error_message = "A route with a JWT authorizer must use JWT with its scopes."
  }

  assert {
    condition     = aws_apigatewayv2_route.this["POST /partner/order"].authorization_type == "CUSTOM"
    error_message = "A route with a Lambda authorizer must use CUSTOM."
  }

  assert {
    condition     = aws_apigatewayv2_route.this["GET /internal/stats"].authorization_type == "AWS_IAM" && aws_apigatewayv2_route.this["GET /health"].authorization_type == "NONE"
    error_message = "Explicit AWS_IAM and NONE routes must pass through."
  }

  assert {
    condition     = aws_apigatewayv2_integration.this["orders"].integration_type == "AWS_PROXY" && aws_apigatewayv2_integration.this["orders"].payload_format_version == "2.0" && aws_apigatewayv2_integration.this["orders"].integration_method == "POST"
    error_message = "Lambda integrations are AWS_PROXY, POST, payload 2.0."
  }

  assert {
    condition     = aws_apigatewayv2_authorizer.this["cognito"].jwt_configuration[0].issuer == "https://cognito-idp.ap-northeast-2.amazonaws.com/ap-northeast-2_abc" && aws_apigatewayv2_authorizer.this["partner"].enable_simple_responses == true
    error_message = "Authorizers must be configured from the map."
  }

  assert {
    condition     = length(aws_apigatewayv2_stage.this[0].route_settings) == 1 && one(aws_apigatewayv2_stage.this[0].route_settings).route_key == "GET /internal/stats" && one(aws_apigatewayv2_stage.this[0].route_settings).throttling_rate_limit == 5
    error_message = "Only routes with their own throttling get route settings."
  }

  assert {
    condition     = length(aws_lambda_permission.integration) == 1 && length(aws_lambda_permission.authorizer) == 1
    error_message = "The integration's and the Lambda authorizer's functions must get invoke permissions."
  }

  assert {
    condition     = length(aws_api_gateway_rest_api.this) == 0 && length(aws_api_gateway_stage.this) == 0 && length(aws_wafv2_web_acl_association.this) == 0 && length(module.execution_logs) == 0
    error_message = "No REST resources for an HTTP API."
  }

  assert {
    condition     = length(aws_apigatewayv2_domain_name.this) == 0 && length(aws_route53_record.this) == 0
    error_message = "No custom domain by default."
  }
}

run "http_applied" {
  command = apply

  assert {
    condition     = aws_lambda_permission.integration["orders"].source_arn == "arn:aws:execute-api:ap-northeast-2:111122223333:a1b2c3/*/*" && aws_lambda_permission.integration["orders"].principal == "apigateway.amazonaws.com"
    error_message = "Integration permissions must be scoped to this API's execution ARN."
  }

  assert {
    condition     = aws_lambda_permission.authorizer["partner"].source_arn == "arn:aws:execute-api:ap-northeast-2:111122223333:a1b2c3/authorizers/auth01"
    error_message = "The authorizer permission must be scoped to the authorizer."
  }

  assert {
    condition     = aws_apigatewayv2_stage.this[0].access_log_settings[0].destination_arn == "arn:aws:logs:ap-northeast-2:111122223333:log-group:/aws/apigateway/orders/access"
    error_message = "The stage must log to the module's log group."
  }

  assert {
    condition     = output.api_id == "a1b2c3" && output.api_execution_arn == "arn:aws:execute-api:ap-northeast-2:111122223333:a1b2c3" && output.stage_name == "$default"
    error_message = "Outputs must expose the API."
  }

  assert {
    condition     = length(output.route_ids) == 4 && output.authorizer_ids["cognito"] == "auth01"
    error_message = "Route and authorizer IDs must be exposed by key."
  }
}

run "http_custom_domain_and_cors" {
  command = plan

  variables {
    domain_name = {
      name            = "api.example.com"
      certificate_arn = "arn:aws:acm:ap-northeast-2:111122223333:certificate/abcd"
      hosted_zone_id  = "Z0123456789"
      base_path       = "v1"
    }
    disable_execute_api_endpoint = true
    cors_configuration           = { allow_origins = ["https://app.example.com"] }
  }

  assert {
    condition     = aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].security_policy == "TLS_1_2" && aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].endpoint_type == "REGIONAL"
    error_message = "Custom domains use a regional endpoint with TLS 1.2."
  }

  assert {
    condition     = aws_apigatewayv2_api_mapping.this[0].api_mapping_key == "v1"
    error_message = "The base path becomes the API mapping key."
  }

  assert {
    condition     = length(aws_route53_record.this) == 2 && aws_route53_record.this["A"].name == "api.example.com" && aws_route53_record.this["AAAA"].zone_id == "Z0123456789"
    error_message = "A and AAAA alias records must be created in the zone."
  }

  assert {
    condition     = aws_apigatewayv2_api.this[0].disable_execute_api_endpoint == true && aws_apigatewayv2_api.this[0].cors_configuration[0].allow_origins == toset(["https://app.example.com"])
    error_message = "The execute-api endpoint switch and CORS must pass through."
  }
}

run "http_domain_without_dns" {
  command = plan

  variables {
    domain_name = {
      name               = "api.example.com"
      certificate_arn    = "arn:aws:acm:ap-northeast-2:111122223333:certificate/abcd"
      create_dns_records = false
    }
  }

  assert {
    condition     = length(aws_apigatewayv2_domain_name.this) == 1 && length(aws_route53_record.this) == 0 && aws_apigatewayv2_api_mapping.this[0].api_mapping_key == null
    error_message = "Without hosted_zone_id no records; an empty base path maps the root."
  }
}
