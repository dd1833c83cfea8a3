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

# Merged validation runs (issue 20: one provider start instead of 16); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs" {
  command = plan
  variables {
    # name_format
    name = "Connectly_Trail"

    # s3_bucket_name_format
    s3_bucket_name = "Trail.Bucket"

    # s3_key_prefix_format
    s3_key_prefix = "/trail/"

    # s3_transition_days_minimum
    s3_transition_days = 0

    # s3_noncurrent_expiration_minimum
    s3_noncurrent_version_expiration_days = 0

    # kms_deletion_window_range
    kms_deletion_window_in_days = 5

    # key_administrator_arns_format
    key_administrator_arns = ["admin"]

    # log_reader_arns_format
    log_reader_arns = ["arn:aws:s3:::bucket"]

    # cloudwatch_logs_kms_key_alias_rejected
    cloudwatch_logs_kms_key_arn = "alias/logs"

    # cloudwatch_logs_retention_value
    cloudwatch_logs_retention_in_days = 42

    # cloudwatch_logs_group_class_value
    cloudwatch_logs_group_class = "COLD"

    # athena_results_bucket_name_format
    athena_results_bucket_name = "Results_Bucket"

    # athena_results_expiration_minimum
    athena_results_expiration_days = 0

    # athena_bytes_scanned_cutoff_minimum
    athena_bytes_scanned_cutoff_per_query = 1024

    # athena_projection_regions_format
    athena_projection_regions = ["Seoul"]

    # athena_projection_start_date_format
    athena_projection_start_date = "2025-01-01"
  }
  expect_failures = [
    var.name,                                  # name_format
    var.s3_bucket_name,                        # s3_bucket_name_format
    var.s3_key_prefix,                         # s3_key_prefix_format
    var.s3_transition_days,                    # s3_transition_days_minimum
    var.s3_noncurrent_version_expiration_days, # s3_noncurrent_expiration_minimum
    var.kms_deletion_window_in_days,           # kms_deletion_window_range
    var.key_administrator_arns,                # key_administrator_arns_format
    var.log_reader_arns,                       # log_reader_arns_format
    var.cloudwatch_logs_kms_key_arn,           # cloudwatch_logs_kms_key_alias_rejected
    var.cloudwatch_logs_retention_in_days,     # cloudwatch_logs_retention_value
    var.cloudwatch_logs_group_class,           # cloudwatch_logs_group_class_value
    var.athena_results_bucket_name,            # athena_results_bucket_name_format
    var.athena_results_expiration_days,        # athena_results_expiration_minimum
    var.athena_bytes_scanned_cutoff_per_query, # athena_bytes_scanned_cutoff_minimum
    var.athena_projection_regions,             # athena_projection_regions_format
    var.athena_projection_start_date,          # athena_projection_start_date_format
  ]
}

run "s3_expiration_after_transition" {
  command = plan

  variables {
    s3_expiration_days = 30
  }

  expect_failures = [var.s3_expiration_days]
}

