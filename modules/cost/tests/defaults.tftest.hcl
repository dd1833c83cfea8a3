mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:ap-northeast-2:111122223333:key/99999999-8888-7777-6666-555555555555" }
  }
  mock_resource "aws_ce_anomaly_monitor" {
    defaults = { arn = "arn:aws:ce::111122223333:anomalymonitor/11111111-2222-3333-4444-555555555555" }
  }
}

mock_provider "aws" {
  alias = "us_east_1"
}

variables {
  name               = "connectly-test"
  monthly_budget_usd = 5000
  alert_topic_arns = {
    critical = "arn:aws:sns:ap-northeast-2:111122223333:connectly-test-critical"
    warning  = "arn:aws:sns:ap-northeast-2:111122223333:connectly-test-warning"
  }
  cost_allocation_tag_keys = ["Environment", "Layer"]
  create_data_export       = true
  athena_workgroup_name    = "connectly-test-logs"
  tags                     = { Team = "platform" }
}

run "budget_and_anomalies" {
  command = apply

  assert {
    condition     = aws_budgets_budget.monthly[0].name == "connectly-test-monthly" && aws_budgets_budget.monthly[0].limit_amount == "5000.00" && aws_budgets_budget.monthly[0].time_unit == "MONTHLY"
    error_message = "The environment gets a monthly cost budget of monthly_budget_usd."
  }
  assert {
    condition     = toset([for n in aws_budgets_budget.monthly[0].notification : "${n.notification_type}/${n.threshold}/${one(n.subscriber_sns_topic_arns)}"]) == toset(["ACTUAL/80/arn:aws:sns:ap-northeast-2:111122223333:connectly-test-warning", "ACTUAL/100/arn:aws:sns:ap-northeast-2:111122223333:connectly-test-critical", "FORECASTED/100/arn:aws:sns:ap-northeast-2:111122223333:connectly-test-warning"])
    error_message = "Actual 80% and forecast 100% must notify warning, actual 100% critical."
  }
  assert {
    condition     = aws_ce_anomaly_monitor.services[0].monitor_dimension == "SERVICE" && aws_ce_anomaly_subscription.alerts[0].frequency == "IMMEDIATE"
    error_message = "Anomalies must be watched per service and sent immediately."
  }
  assert {
    condition     = one(aws_ce_anomaly_subscription.alerts[0].subscriber).address == "arn:aws:sns:ap-northeast-2:111122223333:connectly-test-warning" && aws_ce_anomaly_subscription.alerts[0].monitor_arn_list == tolist(["arn:aws:ce::111122223333:anomalymonitor/11111111-2222-3333-4444-555555555555"])
    error_message = "The anomaly subscription must notify the anomaly topic for the monitor."
  }
  assert {
    condition     = toset(one(one(aws_ce_anomaly_subscription.alerts[0].threshold_expression).dimension).values) == toset(["100.00"])
    error_message = "Anomalies under anomaly_threshold_usd must not notify."
  }
  assert {
    condition     = toset(keys(aws_ce_cost_allocation_tag.this)) == toset(["Environment", "Layer"]) && aws_ce_cost_allocation_tag.this["Layer"].status == "Active"
    error_message = "The given tag keys must be activated for cost allocation."
  }
}

run "data_export" {
  command = plan

  assert {
    condition     = aws_bcmdataexports_export.cur2[0].export[0].name == "connectly-test-cur2" && strcontains(aws_bcmdataexports_export.cur2[0].export[0].data_query[0].query_statement, "resource_tags") && aws_bcmdataexports_export.cur2[0].export[0].data_query[0].table_configurations["COST_AND_USAGE_REPORT"]["INCLUDE_RESOURCES"] == "TRUE"
    error_message = "The CUR 2.0 export must include resource ids and tags."
  }
  assert {
    condition     = aws_bcmdataexports_export.cur2[0].export[0].destination_configurations[0].s3_destination[0].s3_output_configurations[0].format == "PARQUET"
    error_message = "The export must write Parquet."
  }
  assert {
    condition     = aws_bcmdataexports_export.cur2[0].export[0].destination_configurations[0].s3_destination[0].s3_bucket == module.export_bucket[0].s3_bucket_id && aws_kms_key.export[0].enable_key_rotation
    error_message = "The export goes to the module's bucket, encrypted with a rotated key of its own."
  }
  assert {
    condition     = one([for s in jsondecode(aws_kms_key.export[0].policy).Statement : s.Condition.StringEquals["aws:SourceAccount"] if s.Sid == "DataExportsEncryptsItsObjects"]) == "111122223333"
    error_message = "Data Exports may use the key for this account's exports only."
  }
  assert {
    condition     = aws_glue_catalog_table.cur2[0].parameters["projection.billing_period.type"] == "date" && aws_glue_catalog_table.cur2[0].parameters["storage.location.template"] == "s3://connectly-test-cost-export-111122223333/cur2/connectly-test-cur2/data/BILLING_PERIOD=$${billing_period}"
    error_message = "The cur2 table must project the billing period over the export's path."
  }
  assert {
    condition     = toset(keys(aws_athena_named_query.cost)) == toset(["cost-by-service", "cost-by-tag", "cost-by-layer"]) && aws_athena_named_query.cost["cost-by-layer"].workgroup == "connectly-test-logs" && strcontains(aws_athena_named_query.cost["cost-by-layer"].query, "'user_layer'")
    error_message = "Saved queries for cost by service, tag and layer must run in the given workgroup."
  }
}

run "emulator_and_member_account_toggles" {
  command = plan

  variables {
    create_budget            = false
    create_anomaly_detection = false
    create_data_export       = false
    cost_allocation_tag_keys = []
  }

  assert {
    condition     = length(aws_budgets_budget.monthly) == 0 && length(aws_ce_anomaly_monitor.services) == 0 && length(aws_ce_anomaly_subscription.alerts) == 0 && length(aws_ce_cost_allocation_tag.this) == 0
    error_message = "The toggles must drop the budget, the anomaly monitor and the tag activation."
  }
  assert {
    condition     = length(aws_bcmdataexports_export.cur2) == 0 && length(module.export_bucket) == 0 && length(aws_kms_key.export) == 0 && length(aws_athena_named_query.cost) == 0
    error_message = "Without create_data_export there is no export, bucket, key or query."
  }
}
