mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group

  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sns:Publish\",\"Resource\":\"*\"}]}" }
  }
  mock_resource "aws_sns_topic" {
    defaults = { arn = "arn:aws:sns:ap-northeast-2:111122223333:connectly-test-alerts" }
  }
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:ap-northeast-2:111122223333:key/99999999-8888-7777-6666-555555555555" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:ap-northeast-2:111122223333:log-group:/aws/vendedlogs/prometheus/connectly-test" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::111122223333:role/connectly-test-role" }
  }
}

variables {
  name             = "connectly-test"
  sns_kms_key_arn  = "arn:aws:kms:ap-northeast-2:111122223333:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
  logs_kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/1a1b2c3d-4e5f-6789-abcd-ef0123456789"
  alarms = {
    nat-errors = {
      description         = "NAT port allocation errors"
      runbook             = "nat-gateway.md#port-allocation-errors"
      namespace           = "AWS/NATGateway"
      metric_name         = "ErrorPortAllocation"
      dimensions          = { NatGatewayId = "nat-0123456789abcdef0" }
      statistic           = "Sum"
      threshold           = 0
      comparison_operator = "GreaterThanThreshold"
      topic               = "critical"
    }
    waf-blocks = {
      description         = "WAF blocked requests"
      runbook             = "waf.md#blocked-requests"
      namespace           = "AWS/WAFV2"
      metric_name         = "BlockedRequests"
      extended_statistic  = "p99"
      threshold           = 1000
      comparison_operator = "GreaterThanOrEqualToThreshold"
      ok_notification     = false
    }
  }
  chatbot_slack_channels = {
    alerts = {
      slack_team_id    = "T07EA123LEP"
      slack_channel_id = "C07EZ1ABC23"
      alert_topics     = ["critical"]
    }
  }
  tags = { Team = "platform" }
}

run "alert_topics" {
  command = plan

  assert {
    condition     = toset(keys(aws_sns_topic.alerts)) == toset(["critical", "warning"])
    error_message = "critical and warning topics must exist by default."
  }
  assert {
    condition     = alltrue([for t in aws_sns_topic.alerts : t.kms_master_key_id == "arn:aws:kms:ap-northeast-2:111122223333:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789"])
    error_message = "Every alert topic must be encrypted with the sns key."
  }
  assert {
    condition     = aws_sns_topic.alerts["critical"].name == "connectly-test-critical" && aws_sns_topic.alerts["critical"].tags["Severity"] == "critical" && aws_sns_topic.alerts["critical"].tags["Team"] == "platform"
    error_message = "Topics must be named <name>-<severity> and tagged."
  }
}

run "topic_policies" {
  command = apply

  assert {
    condition     = toset(one([for s in jsondecode(aws_sns_topic_policy.alerts["critical"].policy).Statement : s.Principal.Service if s.Sid == "ServicesPublishAlerts"])) == toset(["cloudwatch.amazonaws.com", "aps.amazonaws.com", "budgets.amazonaws.com", "costalerts.amazonaws.com", "events.amazonaws.com"])
    error_message = "CloudWatch, AMP, Budgets, Cost Anomaly Detection and EventBridge (security findings) must be allowed to publish."
  }
  assert {
    condition     = one([for s in jsondecode(aws_sns_topic_policy.alerts["critical"].policy).Statement : s.Condition.StringEquals["aws:SourceAccount"] if s.Sid == "ServicesPublishAlerts"]) == "111122223333"
    error_message = "Publishing services must be limited to this account."
  }
  assert {
    condition     = one([for s in jsondecode(aws_sns_topic_policy.alerts["critical"].policy).Statement : s.Effect if s.Sid == "DenyInsecureTransport"]) == "Deny"
    error_message = "Publishing without TLS must be denied."
  }
  # was run "prometheus_applied" (same inputs)
  assert {
    condition     = aws_prometheus_workspace.this.kms_key_arn == "arn:aws:kms:ap-northeast-2:111122223333:key/99999999-8888-7777-6666-555555555555"
    error_message = "The workspace must be encrypted with the created key."
  }
  assert {
    condition     = aws_prometheus_workspace.this.logging_configuration[0].log_group_arn == "arn:aws:logs:ap-northeast-2:111122223333:log-group:/aws/vendedlogs/prometheus/connectly-test:*"
    error_message = "The workspace must log to its log group (ARN with :*)."
  }
  assert {
    condition     = yamldecode(yamldecode(aws_prometheus_alert_manager_definition.this[0].definition).alertmanager_config).route.receiver == "warning"
    error_message = "Alerts without a matching severity must go to default_alert_topic."
  }
  assert {
    condition     = yamldecode(yamldecode(aws_prometheus_alert_manager_definition.this[0].definition).alertmanager_config).route.routes[0].match.severity == "critical"
    error_message = "severity=critical must be routed to the critical receiver."
  }
  assert {
    condition     = toset([for r in yamldecode(yamldecode(aws_prometheus_alert_manager_definition.this[0].definition).alertmanager_config).receivers : r.sns_configs[0].sigv4.region]) == toset(["ap-northeast-2"])
    error_message = "Every receiver must publish to SNS with SigV4 in the region."
  }
  assert {
    condition     = yamldecode(yamldecode(aws_prometheus_alert_manager_definition.this[0].definition).alertmanager_config).inhibit_rules[0].equal == ["slo"]
    error_message = "A paging SLO alert must inhibit the ticket of the same SLO."
  }
  # was run "alarms_applied" (same inputs)
  assert {
    condition     = aws_cloudwatch_metric_alarm.this["nat-errors"].alarm_actions == toset([aws_sns_topic.alerts["critical"].arn]) && aws_cloudwatch_metric_alarm.this["nat-errors"].ok_actions == toset([aws_sns_topic.alerts["critical"].arn])
    error_message = "An alarm must notify its topic on ALARM and OK."
  }
  assert {
    condition     = output.dashboard_names["platform"] == "connectly-test-platform" && length(output.dashboard_names) == 1
    error_message = "dashboard_names must list the platform dashboard."
  }
}

run "prometheus" {
  command = plan

  assert {
    condition     = aws_prometheus_workspace.this.alias == "connectly-test"
    error_message = "The workspace alias must be the name."
  }
  assert {
    condition     = length(aws_kms_key.prometheus) == 1 && aws_kms_key.prometheus[0].enable_key_rotation
    error_message = "A rotated key must be created for the workspace."
  }
  assert {
    condition     = jsondecode(aws_kms_key.prometheus[0].policy).Statement[1].Condition.StringEquals["kms:ViaService"] == "aps.ap-northeast-2.amazonaws.com"
    error_message = "The workspace key must be usable only through AMP."
  }
  assert {
    condition     = module.prometheus_log_group.cloudwatch_log_group_name == "/aws/vendedlogs/prometheus/connectly-test"
    error_message = "The workspace must log to /aws/vendedlogs/prometheus/<name>."
  }
  assert {
    condition     = length(aws_prometheus_alert_manager_definition.this) == 1
    error_message = "The alert manager definition must exist by default."
  }
}

run "grafana" {
  command = plan

  assert {
    condition     = aws_grafana_workspace.this[0].authentication_providers == tolist(["AWS_SSO"]) && aws_grafana_workspace.this[0].permission_type == "SERVICE_MANAGED" && aws_grafana_workspace.this[0].account_access_type == "CURRENT_ACCOUNT"
    error_message = "Grafana must use IAM Identity Center and service-managed permissions for this account."
  }
  assert {
    condition     = aws_grafana_workspace.this[0].data_sources == tolist(["PROMETHEUS", "CLOUDWATCH"]) && aws_grafana_workspace.this[0].notification_destinations == tolist(["SNS"])
    error_message = "Grafana must read Prometheus and CloudWatch and notify through SNS."
  }
  assert {
    condition     = jsondecode(aws_grafana_workspace.this[0].configuration).plugins.pluginAdminEnabled == false
    error_message = "Plugin administration must be off."
  }
  assert {
    condition     = length(aws_grafana_license_association.this) == 0
    error_message = "No paid licence by default."
  }
  assert {
    condition     = length(module.grafana_role) == 1
    error_message = "Grafana must get its own role."
  }
  # was run "chatbot" (same inputs)
  assert {
    condition     = aws_chatbot_slack_channel_configuration.this["alerts"].configuration_name == "connectly-test-alerts" && aws_chatbot_slack_channel_configuration.this["alerts"].logging_level == "ERROR"
    error_message = "Each channel must get a configuration named <name>-<key>, logging errors."
  }
  assert {
    condition     = aws_chatbot_slack_channel_configuration.this["alerts"].guardrail_policy_arns == tolist(["arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess"])
    error_message = "Channels must be capped at read-only CloudWatch by default."
  }
  assert {
    condition     = length(module.chatbot_role) == 1
    error_message = "Chatbot must get its own role."
  }
  # was run "alarms_and_dashboards" (same inputs)
  assert {
    condition     = aws_cloudwatch_metric_alarm.this["nat-errors"].alarm_name == "connectly-test-nat-errors" && aws_cloudwatch_metric_alarm.this["nat-errors"].dimensions["NatGatewayId"] == "nat-0123456789abcdef0"
    error_message = "Alarms must be named <name>-<key> with their dimensions."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.this["nat-errors"].tags["Severity"] == "critical" && aws_cloudwatch_metric_alarm.this["waf-blocks"].tags["Severity"] == "warning"
    error_message = "Alarms must notify their topic, or default_alert_topic."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.this["nat-errors"].alarm_description == "NAT port allocation errors. Runbook: https://github.com/connectly/platform/blob/main/docs/runbooks/nat-gateway.md#port-allocation-errors"
    error_message = "An alarm's description must end with the link to its runbook section."
  }
  assert {
    condition     = length(aws_cloudwatch_metric_alarm.this["waf-blocks"].ok_actions) == 0 && aws_cloudwatch_metric_alarm.this["waf-blocks"].extended_statistic == "p99"
    error_message = "ok_notification = false must drop OK actions; extended_statistic must pass through."
  }
  assert {
    condition     = aws_cloudwatch_dashboard.platform[0].dashboard_name == "connectly-test-platform"
    error_message = "The platform dashboard must be <name>-platform."
  }
  assert {
    condition     = one([for w in jsondecode(aws_cloudwatch_dashboard.platform[0].dashboard_body).widgets : w.properties.alarms if w.type == "alarm"]) == ["arn:aws:cloudwatch:ap-northeast-2:111122223333:alarm:connectly-test-nat-errors", "arn:aws:cloudwatch:ap-northeast-2:111122223333:alarm:connectly-test-waf-blocks"]
    error_message = "The platform dashboard must show every alarm's status."
  }
  assert {
    condition     = length([for w in jsondecode(aws_cloudwatch_dashboard.platform[0].dashboard_body).widgets : w if w.type == "metric"]) == 3
    error_message = "The platform dashboard must graph each alarm and the topics' delivery failures."
  }
  assert {
    condition     = length(aws_cloudwatch_dashboard.extra) == 0
    error_message = "No extra dashboards by default."
  }
}

run "local_toggles" {
  command = plan

  variables {
    encrypt_prometheus_workspace    = false
    create_alert_manager_definition = false
    create_grafana                  = false
    create_chatbot                  = false
    create_platform_dashboard       = false
  }

  assert {
    condition     = length(aws_kms_key.prometheus) == 0 && aws_prometheus_workspace.this.kms_key_arn == null
    error_message = "encrypt_prometheus_workspace = false must drop the workspace key."
  }
  assert {
    condition     = length(aws_prometheus_alert_manager_definition.this) == 0
    error_message = "create_alert_manager_definition = false must drop the definition."
  }
  assert {
    condition     = length(aws_grafana_workspace.this) == 0 && length(module.grafana_role) == 0 && length(aws_grafana_role_association.this) == 0
    error_message = "create_grafana = false must remove Grafana and its role."
  }
  assert {
    condition     = length(aws_chatbot_slack_channel_configuration.this) == 0 && length(module.chatbot_role) == 0
    error_message = "create_chatbot = false must remove Chatbot and its role."
  }
  assert {
    condition     = length(aws_cloudwatch_dashboard.platform) == 0 && length(aws_sns_topic.alerts) == 2 && length(aws_cloudwatch_metric_alarm.this) == 2
    error_message = "The toggles must not touch topics or alarms."
  }
}

run "extras" {
  command = plan

  variables {
    grafana_license_type      = "ENTERPRISE"
    grafana_role_associations = { ADMIN = { group_ids = ["906754fb1c-1c1a1b1c-1a1b-1c1d-1e1f-1a1b1c1d1e1f"] } }
    prometheus_kms_key_arn    = "arn:aws:kms:ap-northeast-2:111122223333:key/12345678-1234-1234-1234-123456789012"
    prometheus_rule_groups    = { platform = "groups:\n  - name: platform\n    rules: []\n" }
    dashboards                = { atlantis-overview = "{\"widgets\":[]}" }
    alert_topics = {
      critical = {
        subscriptions = {
          oncall    = { protocol = "email", endpoint = "oncall@example.com" }
          pagerduty = { protocol = "https", endpoint = "https://events.pagerduty.com/integration/0123abcd/enqueue", endpoint_auto_confirms = true }
        }
      }
      warning = {}
    }
  }

  assert {
    condition     = aws_grafana_license_association.this[0].license_type == "ENTERPRISE"
    error_message = "grafana_license_type must add the licence."
  }
  assert {
    condition     = aws_grafana_role_association.this["ADMIN"].role == "ADMIN" && aws_grafana_role_association.this["ADMIN"].group_ids == toset(["906754fb1c-1c1a1b1c-1a1b-1c1d-1e1f-1a1b1c1d1e1f"])
    error_message = "Role associations must be created per role."
  }
  assert {
    condition     = length(aws_kms_key.prometheus) == 0 && aws_prometheus_workspace.this.kms_key_arn == "arn:aws:kms:ap-northeast-2:111122223333:key/12345678-1234-1234-1234-123456789012"
    error_message = "A given prometheus_kms_key_arn must be used instead of creating a key."
  }
  assert {
    condition     = aws_prometheus_rule_group_namespace.this["platform"].name == "platform"
    error_message = "Rule groups must be created per namespace."
  }
  assert {
    condition     = aws_cloudwatch_dashboard.extra["atlantis-overview"].dashboard_name == "connectly-test-atlantis-overview"
    error_message = "Extra dashboards must be named <name>-<key>."
  }
  assert {
    condition     = aws_sns_topic_subscription.alerts["critical/oncall"].protocol == "email" && aws_sns_topic_subscription.alerts["critical/oncall"].endpoint == "oncall@example.com"
    error_message = "Subscriptions must be created per topic."
  }
  assert {
    condition     = aws_sns_topic_subscription.alerts["critical/pagerduty"].protocol == "https" && aws_sns_topic_subscription.alerts["critical/pagerduty"].endpoint_auto_confirms && !aws_sns_topic_subscription.alerts["critical/oncall"].endpoint_auto_confirms
    error_message = "HTTPS subscriptions must pass endpoint_auto_confirms through."
  }
  assert {
    condition     = length(terraform_data.organisation_ids) == 1 && length(local.placeholder_inputs) == 0
    error_message = "With real IDs the placeholder guard must pass."
  }
}

# dev and stage (refuse_placeholder_ids = false): what is still PLACEHOLDER is left out, the rest is created.
run "placeholders_left_out" {
  command = plan

  # The check block names what is left out: a warning in a layer run, an expected failure here.
  expect_failures = [check.organisation_ids]

  variables {
    refuse_placeholder_ids = false
    chatbot_slack_channels = {
      critical = { slack_team_id = "PLACEHOLDER_SLACK_TEAM_ID", slack_channel_id = "PLACEHOLDER_CHANNEL", alert_topics = ["critical"] }
      warning  = { slack_team_id = "T07EA123LEP", slack_channel_id = "C07EZ1ABC23", alert_topics = ["warning"] }
    }
    grafana_role_associations = {
      ADMIN  = { group_ids = ["906754fb1c-1c1a1b1c-1a1b-1c1d-1e1f-1a1b1c1d1e1f", "PLACEHOLDER_ADMINS"] }
      VIEWER = { group_ids = ["PLACEHOLDER_VIEWERS"] }
    }
    alert_topics = {
      critical = { subscriptions = { oncall = { protocol = "email", endpoint = "PLACEHOLDER@example.com" } } }
      warning  = { subscriptions = { team = { protocol = "email", endpoint = "platform@example.com" } } }
    }
  }

  assert {
    condition     = keys(aws_chatbot_slack_channel_configuration.this) == ["warning"]
    error_message = "A Slack channel with PLACEHOLDER IDs must be left out, the others kept."
  }
  assert {
    condition     = keys(aws_grafana_role_association.this) == ["ADMIN"] && aws_grafana_role_association.this["ADMIN"].group_ids == toset(["906754fb1c-1c1a1b1c-1a1b-1c1d-1e1f-1a1b1c1d1e1f"])
    error_message = "PLACEHOLDER group IDs must be left out, and a role left empty must get no association."
  }
  assert {
    condition     = keys(aws_sns_topic_subscription.alerts) == ["warning/team"]
    error_message = "A subscription to a PLACEHOLDER endpoint must be left out."
  }
  assert {
    condition     = length(terraform_data.organisation_ids) == 0 && local.placeholder_inputs == tolist(["alert_topics.critical.subscriptions.oncall.endpoint", "chatbot_slack_channels.critical.slack_channel_id", "chatbot_slack_channels.critical.slack_team_id", "grafana_role_associations.ADMIN.group_ids[1]", "grafana_role_associations.VIEWER.group_ids[0]"])
    error_message = "Every PLACEHOLDER input must be named (the check block warns with the list)."
  }
}
