# Mocks: the shared set (caller identity 111122223333, region ap-northeast-2, partition) plus this module's
# ARNs; the us_east_1 provider overrides the region.
mock_provider "aws" {
  source = "../_test-mocks/aws"

  mock_resource "aws_wafv2_ip_set" {
    defaults = { arn = "arn:aws:wafv2:ap-northeast-2:111122223333:regional/ipset/platform-regional-allow/11111111-2222-3333-4444-555555555555" }
  }
  mock_resource "aws_wafv2_web_acl" {
    defaults = { arn = "arn:aws:wafv2:ap-northeast-2:111122223333:regional/webacl/platform-regional/11111111-2222-3333-4444-555555555555" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:ap-northeast-2:111122223333:log-group:aws-waf-logs-platform-regional" }
  }
}

mock_provider "aws" {
  alias  = "us_east_1"
  source = "../_test-mocks/aws"

  mock_data "aws_region" {
    defaults = { name = "us-east-1" }
  }
  mock_resource "aws_wafv2_ip_set" {
    defaults = { arn = "arn:aws:wafv2:us-east-1:111122223333:global/ipset/platform-cloudfront-allow/66666666-7777-8888-9999-000000000000" }
  }
  mock_resource "aws_wafv2_web_acl" {
    defaults = { arn = "arn:aws:wafv2:us-east-1:111122223333:global/webacl/platform-cloudfront/66666666-7777-8888-9999-000000000000" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:us-east-1:111122223333:log-group:aws-waf-logs-platform-cloudfront" }
  }
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:us-east-1:111122223333:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789" }
  }
}

variables {
  name        = "platform"
  kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
  tags        = { Team = "platform" }
}

# One apply run for the default inputs (each run starts both providers; issue 20).
run "both_scopes_by_default_and_outputs_by_scope" {
  command = apply

  assert {
    condition     = length(module.regional) == 1 && length(module.cloudfront) == 1
    error_message = "Both a REGIONAL and a CLOUDFRONT web ACL must be created by default."
  }
  assert {
    condition     = length(aws_kms_key.cloudfront_logs) == 1 && aws_kms_key.cloudfront_logs[0].enable_key_rotation
    error_message = "A rotated us-east-1 key must be created for the CloudFront log group when none is given."
  }
  assert {
    condition     = jsondecode(aws_kms_key.cloudfront_logs[0].policy).Statement[1].Principal.Service == "logs.us-east-1.amazonaws.com"
    error_message = "The us-east-1 key must be usable by CloudWatch Logs in us-east-1."
  }
  assert {
    condition     = jsondecode(aws_kms_key.cloudfront_logs[0].policy).Statement[1].Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"] == "arn:aws:logs:us-east-1:111122223333:log-group:*"
    error_message = "The us-east-1 key must be limited to this account's log groups."
  }
  assert {
    condition     = !contains(flatten([for s in jsondecode(aws_kms_key.cloudfront_logs[0].policy).Statement : s.Action]), "kms:*")
    error_message = "No statement of the key policy may grant kms:*."
  }
  assert {
    condition     = aws_kms_alias.cloudfront_logs[0].name == "alias/platform-cloudfront-waf-logs"
    error_message = "The us-east-1 key must get an alias named after the module."
  }
  assert {
    condition     = aws_kms_key.cloudfront_logs[0].tags["Team"] == "platform" && aws_kms_key.cloudfront_logs[0].tags["Name"] == "platform-cloudfront-waf-logs"
    error_message = "The key must carry the module tags and a Name."
  }
  assert {
    condition     = output.web_acl_arn == "arn:aws:wafv2:ap-northeast-2:111122223333:regional/webacl/platform-regional/11111111-2222-3333-4444-555555555555"
    error_message = "web_acl_arn must be the REGIONAL ACL (the alb and api-gateway input)."
  }
  assert {
    condition     = startswith(output.cloudfront_web_acl_arn, "arn:aws:wafv2:us-east-1:")
    error_message = "The CLOUDFRONT ACL must be created through the aws.us_east_1 provider."
  }
  assert {
    condition     = toset(keys(output.web_acl_arns)) == toset(["REGIONAL", "CLOUDFRONT"])
    error_message = "web_acl_arns must be keyed by scope."
  }
  assert {
    condition     = output.web_acl_names["REGIONAL"] == "platform-regional" && output.web_acl_names["CLOUDFRONT"] == "platform-cloudfront"
    error_message = "Web ACLs must be named <name>-<scope>."
  }
  assert {
    condition     = output.log_group_names["REGIONAL"] == "aws-waf-logs-platform-regional" && output.log_group_names["CLOUDFRONT"] == "aws-waf-logs-platform-cloudfront"
    error_message = "WAF log groups must be named aws-waf-logs-<name>-<scope>."
  }
  assert {
    condition     = startswith(output.log_group_arns["CLOUDFRONT"], "arn:aws:logs:us-east-1:")
    error_message = "The CLOUDFRONT log group must be in us-east-1."
  }
  assert {
    condition     = output.cloudfront_logs_kms_key_arn == "arn:aws:kms:us-east-1:111122223333:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
    error_message = "cloudfront_logs_kms_key_arn must be the created us-east-1 key."
  }
}

run "regional_only" {
  command = plan

  variables {
    scopes                      = ["REGIONAL"]
    additional_redacted_headers = ["x-api-key", "cookie"]
  }

  assert {
    condition     = jsonencode(local.redacted_headers) == jsonencode(["authorization", "cookie", "x-api-key"])
    error_message = "authorization and cookie must always be redacted, extra headers added once."
  }

  assert {
    condition     = length(module.regional) == 1 && length(module.cloudfront) == 0 && length(aws_kms_key.cloudfront_logs) == 0
    error_message = "scopes = [REGIONAL] must create neither the CLOUDFRONT ACL nor its us-east-1 key."
  }
  assert {
    condition     = output.cloudfront_web_acl_arn == null && output.cloudfront_logs_kms_key_arn == null
    error_message = "Without CLOUDFRONT its outputs must be null."
  }
}

run "cloudfront_only_with_own_key" {
  command = plan

  variables {
    scopes                 = ["CLOUDFRONT"]
    cloudfront_kms_key_arn = "arn:aws:kms:us-east-1:111122223333:key/12345678-1234-1234-1234-123456789012"
  }

  assert {
    condition     = length(module.regional) == 0 && length(module.cloudfront) == 1
    error_message = "scopes = [CLOUDFRONT] must create only the CLOUDFRONT ACL."
  }
  assert {
    condition     = length(aws_kms_key.cloudfront_logs) == 0 && length(aws_kms_alias.cloudfront_logs) == 0
    error_message = "A given cloudfront_kms_key_arn must be used instead of creating a key."
  }
  assert {
    condition     = output.web_acl_arn == null
    error_message = "Without REGIONAL, web_acl_arn must be null."
  }
  assert {
    condition     = output.cloudfront_logs_kms_key_arn == "arn:aws:kms:us-east-1:111122223333:key/12345678-1234-1234-1234-123456789012"
    error_message = "cloudfront_logs_kms_key_arn must pass the given key through."
  }
}
