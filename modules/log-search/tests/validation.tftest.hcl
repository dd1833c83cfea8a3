mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "111122223333" }
  }
  mock_data "aws_region" {
    defaults = { name = "ap-northeast-2" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
  }
}

variables {
  name                = "connectly-test"
  kms_key_arn         = "arn:aws:kms:ap-northeast-2:111122223333:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
  archive_bucket_name = "connectly-test-log-archive"
}

run "bad_name" {
  command = plan
  variables { name = "Connectly_Test" }
  expect_failures = [var.name]
}

run "bad_kms_key" {
  command = plan
  variables { kms_key_arn = "alias/logs" }
  expect_failures = [var.kms_key_arn]
}

run "bad_archive_bucket" {
  command = plan
  variables { archive_bucket_name = "s3://connectly-test-log-archive" }
  expect_failures = [var.archive_bucket_name]
}

run "bad_start_year" {
  command = plan
  variables { archive_start_year = 24 }
  expect_failures = [var.archive_start_year]
}

run "bad_flow_log_source" {
  command = plan
  variables { flow_log_source = "/platform/connectly-test/vpc-flow-logs" }
  expect_failures = [var.flow_log_source]
}

run "bad_waf_log_source" {
  command = plan
  variables { waf_log_source = "platform.waf" }
  expect_failures = [var.waf_log_source]
}

run "bad_application_source" {
  command = plan
  variables { application_sources = ["it's"] }
  expect_failures = [var.application_sources]
}

run "bad_alb_prefix" {
  command = plan
  variables { alb_access_logs = { atlantis = { bucket = "atlantis-logs", prefix = "/atlantis/" } } }
  expect_failures = [var.alb_access_logs]
}

run "scan_limit_below_minimum" {
  command = plan
  variables { bytes_scanned_cutoff_per_query = 1024 }
  expect_failures = [var.bytes_scanned_cutoff_per_query]
}

run "bad_results_expiration" {
  command = plan
  variables { results_expiration_days = 0 }
  expect_failures = [var.results_expiration_days]
}

run "bad_log_group_names" {
  command = plan
  variables { application_log_group_names = ["bad name"] }
  expect_failures = [var.application_log_group_names]
}

run "bad_flow_log_group" {
  command = plan
  variables { flow_log_group_name = "bad name" }
  expect_failures = [var.flow_log_group_name]
}

run "waf_group_without_prefix" {
  command = plan
  variables { waf_log_group_names = ["/platform/waf"] }
  expect_failures = [var.waf_log_group_names]
}
