mock_provider "aws" {}

variables {
  name              = "/platform/test/app"
  retention_in_days = 30
  kms_key_arn       = "arn:aws:kms:ap-northeast-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

# Merged validation runs (issue 20: one provider start instead of 5); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs_1" {
  command = plan
  variables {
    # name_bad_characters
    name = "bad name with spaces"

    # retention_not_allowed_by_aws
    retention_in_days = 10

    # kms_key_arn_not_an_arn
    kms_key_arn = "1234abcd-12ab-34cd-56ef-1234567890ab"

    # log_group_class_invalid
    log_group_class = "DELIVERY"

    # too_many_subscription_filters
    subscription_filters = {
      a = { destination_arn = "arn:aws:lambda:ap-northeast-2:111122223333:function:a" }
      b = { destination_arn = "arn:aws:lambda:ap-northeast-2:111122223333:function:b" }
      c = { destination_arn = "arn:aws:lambda:ap-northeast-2:111122223333:function:c" }
    }
  }
  expect_failures = [
    var.name,                 # name_bad_characters
    var.retention_in_days,    # retention_not_allowed_by_aws
    var.kms_key_arn,          # kms_key_arn_not_an_arn
    var.log_group_class,      # log_group_class_invalid
    var.subscription_filters, # too_many_subscription_filters
  ]
}

# Merged validation runs (issue 20: one provider start instead of 3); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs_2" {
  command = plan
  variables {
    # name_reserved_prefix
    name = "aws/lambda/mine"

    # kms_key_arn_alias_rejected
    kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:alias/logs"

    # subscription_filter_name_invalid
    subscription_filters = {
      "bad:name" = { destination_arn = "arn:aws:lambda:ap-northeast-2:111122223333:function:a" }
    }
  }
  expect_failures = [
    var.name,                 # name_reserved_prefix
    var.kms_key_arn,          # kms_key_arn_alias_rejected
    var.subscription_filters, # subscription_filter_name_invalid
  ]
}

run "subscription_filter_destination_invalid" {
  command = plan
  variables {
    subscription_filters = {
      to-s3 = { destination_arn = "arn:aws:s3:::my-bucket" }
    }
  }
  expect_failures = [var.subscription_filters]
}

run "subscription_filter_role_invalid" {
  command = plan
  variables {
    subscription_filters = {
      to-firehose = {
        destination_arn = "arn:aws:firehose:ap-northeast-2:111122223333:deliverystream/x"
        role_arn        = "cwl-to-firehose"
      }
    }
  }
  expect_failures = [var.subscription_filters]
}

run "subscription_filter_distribution_invalid" {
  command = plan
  variables {
    subscription_filters = {
      to-kinesis = {
        destination_arn = "arn:aws:kinesis:ap-northeast-2:111122223333:stream/x"
        distribution    = "RoundRobin"
      }
    }
  }
  expect_failures = [var.subscription_filters]
}

run "subscription_filter_pattern_too_long" {
  command = plan
  variables {
    subscription_filters = {
      to-lambda = {
        destination_arn = "arn:aws:lambda:ap-northeast-2:111122223333:function:a"
        filter_pattern  = format("%s%s", join("", [for i in range(1000) : "x"]), join("", [for i in range(25) : "y"]))
      }
    }
  }
  expect_failures = [var.subscription_filters]
}
