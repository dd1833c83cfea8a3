mock_provider "aws" {}

mock_provider "aws" {
  alias = "us_east_1"
}

variables {
  name               = "connectly-test"
  monthly_budget_usd = 100
  alert_topic_arns = {
    critical = "arn:aws:sns:ap-northeast-2:111122223333:connectly-test-critical"
    warning  = "arn:aws:sns:ap-northeast-2:111122223333:connectly-test-warning"
  }
}

run "bad_name" {
  command = plan
  variables { name = "Connectly Test" }
  expect_failures = [var.name]
}

run "bad_topic_arn" {
  command = plan
  variables { alert_topic_arns = { warning = "connectly-test-warning" } }
  expect_failures = [var.alert_topic_arns]
}

run "zero_budget" {
  command = plan
  variables { monthly_budget_usd = 0 }
  expect_failures = [var.monthly_budget_usd]
}

run "bad_notification_type" {
  command = plan
  variables { budget_notifications = { x = { type = "ESTIMATED", threshold = 80, topic = "warning" } } }
  expect_failures = [var.budget_notifications]
}

run "notification_to_unknown_topic" {
  command = plan
  variables { budget_notifications = { x = { type = "ACTUAL", threshold = 80, topic = "page" } } }
  expect_failures = [var.budget_notifications]
}

run "bad_anomaly_threshold" {
  command = plan
  variables { anomaly_threshold_usd = 0 }
  expect_failures = [var.anomaly_threshold_usd]
}

run "anomaly_to_unknown_topic" {
  command = plan
  variables { anomaly_topic = "page" }
  expect_failures = [var.anomaly_topic]
}

run "aws_tag_key" {
  command = plan
  variables { cost_allocation_tag_keys = ["aws:createdBy"] }
  expect_failures = [var.cost_allocation_tag_keys]
}

run "export_without_workgroup" {
  command = plan
  variables { create_data_export = true }
  expect_failures = [var.athena_workgroup_name]
}

run "bad_start_month" {
  command = plan
  variables { export_start_month = "2026-13" }
  expect_failures = [var.export_start_month]
}

run "short_export_expiration" {
  command = plan
  variables { export_expiration_days = 30 }
  expect_failures = [var.export_expiration_days]
}
