# Defaults (everything on, dry-run), enforce mode, and the emulator's toggles, in few plan runs.

mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group

  # this module's own mocks (a mock_provider takes one source): known at plan time
  mock_resource "aws_kms_key" {
    override_during = plan
    defaults = {
      arn    = "arn:aws:kms:ap-northeast-2:111122223333:key/99999999-2222-3333-4444-555555555555"
      key_id = "99999999-2222-3333-4444-555555555555"
    }
  }
  mock_resource "aws_s3_bucket" {
    override_during = plan
    defaults = {
      id                          = "test-aws-config"
      arn                         = "arn:aws:s3:::test-aws-config"
      bucket_regional_domain_name = "test-aws-config.s3.ap-northeast-2.amazonaws.com"
      region                      = "ap-northeast-2"
    }
  }
  mock_resource "aws_iam_role" {
    override_during = plan
    defaults        = { arn = "arn:aws:iam::111122223333:role/test" }
  }
  mock_resource "aws_iam_policy" {
    override_during = plan
    defaults        = { arn = "arn:aws:iam::111122223333:policy/test-remediate-actions" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    override_during = plan
    defaults        = { arn = "arn:aws:logs:ap-northeast-2:111122223333:log-group:/aws/events/test" }
  }
  mock_resource "aws_cloudwatch_event_rule" {
    override_during = plan
    defaults        = { arn = "arn:aws:events:ap-northeast-2:111122223333:rule/test" }
  }
  mock_resource "aws_lambda_function" {
    override_during = plan
    defaults = {
      arn           = "arn:aws:lambda:ap-northeast-2:111122223333:function:test-remediate"
      qualified_arn = "arn:aws:lambda:ap-northeast-2:111122223333:function:test-remediate:$LATEST"
      invoke_arn    = "arn:aws:apigateway:ap-northeast-2:lambda:path/2015-03-31/functions/arn:aws:lambda:ap-northeast-2:111122223333:function:test-remediate/invocations"
    }
  }
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

run "defaults_detect_everything_and_remediate_in_dry_run" {
  command = plan

  # Config: recorder on, delivery to the encrypted bucket with the module's own rotating key.
  assert {
    condition     = length(aws_kms_key.this) == 1 && aws_kms_key.this[0].enable_key_rotation && aws_config_delivery_channel.this[0].s3_kms_key_arn == aws_kms_key.this[0].arn
    error_message = "The delivery channel must encrypt with the module's own rotating key when kms_key_arn is null."
  }

  assert {
    condition     = aws_config_configuration_recorder.this[0].recording_group[0].all_supported && aws_config_configuration_recorder_status.this[0].is_enabled && aws_config_delivery_channel.this[0].snapshot_delivery_properties[0].delivery_frequency == "TwentyFour_Hours"
    error_message = "The recorder must record every supported resource, be started, and deliver daily snapshots."
  }

  assert {
    condition     = aws_config_configuration_recorder.this[0].role_arn == module.config_role[0].iam_role_arn && aws_config_delivery_channel.this[0].s3_bucket_name == module.config_bucket[0].s3_bucket_id
    error_message = "The recorder uses its own role and delivers to the module's bucket."
  }

  # Controls: every claimed control has its managed rule.
  assert {
    condition     = length(aws_config_config_rule.this) == 25 && aws_config_config_rule.this["restricted-ssh"].source[0].source_identifier == "INCOMING_SSH_DISABLED" && aws_config_config_rule.this["root-account-mfa-enabled"].maximum_execution_frequency == "TwentyFour_Hours"
    error_message = "All 25 built-in controls must be rules; periodic rules run daily."
  }

  assert {
    condition     = jsondecode(aws_config_config_rule.this["restricted-common-ports"].input_parameters) == { blockedPort1 = "3389", blockedPort2 = "3306", blockedPort3 = "5432", blockedPort4 = "6379", blockedPort5 = "1433" }
    error_message = "restricted-common-ports must check the admin ports other than 22."
  }

  # Remediation: SSM documents registered but not automatic in dry-run; the function reports only.
  assert {
    condition     = length(aws_config_remediation_configuration.this) == 4 && alltrue([for r in aws_config_remediation_configuration.this : r.automatic == false && r.target_type == "SSM_DOCUMENT"])
    error_message = "Four SSM remediations, none automatic in dry-run."
  }

  assert {
    condition     = aws_config_remediation_configuration.this["cmk-backing-key-rotation-enabled"].target_id == "AWSConfigRemediation-EnableKeyRotation"
    error_message = "KMS rotation must use the AWS-managed document."
  }

  assert {
    condition     = module.remediation_function[0].lambda_function_name == "test-remediate" && output.remediation_mode == "dry-run"
    error_message = "The remediation function exists and the mode is dry-run by default."
  }

  assert {
    condition = jsonencode(output.remediation_function_rules) == jsonencode({
      "test-restricted-common-ports"                  = "sg-close-world-admin-ports"
      "test-restricted-ssh"                           = "sg-close-world-admin-ports"
      "test-s3-bucket-level-public-access-prohibited" = "s3-block-public-access"
      "test-s3-bucket-public-read-prohibited"         = "s3-block-public-access"
      "test-s3-bucket-public-write-prohibited"        = "s3-block-public-access"
      "test-s3-bucket-server-side-encryption-enabled" = "s3-default-encryption"
    })
    error_message = "The function gets exactly its six rules."
  }

  assert {
    condition     = jsondecode(aws_cloudwatch_event_rule.remediate["config"].event_pattern).detail.newEvaluationResult.complianceType == ["NON_COMPLIANT"] && length(jsondecode(aws_cloudwatch_event_rule.remediate["securityhub"].event_pattern).detail.findings.Compliance.SecurityControlId) == 8
    error_message = "The function is driven by Config non-compliance and failed Security Hub controls."
  }

  # Security Hub, GuardDuty, Access Analyzer, routing, dashboard.
  assert {
    condition     = length(aws_securityhub_standards_subscription.this) == 2 && aws_securityhub_standards_subscription.this["aws-foundational-security-best-practices/v/1.0.0"].standards_arn == "arn:aws:securityhub:ap-northeast-2::standards/aws-foundational-security-best-practices/v/1.0.0" && length(aws_securityhub_insight.open_critical_by_resource) == 1
    error_message = "FSBP and CIS standards and the open-critical insights must be on."
  }

  assert {
    condition     = aws_guardduty_detector.this[0].enable && aws_guardduty_detector_feature.s3_protection[0].name == "S3_DATA_EVENTS" && aws_accessanalyzer_analyzer.this[0].type == "ACCOUNT"
    error_message = "GuardDuty with S3 protection and an account Access Analyzer must be on."
  }

  assert {
    condition     = jsonencode(keys(aws_cloudwatch_event_rule.alert)) == jsonencode(["securityhub-critical", "securityhub-warning"]) && aws_cloudwatch_event_target.alert["securityhub-critical"].arn == "arn:aws:sns:ap-northeast-2:111122223333:test-critical" && jsondecode(aws_cloudwatch_event_rule.alert["securityhub-critical"].event_pattern).detail.findings.Severity.Label == ["CRITICAL", "HIGH"]
    error_message = "Security Hub findings go by severity: CRITICAL and HIGH to critical, MEDIUM to warning."
  }

  assert {
    condition     = aws_cloudwatch_event_target.ssm_remediation_status_topic[0].arn == "arn:aws:sns:ap-northeast-2:111122223333:test-warning" && aws_cloudwatch_event_target.ssm_remediation_status_log[0].arn == module.remediation_log_group.cloudwatch_log_group_arn
    error_message = "SSM remediation executions are recorded in the log group and on the warning topic."
  }

  assert {
    condition     = length(jsondecode(aws_cloudwatch_dashboard.compliance[0].dashboard_body).widgets) == 7 && strcontains(aws_cloudwatch_dashboard.compliance[0].dashboard_body, "detail.configRuleName")
    error_message = "The compliance dashboard has the header, five log widgets and the alerts metric."
  }
}

run "enforce_with_own_key_and_fewer_rules" {
  command = plan

  variables {
    remediation_mode      = "enforce"
    kms_key_arn           = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555"
    disabled_config_rules = ["restricted-common-ports", "rds-instance-public-access-check"]
    additional_config_rules = {
      dynamodb-encrypted = { source_identifier = "DYNAMODB_TABLE_ENCRYPTED_KMS" }
    }
    remediation_skip_tag = { key = "keep", value = "yes" }
  }

  assert {
    condition     = length(aws_kms_key.this) == 0 && aws_config_delivery_channel.this[0].s3_kms_key_arn == "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555"
    error_message = "A given kms_key_arn replaces the module's key."
  }

  assert {
    condition     = length(aws_config_config_rule.this) == 24 && aws_config_config_rule.this["dynamodb-encrypted"].name == "test-dynamodb-encrypted" && !contains(keys(aws_config_config_rule.this), "restricted-common-ports")
    error_message = "Disabled rules are left out and additional rules added."
  }

  assert {
    condition     = alltrue([for r in aws_config_remediation_configuration.this : r.automatic && r.maximum_automatic_attempts == 3]) && length(aws_config_remediation_configuration.this) == 3
    error_message = "In enforce mode the SSM remediations are automatic; a disabled rule has none."
  }

  assert {
    condition     = !contains(keys(output.remediation_function_rules), "test-restricted-common-ports") && length(output.remediation_function_rules) == 5
    error_message = "The function is not told about a disabled rule."
  }
}

run "emulator_toggles_and_routing_without_security_hub" {
  command = plan

  variables {
    enable_security_hub     = false
    enable_guardduty        = true
    guardduty_s3_protection = false
    enable_access_analyzer  = false
    create_ssm_remediations = false
    create_dashboard        = false
    log_group_class         = null
  }

  assert {
    condition     = length(aws_securityhub_account.this) == 0 && length(aws_securityhub_insight.open_critical_by_control) == 0 && length(aws_accessanalyzer_analyzer.this) == 0 && length(aws_guardduty_detector_feature.s3_protection) == 0 && length(aws_cloudwatch_dashboard.compliance) == 0
    error_message = "The toggles remove what they name."
  }

  assert {
    condition     = length(aws_config_remediation_configuration.this) == 0 && length(module.ssm_remediation_role) == 0 && length(aws_cloudwatch_event_rule.ssm_remediation_status) == 0
    error_message = "create_ssm_remediations = false removes the SSM remediations, their role and record rule."
  }

  assert {
    condition     = jsonencode(sort(keys(aws_cloudwatch_event_rule.alert))) == jsonencode(["config-warning", "guardduty-critical", "guardduty-warning"]) && jsonencode(jsondecode(aws_cloudwatch_event_rule.alert["guardduty-critical"].event_pattern).detail.severity) == jsonencode([{ numeric = [">=", 9] }, { numeric = [">=", 7, "<", 9] }])
    error_message = "Without Security Hub, GuardDuty findings go by numeric severity and Config non-compliance to warning."
  }

  assert {
    condition     = jsonencode(keys(aws_cloudwatch_event_rule.remediate)) == jsonencode(["config"])
    error_message = "Without Security Hub the function has only the Config trigger."
  }
}
