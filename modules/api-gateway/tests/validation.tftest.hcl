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

# Merged validation runs (issue 20: one provider start instead of 11); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
# Variable checks, several per run (issue 20: each run starts the provider): each run breaks several
# variables at once, each with the value its former one-check run used (named in the comment above it), and
# a run passes only if every listed variable fails, so a check that stops failing still fails its run.
# A variable with several checks appears in several runs; a check that reads other variables runs apart
# from the runs that set those.
run "invalid_inputs_1" {
  command = plan
  variables {
    # name_invalid
    name = "orders api"

    # api_type_invalid
    api_type = "WEBSOCKET"

    # kms_key_not_arn
    kms_key_arn = "alias/logs"

    # throttling_not_positive
    default_route_throttling = { rate_limit = 0 }

    # disable_endpoint_without_domain
    disable_execute_api_endpoint = true

    # cors_credentials_from_any_origin
    cors_configuration = { allow_origins = ["*"], allow_credentials = true }

    # integration_type_invalid
    integrations = { orders = { type = "MOCK", uri = "arn:aws:lambda:ap-northeast-2:111122223333:function:orders" } }

    # rest_policy_not_json
    rest_policy = "allow all"

    # rest_logging_level_invalid
    rest_logging_level = "DEBUG"

    # rest_cache_size_invalid
    rest_cache_cluster_size = "2"

    # rest_cache_ttl_too_long
    rest_cache_ttl_in_seconds = 7200
  }
  expect_failures = [
    var.name,                         # name_invalid
    var.api_type,                     # api_type_invalid
    var.kms_key_arn,                  # kms_key_not_arn
    var.default_route_throttling,     # throttling_not_positive
    var.disable_execute_api_endpoint, # disable_endpoint_without_domain
    var.cors_configuration,           # cors_credentials_from_any_origin
    var.integrations,                 # integration_type_invalid
    var.rest_policy,                  # rest_policy_not_json
    var.rest_logging_level,           # rest_logging_level_invalid
    var.rest_cache_cluster_size,      # rest_cache_size_invalid
    var.rest_cache_ttl_in_seconds,    # rest_cache_ttl_too_long
  ]
}

# Merged validation runs (issue 20: one provider start instead of 4); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs_2" {
  command = plan
  variables {
    # stage_name_invalid
    stage_name = "my stage"

    # integration_timeout_out_of_range
    integrations = { orders = { uri = "arn:aws:lambda:ap-northeast-2:111122223333:function:orders", timeout_milliseconds = 60000 } }

    # web_acl_on_http_api
    associate_web_acl = true
    web_acl_arn       = "arn:aws:wafv2:ap-northeast-2:111122223333:regional/webacl/common/1234"

    # domain_certificate_not_acm
    domain_name = { name = "api.example.com", certificate_arn = "arn:aws:iam::111122223333:server-certificate/x", create_dns_records = false }
  }
  expect_failures = [
    var.stage_name,        # stage_name_invalid
    var.integrations,      # integration_timeout_out_of_range
    var.associate_web_acl, # web_acl_on_http_api
    var.domain_name,       # domain_certificate_not_acm
  ]
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

