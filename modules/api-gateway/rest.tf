# REST API (API Gateway v1, regional): the option for APIs a WAF web ACL must protect.

resource "aws_api_gateway_rest_api" "this" {
  count = local.is_rest ? 1 : 0

  name                         = var.name
  description                  = var.description
  body                         = var.openapi_spec
  policy                       = var.rest_policy
  disable_execute_api_endpoint = var.disable_execute_api_endpoint
  put_rest_api_mode            = "overwrite"

  endpoint_configuration {
    types = ["REGIONAL"]
  }

  tags = local.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_deployment" "this" {
  count = local.is_rest ? 1 : 0

  rest_api_id = aws_api_gateway_rest_api.this[0].id
  description = "${var.name} ${sha1(var.openapi_spec)}"

  triggers = {
    redeployment = sha1(join("\n", [var.openapi_spec, var.rest_policy == null ? "" : var.rest_policy]))
  }

  lifecycle {
    create_before_destroy = true
  }
}

# API Gateway creates this group itself, unencrypted and kept forever, the first time it writes an
# execution log; creating it first gives it the KMS key and the retention.
module "execution_logs" {
  source = "../cloudwatch-log-group"
  count  = local.is_rest && var.rest_logging_level != "OFF" ? 1 : 0

  name              = "API-Gateway-Execution-Logs_${aws_api_gateway_rest_api.this[0].id}/${local.stage_name}"
  retention_in_days = var.log_retention_in_days
  kms_key_arn       = var.kms_key_arn
  tags              = local.tags
}

resource "aws_api_gateway_stage" "this" {
  # checkov:skip=CKV_AWS_120: the response cache is billed per hour and is opt-in (rest_cache_cluster_size); when on, cached data is always encrypted
  # checkov:skip=CKV2_AWS_51: client certificates authenticate API Gateway to HTTP backends; the OpenAPI integrations here are Lambda or VPC link, add one in the spec where a backend needs it
  # checkov:skip=CKV2_AWS_77: the web ACL is an input (the platform's common WAF rules, IN-141) and carries the Log4j/known-bad-inputs managed rules; checkov cannot follow web_acl_arn across the module boundary
  # checkov:skip=CKV2_AWS_29: the WAF association is aws_wafv2_web_acl_association.this, created when associate_web_acl = true (the platform's common WAF rules, IN-141)
  count = local.is_rest ? 1 : 0

  rest_api_id           = aws_api_gateway_rest_api.this[0].id
  deployment_id         = aws_api_gateway_deployment.this[0].id
  stage_name            = local.stage_name
  xray_tracing_enabled  = var.rest_xray_tracing_enabled
  cache_cluster_enabled = var.rest_cache_cluster_size != null
  cache_cluster_size    = var.rest_cache_cluster_size

  access_log_settings {
    destination_arn = module.access_logs.cloudwatch_log_group_arn
    format          = local.access_log_format
  }

  tags = local.tags

  depends_on = [module.execution_logs]
}

resource "aws_api_gateway_method_settings" "all" {
  count = local.is_rest ? 1 : 0

  rest_api_id = aws_api_gateway_rest_api.this[0].id
  stage_name  = aws_api_gateway_stage.this[0].stage_name
  method_path = "*/*"

  settings {
    metrics_enabled        = true
    logging_level          = var.rest_logging_level
    data_trace_enabled     = false
    throttling_rate_limit  = var.default_route_throttling.rate_limit
    throttling_burst_limit = var.default_route_throttling.burst_limit
    caching_enabled        = var.rest_cache_cluster_size != null
    cache_data_encrypted   = true
    cache_ttl_in_seconds   = var.rest_cache_ttl_in_seconds
  }
}

resource "aws_wafv2_web_acl_association" "this" {
  count = local.is_rest && var.associate_web_acl ? 1 : 0

  resource_arn = aws_api_gateway_stage.this[0].arn
  web_acl_arn  = var.web_acl_arn
}
