# One run per input validation of the api-gateway module: each must reject bad input.

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

run "name_invalid" {
  command = plan

  variables {
    name = "orders api"
  }

  expect_failures = [var.name]
}

run "api_type_invalid" {
  command = plan

  variables {
    api_type = "WEBSOCKET"
  }

  expect_failures = [var.api_type]
}

run "kms_key_not_arn" {
  command = plan

  variables {
    kms_key_arn = "alias/logs"
  }

  expect_failures = [var.kms_key_arn]
}

run "stage_name_invalid" {
  command = plan

  variables {
    stage_name = "my stage"
  }

  expect_failures = [var.stage_name]
}

run "rest_stage_named_default" {
  command = plan

  variables {
    api_type     = "REST"
    routes       = {}
    openapi_spec = "{}"
    stage_name   = "$default"
  }

  expect_failures = [var.stage_name]
}

run "throttling_not_positive" {
  command = plan

  variables {
    default_route_throttling = { rate_limit = 0 }
  }

  expect_failures = [var.default_route_throttling]
}

run "disable_endpoint_without_domain" {
  command = plan

  variables {
    disable_execute_api_endpoint = true
  }

  expect_failures = [var.disable_execute_api_endpoint]
}

run "cors_credentials_from_any_origin" {
  command = plan

  variables {
    cors_configuration = { allow_origins = ["*"], allow_credentials = true }
  }

  expect_failures = [var.cors_configuration]
}

run "integration_type_invalid" {
  command = plan

  variables {
    integrations = { orders = { type = "MOCK", uri = "arn:aws:lambda:ap-northeast-2:111122223333:function:orders" } }
  }

  expect_failures = [var.integrations]
}

run "integration_timeout_out_of_range" {
  command = plan

  variables {
    integrations = { orders = { uri = "arn:aws:lambda:ap-northeast-2:111122223333:function:orders", timeout_milliseconds = 60000 } }
  }

  expect_failures = [var.integrations]
}

run "integration_vpc_link_on_lambda" {
  command = plan

  variables {
    integrations = { orders = { uri = "arn:aws:lambda:ap-northeast-2:111122223333:function:orders", vpc_link_id = "vl-1" } }
  }

  expect_failures = [var.integrations]
}

run "authorizer_type_invalid" {
  command = plan

  variables {
    authorizers = { cognito = { type = "TOKEN" } }
    routes      = {}
  }

  expect_failures = [var.authorizers]
}

run "jwt_without_audience" {
  command = plan

  variables {
    authorizers = { cognito = { type = "JWT", jwt_issuer = "https://issuer.example.com" } }
    routes      = {}
  }

  expect_failures = [var.authorizers]
}

run "jwt_issuer_not_https" {
  command = plan

  variables {
    authorizers = { cognito = { type = "JWT", jwt_issuer = "http://issuer.example.com", jwt_audience = ["a"] } }
    routes      = {}
  }

  expect_failures = [var.authorizers]
}

run "lambda_authorizer_without_function" {
  command = plan

  variables {
    authorizers = { partner = { type = "REQUEST" } }
    routes      = {}
  }

  expect_failures = [var.authorizers]
}

run "route_key_invalid" {
  command = plan

  variables {
    routes = { "/orders" = { integration = "orders", authorization_type = "NONE" } }
  }

  expect_failures = [var.routes]
}

run "route_without_authorization" {
  command = plan

  variables {
    routes = { "GET /orders" = { integration = "orders" } }
  }

  expect_failures = [var.routes]
}

run "route_authorization_type_invalid" {
  command = plan

  variables {
    routes = { "GET /orders" = { integration = "orders", authorization_type = "JWT" } }
  }

  expect_failures = [var.routes]
}

run "route_unknown_integration" {
  command = plan

  variables {
    routes = { "GET /orders" = { integration = "missing", authorization_type = "NONE" } }
  }

  expect_failures = [var.routes]
}

run "route_unknown_authorizer" {
  command = plan

  variables {
    routes = { "GET /orders" = { integration = "orders", authorizer = "missing" } }
  }

  expect_failures = [var.routes]
}

run "routes_on_rest_api" {
  command = plan

  variables {
    api_type     = "REST"
    openapi_spec = "{}"
  }

  expect_failures = [var.routes]
}

run "rest_without_openapi" {
  command = plan

  variables {
    api_type = "REST"
    routes   = {}
  }

  expect_failures = [var.openapi_spec]
}

run "rest_policy_not_json" {
  command = plan

  variables {
    rest_policy = "allow all"
  }

  expect_failures = [var.rest_policy]
}

run "rest_logging_level_invalid" {
  command = plan

  variables {
    rest_logging_level = "DEBUG"
  }

  expect_failures = [var.rest_logging_level]
}

run "rest_cache_size_invalid" {
  command = plan

  variables {
    rest_cache_cluster_size = "2"
  }

  expect_failures = [var.rest_cache_cluster_size]
}

run "rest_cache_ttl_too_long" {
  command = plan

  variables {
    rest_cache_ttl_in_seconds = 7200
  }

  expect_failures = [var.rest_cache_ttl_in_seconds]
}

run "web_acl_on_http_api" {
  command = plan

  variables {
    associate_web_acl = true
    web_acl_arn       = "arn:aws:wafv2:ap-northeast-2:111122223333:regional/webacl/common/1234"
  }

  expect_failures = [var.associate_web_acl]
}

run "web_acl_without_associate_flag" {
  command = plan

  variables {
    api_type     = "REST"
    routes       = {}
    openapi_spec = "{}"
    web_acl_arn  = "arn:aws:wafv2:ap-northeast-2:111122223333:regional/webacl/common/1234"
  }

  expect_failures = [var.web_acl_arn]
}

run "web_acl_global_scope" {
  command = plan

  variables {
    api_type          = "REST"
    routes            = {}
    openapi_spec      = "{}"
    associate_web_acl = true
    web_acl_arn       = "arn:aws:wafv2:us-east-1:111122223333:global/webacl/common/1234"
  }

  expect_failures = [var.web_acl_arn]
}

run "domain_certificate_not_acm" {
  command = plan

  variables {
    domain_name = { name = "api.example.com", certificate_arn = "arn:aws:iam::111122223333:server-certificate/x", create_dns_records = false }
  }

  expect_failures = [var.domain_name]
}
