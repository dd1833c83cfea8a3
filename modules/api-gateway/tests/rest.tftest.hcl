# REST API (v1, regional): stage with access logs, X-Ray, encrypted cache, method settings, WAF.

mock_provider "aws" {
  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:ap-northeast-2:111122223333:log-group:/aws/apigateway/partners/access"
    }
  }
  mock_resource "aws_api_gateway_rest_api" {
    defaults = {
      id            = "r3st01"
      arn           = "arn:aws:apigateway:ap-northeast-2::/restapis/r3st01"
      execution_arn = "arn:aws:execute-api:ap-northeast-2:111122223333:r3st01"
    }
  }
  mock_resource "aws_api_gateway_stage" {
    defaults = {
      arn = "arn:aws:apigateway:ap-northeast-2::/restapis/r3st01/stages/v1"
    }
  }
}

variables {
  name         = "partners"
  api_type     = "REST"
  kms_key_arn  = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555"
  openapi_spec = "{\"openapi\":\"3.0.1\",\"info\":{\"title\":\"partners\",\"version\":\"1\"},\"paths\":{}}"
}

run "rest_defaults" {
  command = plan

  assert {
    condition     = aws_api_gateway_rest_api.this[0].endpoint_configuration[0].types == tolist(["REGIONAL"]) && aws_api_gateway_rest_api.this[0].body == var.openapi_spec
    error_message = "A regional REST API from the OpenAPI document."
  }

  assert {
    condition     = aws_api_gateway_stage.this[0].stage_name == "v1" && aws_api_gateway_stage.this[0].xray_tracing_enabled == true && aws_api_gateway_stage.this[0].cache_cluster_enabled == false
    error_message = "Stage v1 with X-Ray and no cache by default."
  }

  assert {
    condition     = jsondecode(aws_api_gateway_stage.this[0].access_log_settings[0].format).resourcePath == "$context.resourcePath"
    error_message = "The REST stage must write JSON access logs."
  }

  assert {
    condition     = aws_api_gateway_method_settings.all[0].method_path == "*/*" && aws_api_gateway_method_settings.all[0].settings[0].cache_data_encrypted == true && aws_api_gateway_method_settings.all[0].settings[0].data_trace_enabled == false
    error_message = "Method settings must encrypt cached data and never log bodies."
  }

  assert {
    condition     = aws_api_gateway_method_settings.all[0].settings[0].logging_level == "ERROR" && aws_api_gateway_method_settings.all[0].settings[0].metrics_enabled && aws_api_gateway_method_settings.all[0].settings[0].throttling_rate_limit == 100
    error_message = "Execution logging ERROR, metrics and default throttling."
  }

  assert {
    condition     = length(module.execution_logs) == 1 && length(aws_wafv2_web_acl_association.this) == 0
    error_message = "An encrypted execution log group is created first; no WAF association without web_acl_arn."
  }

  assert {
    condition     = length(aws_apigatewayv2_api.this) == 0 && length(aws_apigatewayv2_stage.this) == 0
    error_message = "No HTTP API resources for a REST API."
  }
}

run "rest_waf_cache_and_domain" {
  command = apply

  variables {
    associate_web_acl       = true
    web_acl_arn             = "arn:aws:wafv2:ap-northeast-2:111122223333:regional/webacl/common/1234"
    rest_cache_cluster_size = "0.5"
    domain_name = {
      name            = "partners.example.com"
      certificate_arn = "arn:aws:acm:ap-northeast-2:111122223333:certificate/abcd"
      hosted_zone_id  = "Z0123456789"
    }
  }

  assert {
    condition     = aws_wafv2_web_acl_association.this[0].web_acl_arn == var.web_acl_arn && aws_wafv2_web_acl_association.this[0].resource_arn == "arn:aws:apigateway:ap-northeast-2::/restapis/r3st01/stages/v1"
    error_message = "The web ACL must be associated with the stage."
  }

  assert {
    condition     = aws_api_gateway_stage.this[0].cache_cluster_enabled && aws_api_gateway_stage.this[0].cache_cluster_size == "0.5" && aws_api_gateway_method_settings.all[0].settings[0].caching_enabled
    error_message = "The cache must be on when sized."
  }

  assert {
    condition     = aws_api_gateway_domain_name.this[0].security_policy == "TLS_1_2" && aws_api_gateway_base_path_mapping.this[0].stage_name == "v1" && length(aws_route53_record.this) == 2
    error_message = "REST custom domain: TLS 1.2, mapped to the stage, alias records."
  }

  assert {
    condition     = output.api_endpoint == "https://r3st01.execute-api.ap-northeast-2.amazonaws.com" && output.web_acl_association_id != null
    error_message = "Outputs must expose the REST endpoint and the WAF association."
  }
}

run "rest_logging_off" {
  command = plan

  variables {
    rest_logging_level        = "OFF"
    rest_xray_tracing_enabled = false
    stage_name                = "prod"
  }

  assert {
    condition     = length(module.execution_logs) == 0 && aws_api_gateway_method_settings.all[0].settings[0].logging_level == "OFF"
    error_message = "No execution log group when execution logging is off."
  }

  assert {
    condition     = aws_api_gateway_stage.this[0].stage_name == "prod" && aws_api_gateway_stage.this[0].xray_tracing_enabled == false
    error_message = "stage_name and the X-Ray switch must pass through."
  }
}
