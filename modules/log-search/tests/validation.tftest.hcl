mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group
}

variables {
  name                = "connectly-test"
  kms_key_arn         = "arn:aws:kms:ap-northeast-2:111122223333:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
  archive_bucket_name = "connectly-test-log-archive"
}

# Merged validation runs (issue 20: one provider start instead of 13); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs" {
  command = plan
  variables {
    # bad_name
    name = "Connectly_Test"

    # bad_kms_key
    kms_key_arn = "alias/logs"

    # bad_archive_bucket
    archive_bucket_name = "s3://connectly-test-log-archive"

    # bad_start_year
    archive_start_year = 24

    # bad_flow_log_source
    flow_log_source = "/platform/connectly-test/vpc-flow-logs"

    # bad_waf_log_source
    waf_log_source = "platform.waf"

    # bad_application_source
    application_sources = ["it's"]

    # bad_alb_prefix
    alb_access_logs = { atlantis = { bucket = "atlantis-logs", prefix = "/atlantis/" } }

    # scan_limit_below_minimum
    bytes_scanned_cutoff_per_query = 1024

    # bad_results_expiration
    results_expiration_days = 0

    # bad_log_group_names
    application_log_group_names = ["bad name"]

    # bad_flow_log_group
    flow_log_group_name = "bad name"

    # waf_group_without_prefix
    waf_log_group_names = ["/platform/waf"]
  }
  expect_failures = [
    var.name,                           # bad_name
    var.kms_key_arn,                    # bad_kms_key
    var.archive_bucket_name,            # bad_archive_bucket
    var.archive_start_year,             # bad_start_year
    var.flow_log_source,                # bad_flow_log_source
    var.waf_log_source,                 # bad_waf_log_source
    var.application_sources,            # bad_application_source
    var.alb_access_logs,                # bad_alb_prefix
    var.bytes_scanned_cutoff_per_query, # scan_limit_below_minimum
    var.results_expiration_days,        # bad_results_expiration
    var.application_log_group_names,    # bad_log_group_names
    var.flow_log_group_name,            # bad_flow_log_group
    var.waf_log_group_names,            # waf_group_without_prefix
  ]
}

