mock_provider "aws" {}

mock_provider "aws" {
  alias = "us_east_1"
}

variables {
  name        = "platform"
  kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
}

run "redaction_always_covers_authorization_and_cookie" {
  command = plan

  variables {
    additional_redacted_headers = ["x-api-key", "cookie"]
  }

  assert {
    condition     = jsonencode(local.redacted_headers) == jsonencode(["authorization", "cookie", "x-api-key"])
    error_message = "authorization and cookie must always be redacted, extra headers added once."
  }
}

run "bad_name" {
  command = plan
  variables { name = "bad name!" }
  expect_failures = [var.name]
}

run "bad_scope" {
  command = plan
  variables { scopes = ["GLOBAL"] }
  expect_failures = [var.scopes]
}

run "bad_default_action" {
  command = plan
  variables { default_action = "count" }
  expect_failures = [var.default_action]
}

run "bad_managed_group_name" {
  command = plan
  variables { managed_rule_groups = { "bad name" = { priority = 10 } } }
  expect_failures = [var.managed_rule_groups]
}

run "managed_group_priority_collides_with_ip_sets" {
  command = plan
  variables { managed_rule_groups = { AWSManagedRulesCommonRuleSet = { priority = 1 } } }
  expect_failures = [var.managed_rule_groups]
}

run "managed_group_priorities_not_unique" {
  command = plan
  variables {
    managed_rule_groups = {
      AWSManagedRulesCommonRuleSet = { priority = 10 }
      AWSManagedRulesSQLiRuleSet   = { priority = 10 }
    }
  }
  expect_failures = [var.managed_rule_groups]
}

run "bad_rule_action_override" {
  command = plan
  variables { managed_rule_groups = { AWSManagedRulesCommonRuleSet = { priority = 10, rule_action_overrides = { SizeRestrictions_BODY = "ignore" } } } }
  expect_failures = [var.managed_rule_groups]
}

run "rate_limit_too_low" {
  command = plan
  variables { rate_limit = { limit = 5 } }
  expect_failures = [var.rate_limit]
}

run "bad_rate_window" {
  command = plan
  variables { rate_limit = { evaluation_window_sec = 30 } }
  expect_failures = [var.rate_limit]
}

run "bad_rate_key" {
  command = plan
  variables { rate_limit = { aggregate_key_type = "HEADER" } }
  expect_failures = [var.rate_limit]
}

run "bad_rate_action" {
  command = plan
  variables { rate_limit = { action = "allow" } }
  expect_failures = [var.rate_limit]
}

run "bad_allowed_cidr" {
  command = plan
  variables { allowed_ipv4_cidrs = ["203.0.113.0"] }
  expect_failures = [var.allowed_ipv4_cidrs]
}

run "allowed_cidr_everything" {
  command = plan
  variables { allowed_ipv4_cidrs = ["0.0.0.0/0"] }
  expect_failures = [var.allowed_ipv4_cidrs]
}

run "bad_blocked_cidr" {
  command = plan
  variables { blocked_ipv4_cidrs = ["2001:db8::/32"] }
  expect_failures = [var.blocked_ipv4_cidrs]
}

run "bad_kms_key_arn" {
  command = plan
  variables { kms_key_arn = "alias/logs" }
  expect_failures = [var.kms_key_arn]
}

run "cloudfront_key_not_in_us_east_1" {
  command = plan
  variables { cloudfront_kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" }
  expect_failures = [var.cloudfront_kms_key_arn]
}

run "bad_retention" {
  command = plan
  variables { log_retention_in_days = 10 }
  expect_failures = [var.log_retention_in_days]
}

run "bad_log_group_class" {
  command = plan
  variables { log_group_class = "COLD" }
  expect_failures = [var.log_group_class]
}

run "bad_redacted_header" {
  command = plan
  variables { additional_redacted_headers = ["X-Api-Key"] }
  expect_failures = [var.additional_redacted_headers]
}

run "too_many_redacted_headers" {
  command = plan
  variables { additional_redacted_headers = [for i in range(99) : "x-h${i}"] }
  expect_failures = [var.additional_redacted_headers]
}
