mock_provider "aws" {}

variables {
  name              = "/platform/test/app"
  retention_in_days = 365
  kms_key_arn       = "arn:aws:kms:ap-northeast-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  tags              = { Team = "platform" }
}

run "secure_defaults" {
  command = plan

  assert {
    condition     = aws_cloudwatch_log_group.this.kms_key_id == var.kms_key_arn
    error_message = "The log group must be encrypted with the given KMS key."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.retention_in_days == 365
    error_message = "retention_in_days must be passed through."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.log_group_class == "STANDARD"
    error_message = "The default log class must be STANDARD."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.skip_destroy == false
    error_message = "skip_destroy must default to false."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.name == "/platform/test/app"
    error_message = "The log group must be named after var.name."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.tags["Name"] == "/platform/test/app" && aws_cloudwatch_log_group.this.tags["Team"] == "platform"
    error_message = "Tags must carry Name and the caller's tags."
  }

  assert {
    condition     = length(aws_cloudwatch_log_subscription_filter.this) == 0
    error_message = "No subscription filter is created by default."
  }
}

run "infrequent_access_and_skip_destroy" {
  command = plan

  variables {
    log_group_class   = "INFREQUENT_ACCESS"
    skip_destroy      = true
    retention_in_days = 0
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.log_group_class == "INFREQUENT_ACCESS"
    error_message = "log_group_class must be passed through."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.skip_destroy == true
    error_message = "skip_destroy must be passed through."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.retention_in_days == 0
    error_message = "retention_in_days = 0 (never expire) must be accepted."
  }
}

run "subscription_filters" {
  command = plan

  variables {
    subscription_filters = {
      to-firehose = {
        destination_arn = "arn:aws:firehose:ap-northeast-2:111122223333:deliverystream/central-logs"
        role_arn        = "arn:aws:iam::111122223333:role/cwl-to-firehose"
      }
      errors-to-kinesis = {
        destination_arn = "arn:aws:kinesis:ap-northeast-2:111122223333:stream/errors"
        filter_pattern  = "ERROR"
        role_arn        = "arn:aws:iam::111122223333:role/cwl-to-kinesis"
        distribution    = "ByLogStream"
      }
    }
  }

  assert {
    condition     = length(aws_cloudwatch_log_subscription_filter.this) == 2
    error_message = "One subscription filter per map entry."
  }

  assert {
    condition     = aws_cloudwatch_log_subscription_filter.this["to-firehose"].filter_pattern == "" && aws_cloudwatch_log_subscription_filter.this["to-firehose"].name == "to-firehose"
    error_message = "filter_pattern defaults to \"\" and the filter is named after its key."
  }

  assert {
    condition     = aws_cloudwatch_log_subscription_filter.this["errors-to-kinesis"].distribution == "ByLogStream" && aws_cloudwatch_log_subscription_filter.this["errors-to-kinesis"].filter_pattern == "ERROR"
    error_message = "distribution and filter_pattern must be passed through."
  }

  assert {
    condition     = aws_cloudwatch_log_subscription_filter.this["errors-to-kinesis"].log_group_name == "/platform/test/app"
    error_message = "Filters must attach to the module's log group."
  }
}

run "outputs" {
  command = apply

  assert {
    condition     = output.cloudwatch_log_group_name == "/platform/test/app"
    error_message = "cloudwatch_log_group_name output must be the log group name."
  }

  assert {
    condition     = output.cloudwatch_log_group_arn == aws_cloudwatch_log_group.this.arn && output.cloudwatch_log_group_arn != ""
    error_message = "cloudwatch_log_group_arn output must be the log group ARN."
  }
}

run "log_group_class_null_leaves_argument_out" {
  command = plan

  variables {
    log_group_class = null
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.kms_key_id == var.kms_key_arn && aws_cloudwatch_log_group.this.retention_in_days == 365
    error_message = "Encryption and retention stay set when log_group_class is null."
  }
}
