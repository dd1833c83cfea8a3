# One run per input validation: each must fail exactly on its variable (mock provider: no AWS calls).

mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group
}

variables {
  name                      = "connectly-test"
  kms_key_arn               = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555"
  default_retention_in_days = 90
  log_groups = {
    app = {
      name = "/platform/test/app"
    }
  }
  flow_logs = {
    vpc_id = "vpc-0123456789abcdef0"
  }
}

run "valid_inputs_plan" {
  command = plan

  assert {
    condition     = length(module.log_group) == 1 && length(aws_flow_log.this) == 1 && length(aws_kinesis_firehose_delivery_stream.archive) == 1
    error_message = "The baseline inputs must plan one log group, one flow log and the archive stream."
  }
}

run "name_format" {
  command = plan

  variables {
    name = "Connectly_Prod"
  }

  expect_failures = [var.name]
}

run "kms_key_alias_rejected" {
  command = plan

  variables {
    kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:alias/logs"
  }

  expect_failures = [var.kms_key_arn]
}

run "default_retention_value" {
  command = plan

  variables {
    default_retention_in_days = 42
  }

  expect_failures = [var.default_retention_in_days]
}

run "log_group_class_value" {
  command = plan

  variables {
    log_group_class = "COLD"
  }

  expect_failures = [var.log_group_class]
}

run "log_groups_key_format" {
  command = plan

  variables {
    log_groups = { "App Logs" = { name = "/platform/test/app" } }
  }

  expect_failures = [var.log_groups]
}

run "log_groups_reserved_prefix" {
  command = plan

  variables {
    log_groups = { app = { name = "aws/app" } }
  }

  expect_failures = [var.log_groups]
}

run "log_groups_unique_names" {
  command = plan

  variables {
    log_groups = {
      a = { name = "/platform/test/app" }
      b = { name = "/platform/test/app" }
    }
  }

  expect_failures = [var.log_groups]
}

run "log_groups_retention_value" {
  command = plan

  variables {
    log_groups = { app = { name = "/platform/test/app", retention_in_days = 42 } }
  }

  expect_failures = [var.log_groups]
}

run "log_groups_filter_pattern_length" {
  command = plan

  variables {
    log_groups = { app = { name = "/platform/test/app", filter_pattern = format("%1025s", "x") } }
  }

  expect_failures = [var.log_groups]
}

run "flow_logs_vpc_id" {
  command = plan

  variables {
    flow_logs = { vpc_id = "subnet-0123456789abcdef0" }
  }

  expect_failures = [var.flow_logs]
}

run "flow_logs_traffic_type" {
  command = plan

  variables {
    flow_logs = { vpc_id = "vpc-0123456789abcdef0", traffic_type = "SOME" }
  }

  expect_failures = [var.flow_logs]
}

run "flow_logs_aggregation_interval" {
  command = plan

  variables {
    flow_logs = { vpc_id = "vpc-0123456789abcdef0", max_aggregation_interval = 300 }
  }

  expect_failures = [var.flow_logs]
}

run "flow_logs_retention_value" {
  command = plan

  variables {
    flow_logs = { vpc_id = "vpc-0123456789abcdef0", retention_in_days = 42 }
  }

  expect_failures = [var.flow_logs]
}

run "flow_logs_log_group_name" {
  command = plan

  variables {
    flow_logs = { vpc_id = "vpc-0123456789abcdef0", log_group_name = "aws/flow" }
  }

  expect_failures = [var.flow_logs]
}

run "archive_bucket_name_format" {
  command = plan

  variables {
    archive_bucket_name = "Connectly.Archive"
  }

  expect_failures = [var.archive_bucket_name]
}

run "archive_transition_days_minimum" {
  command = plan

  variables {
    archive_transition_days = 0
  }

  expect_failures = [var.archive_transition_days]
}

run "archive_storage_class_value" {
  command = plan

  variables {
    archive_storage_class = "STANDARD_IA"
  }

  expect_failures = [var.archive_storage_class]
}

run "archive_expiration_after_transition" {
  command = plan

  variables {
    archive_expiration_days = 90
  }

  expect_failures = [var.archive_expiration_days]
}

run "archive_noncurrent_expiration_minimum" {
  command = plan

  variables {
    archive_noncurrent_version_expiration_days = 0
  }

  expect_failures = [var.archive_noncurrent_version_expiration_days]
}

run "firehose_buffering_size_range" {
  command = plan

  variables {
    firehose_buffering_size = 32
  }

  expect_failures = [var.firehose_buffering_size]
}

run "firehose_buffering_interval_range" {
  command = plan

  variables {
    firehose_buffering_interval = 30
  }

  expect_failures = [var.firehose_buffering_interval]
}
