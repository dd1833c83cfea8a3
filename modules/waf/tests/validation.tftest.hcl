mock_provider "aws" {}

mock_provider "aws" {
  alias = "us_east_1"
}

variables {
  name        = "platform"
  kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
}

# One run per check of a variable would start the provider 4 times each (2 mock providers, validate and plan;
# issue 20). Each run below breaks several variables at once, each value breaking one check of its variable:
# a run passes only if every listed variable fails, so a check that stops failing fails its run. A variable
# with several checks appears in several runs, one check each (the values are the ones the former
# one-check runs used).

run "bad_inputs_first_check_of_each_variable" {
  command = plan
  variables {
    name                        = "bad name!"                                                                        # pattern
    scopes                      = ["GLOBAL"]                                                                         # REGIONAL or CLOUDFRONT
    default_action              = "count"                                                                            # allow or block
    managed_rule_groups         = { "bad name" = { priority = 10 } }                                                 # group name pattern
    rate_limit                  = { limit = 5 }                                                                      # limit too low
    allowed_ipv4_cidrs          = ["203.0.113.0"]                                                                    # not a CIDR
    blocked_ipv4_cidrs          = ["2001:db8::/32"]                                                                  # not IPv4
    kms_key_arn                 = "alias/logs"                                                                       # not a key ARN
    cloudfront_kms_key_arn      = "arn:aws:kms:ap-northeast-2:111122223333:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" # not in us-east-1
    log_retention_in_days       = 10                                                                                 # not a CloudWatch value
    log_group_class             = "COLD"                                                                             # STANDARD or INFREQUENT_ACCESS
    additional_redacted_headers = ["X-Api-Key"]                                                                      # not lower-case
  }
  expect_failures = [
    var.name, var.scopes, var.default_action, var.managed_rule_groups, var.rate_limit, var.allowed_ipv4_cidrs,
    var.blocked_ipv4_cidrs, var.kms_key_arn, var.cloudfront_kms_key_arn, var.log_retention_in_days,
    var.log_group_class, var.additional_redacted_headers,
  ]
}

run "bad_inputs_second_check" {
  command = plan
  variables {
    managed_rule_groups         = { AWSManagedRulesCommonRuleSet = { priority = 1 } } # collides with the IP set rules
    rate_limit                  = { evaluation_window_sec = 30 }                      # bad window
    allowed_ipv4_cidrs          = ["0.0.0.0/0"]                                       # allows everything
    additional_redacted_headers = [for i in range(99) : "x-h${i}"]                    # too many
  }
  expect_failures = [var.managed_rule_groups, var.rate_limit, var.allowed_ipv4_cidrs, var.additional_redacted_headers]
}

run "bad_inputs_third_check" {
  command = plan
  variables {
    managed_rule_groups = { # priorities not unique
      AWSManagedRulesCommonRuleSet = { priority = 10 }
      AWSManagedRulesSQLiRuleSet   = { priority = 10 }
    }
    rate_limit = { aggregate_key_type = "HEADER" } # bad key
  }
  expect_failures = [var.managed_rule_groups, var.rate_limit]
}

run "bad_inputs_fourth_check" {
  command = plan
  variables {
    managed_rule_groups = { AWSManagedRulesCommonRuleSet = { priority = 10, rule_action_overrides = { SizeRestrictions_BODY = "ignore" } } } # bad override action
    rate_limit          = { action = "allow" }                                                                                               # bad action
  }
  expect_failures = [var.managed_rule_groups, var.rate_limit]
}
