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

# Variable checks, several per run (issue 20: each run starts the provider): each run breaks several
# variables at once, each with the value its former one-check run used (named in the comment above it), and
# a run passes only if every listed variable fails, so a check that stops failing still fails its run.
# A variable with several checks appears in several runs; a check that reads other variables runs apart
# from the runs that set those.
run "invalid_inputs_1" {
  command = plan

  variables {
    # name_format
    name = "Connectly_Prod"
    # kms_key_alias_rejected
    kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:alias/logs"
    # default_retention_value
    default_retention_in_days = 42
    # log_group_class_value
    log_group_class = "COLD"
    # log_groups_key_format
    log_groups = { "App Logs" = { name = "/platform/test/app" } }
    # flow_logs_vpc_id
    flow_logs = { vpc_id = "subnet-0123456789abcdef0" }
    # archive_bucket_name_format
    archive_bucket_name = "Connectly.Archive"
    # archive_transition_days_minimum
    archive_transition_days = 0
    # archive_storage_class_value
    archive_storage_class = "STANDARD_IA"
    # archive_noncurrent_expiration_minimum
    archive_noncurrent_version_expiration_days = 0
    # firehose_buffering_size_range
    firehose_buffering_size = 32
    # firehose_buffering_interval_range
    firehose_buffering_interval = 30
  }
  expect_failures = [var.name, var.kms_key_arn, var.default_retention_in_days, var.log_group_class, var.log_groups, var.flow_logs, var.archive_bucket_name, var.archive_transition_days, var.archive_storage_class, var.archive_noncurrent_version_expiration_days, var.firehose_buffering_size, var.firehose_buffering_interval]
}

run "invalid_inputs_2" {
  command = plan

  variables {
    # log_groups_reserved_prefix
    log_groups = { app = { name = "aws/app" } }
    # flow_logs_traffic_type
    flow_logs = { vpc_id = "vpc-0123456789abcdef0", traffic_type = "SOME" }
    # archive_expiration_after_transition
    archive_expiration_days = 90
  }
  expect_failures = [var.log_groups, var.flow_logs, var.archive_expiration_days]
}

run "invalid_inputs_3" {
  command = plan

  variables {
    # log_groups_unique_names
    log_groups = {
      a = { name = "/platform/test/app" }
      b = { name = "/platform/test/app" }
    }
    # flow_logs_aggregation_interval
    flow_logs = { vpc_id = "vpc-0123456789abcdef0", max_aggregation_interval = 300 }
  }
  expect_failures = [var.log_groups, var.flow_logs]
}

run "invalid_inputs_4" {
  command = plan

  variables {
    # log_groups_retention_value
    log_groups = { app = { name = "/platform/test/app", retention_in_days = 42 } }
    # flow_logs_retention_value
    flow_logs = { vpc_id = "vpc-0123456789abcdef0", retention_in_days = 42 }
  }
  expect_failures = [var.log_groups, var.flow_logs]
}

run "invalid_inputs_5" {
  command = plan

  variables {
    # log_groups_filter_pattern_length
    log_groups = { app = { name = "/platform/test/app", filter_pattern = format("%1025s", "x") } }
    # flow_logs_log_group_name
    flow_logs = { vpc_id = "vpc-0123456789abcdef0", log_group_name = "aws/flow" }
  }
  expect_failures = [var.log_groups, var.flow_logs]
}

