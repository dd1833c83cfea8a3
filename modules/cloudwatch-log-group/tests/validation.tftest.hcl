mock_provider "aws" {}

variables {
  name              = "/platform/test/app"
  retention_in_days = 30
  kms_key_arn       = "arn:aws:kms:ap-northeast-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

run "name_bad_characters" {
  command = plan
  variables {
    name = "bad name with spaces"
  }
  expect_failures = [var.name]
}

run "name_reserved_prefix" {
  command = plan
  variables {
    name = "aws/lambda/mine"
  }
  expect_failures = [var.name]
}

run "retention_not_allowed_by_aws" {
  command = plan
  variables {
    retention_in_days = 10
  }
  expect_failures = [var.retention_in_days]
}

run "kms_key_arn_not_an_arn" {
  command = plan
  variables {
    kms_key_arn = "1234abcd-12ab-34cd-56ef-1234567890ab"
  }
  expect_failures = [var.kms_key_arn]
}

run "kms_key_arn_alias_rejected" {
  command = plan
  variables {
    kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:alias/logs"
  }
  expect_failures = [var.kms_key_arn]
}

run "log_group_class_invalid" {
  command = plan
  variables {
    log_group_class = "DELIVERY"
  }
  expect_failures = [var.log_group_class]
}

run "too_many_subscription_filters" {
  command = plan
  variables {
    subscription_filters = {
      a = { destination_arn = "arn:aws:lambda:ap-northeast-2:111122223333:function:a" }
      b = { destination_arn = "arn:aws:lambda:ap-northeast-2:111122223333:function:b" }
      c = { destination_arn = "arn:aws:lambda:ap-northeast-2:111122223333:function:c" }
    }
  }
  expect_failures = [var.subscription_filters]
}

run "subscription_filter_name_invalid" {
  command = plan
  variables {
    subscription_filters = {
      "bad:name" = { destination_arn = "arn:aws:lambda:ap-northeast-2:111122223333:function:a" }
    }
  }
  expect_failures = [var.subscription_filters]
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
