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

# Merged validation runs (issue 20: one provider start instead of 8); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
# Variable checks, several per run (issue 20: each run starts the provider): each run breaks several
# variables at once, each with the value its former one-check run used (named in the comment above it), and
# a run passes only if every listed variable fails, so a check that stops failing still fails its run.
# A variable with several checks appears in several runs; a check that reads other variables runs apart
# from the runs that set those.
run "invalid_inputs_1" {
  command = plan
  variables {
    # bad_name
    name = "Connectly Test"

    # bad_topic_arn
    alert_topic_arns = { warning = "connectly-test-warning" }

    # zero_budget
    monthly_budget_usd = 0

    # bad_anomaly_threshold
    anomaly_threshold_usd = 0

    # aws_tag_key
    cost_allocation_tag_keys = ["aws:createdBy"]

    # export_without_workgroup
    create_data_export = true

    # bad_start_month
    export_start_month = "2026-13"

    # short_export_expiration
    export_expiration_days = 30
  }
  expect_failures = [
    var.name,                     # bad_name
    var.alert_topic_arns,         # bad_topic_arn
    var.monthly_budget_usd,       # zero_budget
    var.anomaly_threshold_usd,    # bad_anomaly_threshold
    var.cost_allocation_tag_keys, # aws_tag_key
    var.athena_workgroup_name,    # export_without_workgroup
    var.export_start_month,       # bad_start_month
    var.export_expiration_days,   # short_export_expiration
  ]
}

# Merged validation runs (issue 20: one provider start instead of 2); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs_2" {
  command = plan
  variables {
    # bad_notification_type
    budget_notifications = { x = { type = "ESTIMATED", threshold = 80, topic = "warning" } }

    # anomaly_to_unknown_topic
    anomaly_topic = "page"
  }
  expect_failures = [
    var.budget_notifications, # bad_notification_type
    var.anomaly_topic,        # anomaly_to_unknown_topic
  ]
}

run "notification_to_unknown_topic" {
  command = plan
  variables { budget_notifications = { x = { type = "ACTUAL", threshold = 80, topic = "page" } } }
  expect_failures = [var.budget_notifications]
}

