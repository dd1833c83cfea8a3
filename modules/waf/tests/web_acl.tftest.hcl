# The per-scope web ACL (modules/web-acl), tested directly: rules, IP sets, logging and redaction.
mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition

  mock_resource "aws_wafv2_ip_set" {
    defaults = { arn = "arn:aws:wafv2:ap-northeast-2:111122223333:regional/ipset/platform-regional/11111111-2222-3333-4444-555555555555" }
  }
  mock_resource "aws_wafv2_web_acl" {
    defaults = { arn = "arn:aws:wafv2:ap-northeast-2:111122223333:regional/webacl/platform-regional/11111111-2222-3333-4444-555555555555" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:ap-northeast-2:111122223333:log-group:aws-waf-logs-platform-regional" }
  }
}

variables {
  name           = "platform-regional"
  scope          = "REGIONAL"
  default_action = "allow"
  managed_rule_groups = {
    AWSManagedRulesCommonRuleSet          = { priority = 10, vendor_name = "AWS", count_only = false, rule_action_overrides = { SizeRestrictions_BODY = "count" } }
    AWSManagedRulesKnownBadInputsRuleSet  = { priority = 20, vendor_name = "AWS", count_only = false, rule_action_overrides = {} }
    AWSManagedRulesAmazonIpReputationList = { priority = 30, vendor_name = "AWS", count_only = false, rule_action_overrides = {} }
    AWSManagedRulesSQLiRuleSet            = { priority = 40, vendor_name = "AWS", count_only = true, rule_action_overrides = {} }
  }
  rate_limit            = { limit = 2000, evaluation_window_sec = 300, aggregate_key_type = "IP", action = "block" }
  allowed_ipv4_cidrs    = ["203.0.113.0/24"]
  blocked_ipv4_cidrs    = ["198.51.100.7/32"]
  kms_key_arn           = "arn:aws:kms:ap-northeast-2:111122223333:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
  log_retention_in_days = 365
  log_group_class       = "STANDARD"
  redacted_headers      = ["authorization", "cookie"]
  tags                  = { Team = "platform" }
}

# One apply run for the default inputs: rules, IP sets and logging (each run starts the provider; issue 20).
run "rules_ip_sets_and_logging" {
  command = apply

  module {
    source = "./modules/web-acl"
  }

  assert {
    condition     = aws_wafv2_web_acl.this.scope == "REGIONAL" && aws_wafv2_web_acl.this.name == "platform-regional"
    error_message = "The web ACL must have the given name and scope."
  }
  assert {
    condition     = length(aws_wafv2_web_acl.this.default_action[0].allow) == 1 && length(aws_wafv2_web_acl.this.default_action[0].block) == 0
    error_message = "default_action allow must allow unmatched requests."
  }
  assert {
    condition = toset([for r in aws_wafv2_web_acl.this.rule : r.name]) == toset([
      "allow-ip-set", "block-ip-set", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet",
      "AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesSQLiRuleSet", "rate-limit",
    ])
    error_message = "The ACL must have the IP set rules, the four managed groups and the rate limit."
  }
  assert {
    condition     = one([for r in aws_wafv2_web_acl.this.rule : r.priority if r.name == "allow-ip-set"]) == 1 && one([for r in aws_wafv2_web_acl.this.rule : r.priority if r.name == "block-ip-set"]) == 2
    error_message = "The allow IP set must come first, the block IP set second."
  }
  assert {
    condition     = one([for r in aws_wafv2_web_acl.this.rule : length(r.action[0].allow) if r.name == "allow-ip-set"]) == 1 && one([for r in aws_wafv2_web_acl.this.rule : length(r.action[0].block) if r.name == "block-ip-set"]) == 1
    error_message = "The allow IP set rule must allow, the block IP set rule must block."
  }
  assert {
    condition     = one([for r in aws_wafv2_web_acl.this.rule : r.statement[0].rate_based_statement[0].limit if r.name == "rate-limit"]) == 2000
    error_message = "The rate limit must be 2000 requests per window by default."
  }
  assert {
    condition     = one([for r in aws_wafv2_web_acl.this.rule : length(r.action[0].block) if r.name == "rate-limit"]) == 1
    error_message = "The rate limit must block."
  }
  assert {
    condition     = one([for r in aws_wafv2_web_acl.this.rule : length(r.override_action[0].none) if r.name == "AWSManagedRulesCommonRuleSet"]) == 1
    error_message = "Managed groups must use their own actions unless count_only."
  }
  assert {
    condition     = one([for r in aws_wafv2_web_acl.this.rule : length(r.override_action[0].count) if r.name == "AWSManagedRulesSQLiRuleSet"]) == 1
    error_message = "count_only must override the group's actions to count."
  }
  assert {
    condition     = one([for r in aws_wafv2_web_acl.this.rule : r.statement[0].managed_rule_group_statement[0].rule_action_override[0].name if r.name == "AWSManagedRulesCommonRuleSet"]) == "SizeRestrictions_BODY"
    error_message = "rule_action_overrides must become rule_action_override blocks."
  }
  assert {
    condition     = aws_wafv2_web_acl.this.visibility_config[0].cloudwatch_metrics_enabled && aws_wafv2_web_acl.this.visibility_config[0].sampled_requests_enabled
    error_message = "Metrics and sampled requests must be on."
  }
  assert {
    condition     = alltrue([for r in aws_wafv2_web_acl.this.rule : r.visibility_config[0].cloudwatch_metrics_enabled])
    error_message = "Every rule must publish metrics."
  }
  assert {
    condition     = aws_wafv2_web_acl.this.tags["Name"] == "platform-regional" && aws_wafv2_web_acl.this.tags["Team"] == "platform"
    error_message = "The web ACL must be tagged."
  }
  assert {
    condition     = aws_wafv2_ip_set.allow.addresses == toset(["203.0.113.0/24"]) && aws_wafv2_ip_set.allow.scope == "REGIONAL" && aws_wafv2_ip_set.allow.ip_address_version == "IPV4"
    error_message = "The allow IP set must hold allowed_ipv4_cidrs."
  }
  assert {
    condition     = aws_wafv2_ip_set.block.addresses == toset(["198.51.100.7/32"])
    error_message = "The block IP set must hold blocked_ipv4_cidrs."
  }
  assert {
    condition     = module.log_group.cloudwatch_log_group_name == "aws-waf-logs-platform-regional"
    error_message = "The log group name must start with aws-waf-logs- (a WAF requirement)."
  }
  assert {
    condition     = toset([for f in aws_wafv2_web_acl_logging_configuration.this.redacted_fields : f.single_header[0].name]) == toset(["authorization", "cookie"])
    error_message = "The authorization and cookie headers must be redacted."
  }
  assert {
    condition     = jsondecode(aws_cloudwatch_log_resource_policy.this.policy_document).Statement[0].Principal.Service == "delivery.logs.amazonaws.com"
    error_message = "Only the log delivery service may write to the log group."
  }
  assert {
    condition     = jsondecode(aws_cloudwatch_log_resource_policy.this.policy_document).Statement[0].Condition.StringEquals["aws:SourceAccount"] == "111122223333"
    error_message = "Log delivery must be limited to this account."
  }
  assert {
    condition     = aws_wafv2_web_acl_logging_configuration.this.log_destination_configs == toset(["arn:aws:logs:ap-northeast-2:111122223333:log-group:aws-waf-logs-platform-regional"])
    error_message = "The web ACL must log to its log group."
  }
  assert {
    condition     = aws_cloudwatch_log_resource_policy.this.policy_document != "" && jsondecode(aws_cloudwatch_log_resource_policy.this.policy_document).Statement[0].Resource == "arn:aws:logs:ap-northeast-2:111122223333:log-group:aws-waf-logs-platform-regional:*"
    error_message = "The resource policy must cover only this log group's streams."
  }
}

run "block_by_default_and_no_rate_limit" {
  command = plan

  module {
    source = "./modules/web-acl"
  }

  variables {
    default_action = "block"
    rate_limit     = null
  }

  assert {
    condition     = length(aws_wafv2_web_acl.this.default_action[0].block) == 1
    error_message = "default_action block must block unmatched requests."
  }
  assert {
    condition     = !contains([for r in aws_wafv2_web_acl.this.rule : r.name], "rate-limit")
    error_message = "rate_limit = null must remove the rate rule."
  }
}

run "forwarded_ip_rate_limit" {
  command = plan

  module {
    source = "./modules/web-acl"
  }

  variables {
    rate_limit = { limit = 500, evaluation_window_sec = 60, aggregate_key_type = "FORWARDED_IP", action = "count" }
  }

  assert {
    condition     = one([for r in aws_wafv2_web_acl.this.rule : r.statement[0].rate_based_statement[0].forwarded_ip_config[0].header_name if r.name == "rate-limit"]) == "X-Forwarded-For"
    error_message = "FORWARDED_IP must read the client address from X-Forwarded-For."
  }
  assert {
    condition     = one([for r in aws_wafv2_web_acl.this.rule : length(r.action[0].count) if r.name == "rate-limit"]) == 1
    error_message = "rate_limit.action count must count."
  }
}
