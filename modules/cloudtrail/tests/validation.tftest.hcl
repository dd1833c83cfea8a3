# One run per input validation: each must fail exactly on its variable (mock provider: no AWS calls).

mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group
}

variables {
  name                        = "connectly-test"
  cloudwatch_logs_kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555"
}

run "valid_inputs_plan" {
  command = plan

  assert {
    condition     = aws_cloudtrail.this.name == "connectly-test" && length(aws_athena_workgroup.this) == 1
    error_message = "The baseline inputs must plan the trail and the workgroup."
  }
}

run "name_format" {
  command = plan

  variables {
    name = "Connectly_Trail"
  }

  expect_failures = [var.name]
}

run "s3_bucket_name_format" {
  command = plan

  variables {
    s3_bucket_name = "Trail.Bucket"
  }

  expect_failures = [var.s3_bucket_name]
}

run "s3_key_prefix_format" {
  command = plan

  variables {
    s3_key_prefix = "/trail/"
  }

  expect_failures = [var.s3_key_prefix]
}

run "s3_transition_days_minimum" {
  command = plan

  variables {
    s3_transition_days = 0
  }

  expect_failures = [var.s3_transition_days]
}

run "s3_expiration_after_transition" {
  command = plan

  variables {
    s3_expiration_days = 30
  }

  expect_failures = [var.s3_expiration_days]
}

run "s3_noncurrent_expiration_minimum" {
  command = plan

  variables {
    s3_noncurrent_version_expiration_days = 0
  }

  expect_failures = [var.s3_noncurrent_version_expiration_days]
}

run "kms_deletion_window_range" {
  command = plan

  variables {
    kms_deletion_window_in_days = 5
  }

  expect_failures = [var.kms_deletion_window_in_days]
}

run "key_administrator_arns_format" {
  command = plan

  variables {
    key_administrator_arns = ["admin"]
  }

  expect_failures = [var.key_administrator_arns]
}

run "log_reader_arns_format" {
  command = plan

  variables {
    log_reader_arns = ["arn:aws:s3:::bucket"]
  }

  expect_failures = [var.log_reader_arns]
}

run "cloudwatch_logs_kms_key_alias_rejected" {
  command = plan

  variables {
    cloudwatch_logs_kms_key_arn = "alias/logs"
  }

  expect_failures = [var.cloudwatch_logs_kms_key_arn]
}

run "cloudwatch_logs_retention_value" {
  command = plan

  variables {
    cloudwatch_logs_retention_in_days = 42
  }

  expect_failures = [var.cloudwatch_logs_retention_in_days]
}

run "cloudwatch_logs_group_class_value" {
  command = plan

  variables {
    cloudwatch_logs_group_class = "COLD"
  }

  expect_failures = [var.cloudwatch_logs_group_class]
}

run "athena_results_bucket_name_format" {
  command = plan

  variables {
    athena_results_bucket_name = "Results_Bucket"
  }

  expect_failures = [var.athena_results_bucket_name]
}

run "athena_results_expiration_minimum" {
  command = plan

  variables {
    athena_results_expiration_days = 0
  }

  expect_failures = [var.athena_results_expiration_days]
}

run "athena_bytes_scanned_cutoff_minimum" {
  command = plan

  variables {
    athena_bytes_scanned_cutoff_per_query = 1024
  }

  expect_failures = [var.athena_bytes_scanned_cutoff_per_query]
}

run "athena_projection_regions_format" {
  command = plan

  variables {
    athena_projection_regions = ["Seoul"]
  }

  expect_failures = [var.athena_projection_regions]
}

run "athena_projection_start_date_format" {
  command = plan

  variables {
    athena_projection_start_date = "2025-01-01"
  }

  expect_failures = [var.athena_projection_start_date]
}
