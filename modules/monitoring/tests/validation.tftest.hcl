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
  name             = "connectly-test"
  sns_kms_key_arn  = "arn:aws:kms:ap-northeast-2:111122223333:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
  logs_kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/1a1b2c3d-4e5f-6789-abcd-ef0123456789"
}

run "bad_name" {
  command = plan
  variables { name = "connectly test" }
  expect_failures = [var.name]
}

run "bad_sns_key" {
  command = plan
  variables { sns_kms_key_arn = "alias/sns" }
  expect_failures = [var.sns_kms_key_arn]
}

run "no_topics" {
  command = plan
  variables { alert_topics = {} }
  expect_failures = [var.alert_topics]
}

run "bad_subscription_protocol" {
  command = plan
  variables { alert_topics = { warning = { subscriptions = { x = { protocol = "http", endpoint = "http://example.com" } } } } }
  expect_failures = [var.alert_topics]
}

run "default_topic_unknown" {
  command = plan
  variables { default_alert_topic = "page" }
  expect_failures = [var.default_alert_topic]
}

run "bad_publisher" {
  command = plan
  variables { topic_publisher_service_principals = ["*"] }
  expect_failures = [var.topic_publisher_service_principals]
}

run "bad_logs_key" {
  command = plan
  variables { logs_kms_key_arn = "not-an-arn" }
  expect_failures = [var.logs_kms_key_arn]
}

run "bad_prometheus_key" {
  command = plan
  variables { prometheus_kms_key_arn = "alias/prometheus" }
  expect_failures = [var.prometheus_kms_key_arn]
}

run "bad_retention" {
  command = plan
  variables { prometheus_log_retention_in_days = 10 }
  expect_failures = [var.prometheus_log_retention_in_days]
}

run "bad_log_group_class" {
  command = plan
  variables { log_group_class = "COLD" }
  expect_failures = [var.log_group_class]
}

run "bad_rule_group" {
  command = plan
  variables { prometheus_rule_groups = { platform = "rules: []" } }
  expect_failures = [var.prometheus_rule_groups]
}

run "bad_grafana_data_source" {
  command = plan
  variables { grafana_data_sources = ["LOKI"] }
  expect_failures = [var.grafana_data_sources]
}

run "bad_grafana_version" {
  command = plan
  variables { grafana_version = "latest" }
  expect_failures = [var.grafana_version]
}

run "bad_grafana_role" {
  command = plan
  variables { grafana_role_associations = { OWNER = { user_ids = ["u-1"] } } }
  expect_failures = [var.grafana_role_associations]
}

run "bad_grafana_license" {
  command = plan
  variables { grafana_license_type = "FREE" }
  expect_failures = [var.grafana_license_type]
}

run "bad_slack_ids" {
  command = plan
  variables { chatbot_slack_channels = { x = { slack_team_id = "team", slack_channel_id = "#alerts", alert_topics = ["warning"] } } }
  expect_failures = [var.chatbot_slack_channels]
}

run "chatbot_unknown_topic" {
  command = plan
  variables { chatbot_slack_channels = { x = { slack_team_id = "T07EA123LEP", slack_channel_id = "C07EZ1ABC23", alert_topics = ["page"] } } }
  expect_failures = [var.chatbot_slack_channels]
}

run "chatbot_bad_logging_level" {
  command = plan
  variables { chatbot_slack_channels = { x = { slack_team_id = "T07EA123LEP", slack_channel_id = "C07EZ1ABC23", alert_topics = ["warning"], logging_level = "DEBUG" } } }
  expect_failures = [var.chatbot_slack_channels]
}

run "chatbot_admin_guardrail" {
  command = plan
  variables { chatbot_slack_channels = { x = { slack_team_id = "T07EA123LEP", slack_channel_id = "C07EZ1ABC23", alert_topics = ["warning"], guardrail_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"] } } }
  expect_failures = [var.chatbot_slack_channels]
}

run "alarm_bad_key" {
  command = plan
  variables { alarms = { "bad key" = { description = "x", runbook = "nat-gateway.md#port-allocation-errors", namespace = "AWS/EC2", metric_name = "CPUUtilization", statistic = "Average", threshold = 1, comparison_operator = "GreaterThanThreshold" } } }
  expect_failures = [var.alarms]
}

run "alarm_both_statistics" {
  command = plan
  variables { alarms = { x = { description = "x", runbook = "nat-gateway.md#port-allocation-errors", namespace = "AWS/EC2", metric_name = "CPUUtilization", statistic = "Average", extended_statistic = "p99", threshold = 1, comparison_operator = "GreaterThanThreshold" } } }
  expect_failures = [var.alarms]
}

run "alarm_bad_statistic" {
  command = plan
  variables { alarms = { x = { description = "x", runbook = "nat-gateway.md#port-allocation-errors", namespace = "AWS/EC2", metric_name = "CPUUtilization", statistic = "Median", threshold = 1, comparison_operator = "GreaterThanThreshold" } } }
  expect_failures = [var.alarms]
}

run "alarm_bad_operator" {
  command = plan
  variables { alarms = { x = { description = "x", runbook = "nat-gateway.md#port-allocation-errors", namespace = "AWS/EC2", metric_name = "CPUUtilization", statistic = "Average", threshold = 1, comparison_operator = ">" } } }
  expect_failures = [var.alarms]
}

run "alarm_bad_missing_data" {
  command = plan
  variables { alarms = { x = { description = "x", runbook = "nat-gateway.md#port-allocation-errors", namespace = "AWS/EC2", metric_name = "CPUUtilization", statistic = "Average", threshold = 1, comparison_operator = "GreaterThanThreshold", treat_missing_data = "zero" } } }
  expect_failures = [var.alarms]
}

run "alarm_bad_period" {
  command = plan
  variables { alarms = { x = { description = "x", runbook = "nat-gateway.md#port-allocation-errors", namespace = "AWS/EC2", metric_name = "CPUUtilization", statistic = "Average", threshold = 1, comparison_operator = "GreaterThanThreshold", period = 90 } } }
  expect_failures = [var.alarms]
}

run "alarm_bad_datapoints" {
  command = plan
  variables { alarms = { x = { description = "x", runbook = "nat-gateway.md#port-allocation-errors", namespace = "AWS/EC2", metric_name = "CPUUtilization", statistic = "Average", threshold = 1, comparison_operator = "GreaterThanThreshold", evaluation_periods = 2, datapoints_to_alarm = 3 } } }
  expect_failures = [var.alarms]
}

run "alarm_unknown_topic" {
  command = plan
  variables { alarms = { x = { description = "x", runbook = "nat-gateway.md#port-allocation-errors", namespace = "AWS/EC2", metric_name = "CPUUtilization", statistic = "Average", threshold = 1, comparison_operator = "GreaterThanThreshold", topic = "page" } } }
  expect_failures = [var.alarms]
}

run "bad_dashboard" {
  command = plan
  variables { dashboards = { atlantis = "not json" } }
  expect_failures = [var.dashboards]
}

run "alarm_without_runbook" {
  command = plan
  variables { alarms = { x = { description = "x", namespace = "AWS/EC2", metric_name = "CPUUtilization", statistic = "Average", threshold = 1, comparison_operator = "GreaterThanThreshold" } } }
  expect_failures = [var.alarms]
}

run "alarm_bad_runbook" {
  command = plan
  variables { alarms = { x = { description = "x", runbook = "https://wiki/nat", namespace = "AWS/EC2", metric_name = "CPUUtilization", statistic = "Average", threshold = 1, comparison_operator = "GreaterThanThreshold" } } }
  expect_failures = [var.alarms]
}

run "bad_runbook_base_url" {
  command = plan
  variables { runbook_base_url = "http://wiki.example.com/runbooks" }
  expect_failures = [var.runbook_base_url]
}

run "subscription_endpoint_mismatch" {
  command = plan
  variables { alert_topics = { warning = { subscriptions = { x = { protocol = "email", endpoint = "https://hooks.example.com/x" } } } } }
  expect_failures = [var.alert_topics]
}

run "bad_grafana_group_id" {
  command = plan
  variables { grafana_role_associations = { ADMIN = { group_ids = ["platform-team"] } } }
  expect_failures = [var.grafana_role_associations]
}

run "chatbot_without_guardrail" {
  command = plan
  variables { chatbot_slack_channels = { x = { slack_team_id = "T07EA123LEP", slack_channel_id = "C07EZ1ABC23", alert_topics = ["warning"], guardrail_policy_arns = [] } } }
  expect_failures = [var.chatbot_slack_channels]
}

# prod (refuse_placeholder_ids = true, the default): any organisation ID left as PLACEHOLDER stops the plan.
run "placeholder_refused" {
  command = plan
  variables {
    chatbot_slack_channels    = { critical = { slack_team_id = "PLACEHOLDER_SLACK_TEAM_ID", slack_channel_id = "C07EZ1ABC23", alert_topics = ["critical"] } }
    grafana_role_associations = { ADMIN = { group_ids = ["906754fb1c-1c1a1b1c-1a1b-1c1d-1e1f-1a1b1c1d1e1f"] } }
  }
  expect_failures = [terraform_data.organisation_ids, check.organisation_ids]
}

run "placeholder_endpoint_refused" {
  command = plan
  variables { alert_topics = { critical = { subscriptions = { pagerduty = { protocol = "https", endpoint = "https://events.pagerduty.com/integration/PLACEHOLDER/enqueue" } } }, warning = {} } }
  expect_failures = [terraform_data.organisation_ids, check.organisation_ids]
}
