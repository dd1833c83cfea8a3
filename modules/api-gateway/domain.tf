# Optional custom domain: regional endpoint, TLS 1.2, mapped to the stage, with Route53 alias records.

resource "aws_apigatewayv2_domain_name" "this" {
  count = local.is_http && var.domain_name != null ? 1 : 0

  domain_name = var.domain_name.name

  domain_name_configuration {
    certificate_arn = var.domain_name.certificate_arn
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
  }

  tags = local.tags
}

resource "aws_apigatewayv2_api_mapping" "this" {
  count = local.is_http && var.domain_name != null ? 1 : 0

  api_id          = aws_apigatewayv2_api.this[0].id
  domain_name     = aws_apigatewayv2_domain_name.this[0].id
  stage           = aws_apigatewayv2_stage.this[0].id
  api_mapping_key = var.domain_name.base_path == "" ? null : var.domain_name.base_path
}

resource "aws_api_gateway_domain_name" "this" {
  count = local.is_rest && var.domain_name != null ? 1 : 0

  domain_name              = var.domain_name.name
  regional_certificate_arn = var.domain_name.certificate_arn
  security_policy          = "TLS_1_2"

  endpoint_configuration {
    types = ["REGIONAL"]
  }

  tags = local.tags
}

resource "aws_api_gateway_base_path_mapping" "this" {
  count = local.is_rest && var.domain_name != null ? 1 : 0

  api_id      = aws_api_gateway_rest_api.this[0].id
  stage_name  = aws_api_gateway_stage.this[0].stage_name
  domain_name = aws_api_gateway_domain_name.this[0].domain_name
  base_path   = var.domain_name.base_path == "" ? null : var.domain_name.base_path
}

locals {
  create_dns_records = var.domain_name != null && try(var.domain_name.create_dns_records, false)
  domain_target = var.domain_name == null ? null : (local.is_http ? {
    name    = aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].target_domain_name
    zone_id = aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].hosted_zone_id
    } : {
    name    = aws_api_gateway_domain_name.this[0].regional_domain_name
    zone_id = aws_api_gateway_domain_name.this[0].regional_zone_id
  })
}

resource "aws_route53_record" "this" {
  for_each = local.create_dns_records ? toset(["A", "AAAA"]) : toset([])

  zone_id = var.domain_name.hosted_zone_id
  name    = var.domain_name.name
  type    = each.key

  alias {
    name                   = local.domain_target.name
    zone_id                = local.domain_target.zone_id
    evaluate_target_health = false
  }
}
