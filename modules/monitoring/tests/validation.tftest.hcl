mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group
}

variables {
  name             = "connectly-test"
  sns_kms_key_arn  = "arn:aws:kms:ap-northeast-2:111122223333:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
  logs_kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/1a1b2c3d-4e5f-6789-abcd-ef0123456789"
}

# Variable checks, several per run (issue 20: each run starts the provider): each run breaks several
# variables at once, each with the value its former one-check run used (named in the comment above it), and
# a run passes only if every listed variable fails, so a check that stops failing still fails its run.
# A variable with several checks appears in several runs; a check that reads other variables runs apart
# from the runs that set those.
run "invalid_inputs_1" {
  command = plan

  variables {
    # bad_name
    name = "connectly test"
    # bad_sns_key
    sns_kms_key_arn = "alias/sns"
    # no_topics
    alert_topics = {}
    # bad_publisher
    topic_publisher_service_principals = ["*"]
    # bad_logs_key
    logs_kms_key_arn = "not-an-arn"
    # bad_prometheus_key
    prometheus_kms_key_arn = "alias/prometheus"
    # bad_retention
    prometheus_log_retention_in_days = 10
    # bad_log_group_class
    log_group_class = "COLD"
    # bad_rule_group
    prometheus_rule_groups = { platform = "rules: []" }
    # bad_grafana_data_source
    grafana_data_sources = ["LOKI"]
    # bad_grafana_version
    grafana_version = "latest"
    # bad_grafana_role
    grafana_role_associations = { OWNER = { user_ids = ["u-1"] } }
    # bad_grafana_license
    grafana_license_type = "FREE"
    # bad_dashboard
    dashboards = { atlantis = "not json" }
    # bad_runbook_base_url
    runbook_base_url = "http://wiki.example.com/runbooks"
  }
  expect_failures = [var.name, var.sns_kms_key_arn, var.alert_topics, var.topic_publisher_service_principals, var.logs_kms_key_arn, var.prometheus_kms_key_arn, var.prometheus_log_retention_in_days, var.log_group_class, var.prometheus_rule_groups, var.grafana_data_sources, var.grafana_version, var.grafana_role_associations, var.grafana_license_type, var.dashboards, var.runbook_base_url]
}

run "invalid_inputs_2" {
  command = plan

  variables {
    # bad_subscription_protocol
    alert_topics = { warning = { subscriptions = { x = { protocol = "http", endpoint = "http://example.com" } } } }
    # bad_grafana_group_id
    grafana_role_associations = { ADMIN = { group_ids = ["platform-team"] } }
  }
  expect_failures = [var.alert_topics, var.grafana_role_associations]
}

run "invalid_inputs_3" {
  command = plan

  variables {
    # default_topic_unknown
    default_alert_topic = "page"
    # bad_slack_ids
    chatbot_slack_channels = { x = { slack_team_id = "team", slack_channel_id = "#alerts", alert_topics = ["warning"] } }
    # alarm_bad_key
    alarms = { "bad key" = { description = "x", runbook = "nat-gateway.md#port-allocation-errors", namespace = "AWS/EC2", metric_name = "CPUUtilization", statistic = "Average", threshold = 1, comparison_operator = "GreaterThanThreshold" } }
  }
  expect_failures = [var.default_alert_topic, var.chatbot_slack_channels, var.alarms]
}

run "invalid_inputs_4" {
  command = plan

  variables {
    # chatbot_unknown_topic
    chatbot_slack_channels = { x = { slack_team_id = "T07EA123LEP", slack_channel_id = "C07EZ1ABC23", alert_topics = ["page"] } }
    # alarm_both_statistics
    alarms = { x = { description = "x", runbook = "nat-gateway.md#port-allocation-errors", namespace = "AWS/EC2", metric_name = "CPUUtilization", statistic = "Average", extended_statistic = "p99", threshold = 1, comparison_operator = "GreaterThanThreshold" } }
  }
  expect_failures = [var.chatbot_slack_channels, var.alarms]
}

run "invalid_inputs_5" {
  command = plan

  variables {
    # chatbot_bad_logging_level
    chatbot_slack_channels = { x = { slack_team_id = "T07EA123LEP", slack_channel_id = "C07EZ1ABC23", alert_topics = ["warning"], logging_level = "DEBUG" } }
    # alarm_bad_statistic
    alarms = { x = { description = "x", runbook = "nat-gateway.md#port-allocation-errors", namespace = "AWS/EC2", metric_name = "CPUUtilization", statistic = "Median", threshold = 1, comparison_operator = "GreaterThanThreshold" } }
  }
  expect_failures = [var.chatbot_slack_channels, var.alarms]
}

run "invalid_inputs_6" {
  command = plan

  variables {
    # chatbot_admin_guardrail
    chatbot_slack_channels = { x = { slack_team_id = "T07EA123LEP", slack_channel_id = "C07EZ1ABC23", alert_topics = ["warning"], guardrail_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"] } }
    # alarm_bad_operator
    alarms = { x = { description = "x", runbook = "nat-gateway.md#port-allocation-errors", namespace = "AWS/EC2", metric_name = "CPUUtilization", statistic = "Average", threshold = 1, comparison_operator = ">" } }
  }
  expect_failures = [var.chatbot_slack_channels, var.alarms]
}

run "invalid_inputs_7" {
  command = plan

  variables {
    # alarm_bad_missing_data
    alarms = { x = { description = "x", runbook = "nat-gateway.md#port-allocation-errors", namespace = "AWS/EC2", metric_name = "CPUUtilization", statistic = "Average", threshold = 1, comparison_operator = "GreaterThanThreshold", treat_missing_data = "zero" } }
    # chatbot_without_guardrail
    chatbot_slack_channels = { x = { slack_team_id = "T07EA123LEP", slack_channel_id = "C07EZ1ABC23", alert_topics = ["warning"], guardrail_policy_arns = [] } }
  }
  expect_failures = [var.alarms, var.chatbot_slack_channels]
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

run "subscription_endpoint_mismatch" {
  command = plan
  variables { alert_topics = { warning = { subscriptions = { x = { protocol = "email", endpoint = "https://hooks.example.com/x" } } } } }
  expect_failures = [var.alert_topics]
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
