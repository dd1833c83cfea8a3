# One run per input validation of the security module: each must reject bad input.

mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group
}

variables {
  name                     = "test"
  logs_kms_key_arn         = "arn:aws:kms:ap-northeast-2:111122223333:key/00000000-0000-0000-0000-000000000002"
  alert_topics_kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/00000000-0000-0000-0000-000000000001"
  alert_topic_arns = {
    critical = "arn:aws:sns:ap-northeast-2:111122223333:test-critical"
    warning  = "arn:aws:sns:ap-northeast-2:111122223333:test-warning"
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
    # name_invalid
    name = "Bad_Name"
    # kms_key_arn_alias
    kms_key_arn = "alias/security"
    # kms_deletion_window_too_short
    kms_deletion_window_in_days = 3
    # logs_kms_key_arn_not_arn
    logs_kms_key_arn = "logs"
    # log_retention_not_allowed
    log_retention_in_days = 42
    # log_group_class_infrequent
    log_group_class = "INFREQUENT_ACCESS"
    # alert_topic_not_sns
    alert_topic_arns = { critical = "arn:aws:sqs:ap-northeast-2:111122223333:q", warning = "arn:aws:sns:ap-northeast-2:111122223333:w" }
    # alert_topics_key_not_arn
    alert_topics_kms_key_arn = "alias/sns"
    # routing_unknown_severity
    finding_severity_routing = { critical = ["SEVERE"], warning = [] }
    # config_bucket_name_invalid
    config_bucket_name = "Config_Bucket"
    # config_expiration_too_short
    config_bucket_expiration_days = 30
    # delivery_frequency_unknown
    config_delivery_frequency = "Daily"
    # admin_ports_without_ssh
    admin_ports = [3389, 3306]
    # disabled_rule_unknown
    disabled_config_rules = ["s3-everything"]
    # additional_rule_bad_identifier
    additional_config_rules = { dynamodb = { source_identifier = "dynamodb-table-encrypted-kms" } }
    # remediation_mode_unknown
    remediation_mode = "auto"
    # skip_tag_reserved_prefix
    remediation_skip_tag = { key = "aws:skip", value = "true" }
    # security_hub_standard_unknown
    security_hub_standards = ["cis"]
    # guardduty_frequency_unknown
    guardduty_finding_publishing_frequency = "HOURLY"
  }
  expect_failures = [var.name, var.kms_key_arn, var.kms_deletion_window_in_days, var.logs_kms_key_arn, var.log_retention_in_days, var.log_group_class, var.alert_topic_arns, var.alert_topics_kms_key_arn, var.finding_severity_routing, var.config_bucket_name, var.config_bucket_expiration_days, var.config_delivery_frequency, var.admin_ports, var.disabled_config_rules, var.additional_config_rules, var.remediation_mode, var.remediation_skip_tag, var.security_hub_standards, var.guardduty_finding_publishing_frequency]
}

run "invalid_inputs_2" {
  command = plan

  variables {
    # routing_severity_twice
    finding_severity_routing = { critical = ["HIGH"], warning = ["HIGH", "MEDIUM"] }
    # admin_ports_too_many
    admin_ports = [22, 3389, 3306, 5432, 6379, 1433, 27017]
    # additional_rule_bad_frequency
    additional_config_rules = { dynamodb = { source_identifier = "DYNAMODB_TABLE_ENCRYPTED_KMS", maximum_execution_frequency = "Daily" } }
  }
  expect_failures = [var.finding_severity_routing, var.admin_ports, var.additional_config_rules]
}

