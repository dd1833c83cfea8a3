# One run per input validation of the security module: each must reject bad input.

mock_provider "aws" {
  source = "./tests/mocks"
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

run "name_invalid" {
  command = plan

  variables {
    name = "Bad_Name"
  }

  expect_failures = [var.name]
}

run "kms_key_arn_alias" {
  command = plan

  variables {
    kms_key_arn = "alias/security"
  }

  expect_failures = [var.kms_key_arn]
}

run "kms_deletion_window_too_short" {
  command = plan

  variables {
    kms_deletion_window_in_days = 3
  }

  expect_failures = [var.kms_deletion_window_in_days]
}

run "logs_kms_key_arn_not_arn" {
  command = plan

  variables {
    logs_kms_key_arn = "logs"
  }

  expect_failures = [var.logs_kms_key_arn]
}

run "log_retention_not_allowed" {
  command = plan

  variables {
    log_retention_in_days = 42
  }

  expect_failures = [var.log_retention_in_days]
}

run "log_group_class_infrequent" {
  command = plan

  variables {
    log_group_class = "INFREQUENT_ACCESS"
  }

  expect_failures = [var.log_group_class]
}

run "alert_topic_not_sns" {
  command = plan

  variables {
    alert_topic_arns = { critical = "arn:aws:sqs:ap-northeast-2:111122223333:q", warning = "arn:aws:sns:ap-northeast-2:111122223333:w" }
  }

  expect_failures = [var.alert_topic_arns]
}

run "alert_topics_key_not_arn" {
  command = plan

  variables {
    alert_topics_kms_key_arn = "alias/sns"
  }

  expect_failures = [var.alert_topics_kms_key_arn]
}

run "routing_unknown_severity" {
  command = plan

  variables {
    finding_severity_routing = { critical = ["SEVERE"], warning = [] }
  }

  expect_failures = [var.finding_severity_routing]
}

run "routing_severity_twice" {
  command = plan

  variables {
    finding_severity_routing = { critical = ["HIGH"], warning = ["HIGH", "MEDIUM"] }
  }

  expect_failures = [var.finding_severity_routing]
}

run "config_bucket_name_invalid" {
  command = plan

  variables {
    config_bucket_name = "Config_Bucket"
  }

  expect_failures = [var.config_bucket_name]
}

run "config_expiration_too_short" {
  command = plan

  variables {
    config_bucket_expiration_days = 30
  }

  expect_failures = [var.config_bucket_expiration_days]
}

run "delivery_frequency_unknown" {
  command = plan

  variables {
    config_delivery_frequency = "Daily"
  }

  expect_failures = [var.config_delivery_frequency]
}

run "admin_ports_without_ssh" {
  command = plan

  variables {
    admin_ports = [3389, 3306]
  }

  expect_failures = [var.admin_ports]
}

run "admin_ports_too_many" {
  command = plan

  variables {
    admin_ports = [22, 3389, 3306, 5432, 6379, 1433, 27017]
  }

  expect_failures = [var.admin_ports]
}

run "disabled_rule_unknown" {
  command = plan

  variables {
    disabled_config_rules = ["s3-everything"]
  }

  expect_failures = [var.disabled_config_rules]
}

run "additional_rule_bad_identifier" {
  command = plan

  variables {
    additional_config_rules = { dynamodb = { source_identifier = "dynamodb-table-encrypted-kms" } }
  }

  expect_failures = [var.additional_config_rules]
}

run "additional_rule_bad_frequency" {
  command = plan

  variables {
    additional_config_rules = { dynamodb = { source_identifier = "DYNAMODB_TABLE_ENCRYPTED_KMS", maximum_execution_frequency = "Daily" } }
  }

  expect_failures = [var.additional_config_rules]
}

run "remediation_mode_unknown" {
  command = plan

  variables {
    remediation_mode = "auto"
  }

  expect_failures = [var.remediation_mode]
}

run "skip_tag_reserved_prefix" {
  command = plan

  variables {
    remediation_skip_tag = { key = "aws:skip", value = "true" }
  }

  expect_failures = [var.remediation_skip_tag]
}

run "security_hub_standard_unknown" {
  command = plan

  variables {
    security_hub_standards = ["cis"]
  }

  expect_failures = [var.security_hub_standards]
}

run "guardduty_frequency_unknown" {
  command = plan

  variables {
    guardduty_finding_publishing_frequency = "HOURLY"
  }

  expect_failures = [var.guardduty_finding_publishing_frequency]
}
