mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group
}

variables {
  name                = "connectly-test"
  kms_key_arn         = "arn:aws:kms:ap-northeast-2:111122223333:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
  archive_bucket_name = "connectly-test-log-archive"
  flow_log_source     = "platform.connectly-test.vpc-flow-logs"
  waf_log_source      = "aws-waf-logs-connectly-test-regional"
  application_sources = ["platform.test.application", "platform.connectly-test.atlantis"]
  alb_access_logs = {
    atlantis = { bucket = "atlantis-alb-logs-111122223333-ap-northeast-2", prefix = "atlantis" }
  }
  application_log_group_names = ["/platform/test/application"]
  flow_log_group_name         = "/platform/connectly-test/vpc-flow-logs"
  waf_log_group_names         = ["aws-waf-logs-connectly-test-regional"]
  tags                        = { Team = "platform" }
}

# Merged with runs of the same variables (issue 20): saved_queries
run "workgroup_and_tables" {
  command = plan

  assert {
    condition     = aws_athena_workgroup.this.name == "connectly-test-logs" && aws_athena_workgroup.this.configuration[0].enforce_workgroup_configuration && aws_athena_workgroup.this.configuration[0].bytes_scanned_cutoff_per_query == 10737418240
    error_message = "The workgroup must enforce its configuration and cap each query at 10 GB scanned."
  }
  assert {
    condition     = aws_athena_workgroup.this.configuration[0].result_configuration[0].encryption_configuration[0].encryption_option == "SSE_KMS" && aws_athena_workgroup.this.configuration[0].result_configuration[0].encryption_configuration[0].kms_key_arn == var.kms_key_arn
    error_message = "Query results must be encrypted with the logs key."
  }
  assert {
    condition     = aws_athena_workgroup.this.configuration[0].result_configuration[0].output_location == "s3://connectly-test-log-search-results-111122223333/results/"
    error_message = "Results must go to the module's own bucket."
  }
  assert {
    condition     = aws_glue_catalog_database.this.name == "connectly_test_logs" && aws_glue_catalog_table.archive.name == "cloudwatch_logs"
    error_message = "The database is <name>_logs with the archive table cloudwatch_logs."
  }
  assert {
    condition     = aws_glue_catalog_table.archive.parameters["projection.enabled"] == "true" && aws_glue_catalog_table.archive.parameters["projection.source.type"] == "injected" && aws_glue_catalog_table.archive.parameters["storage.location.template"] == "s3://connectly-test-log-archive/logs/source=$${source}/year=$${year}/month=$${month}/day=$${day}/"
    error_message = "The archive table must project source (injected), year, month and day over the Firehose prefix."
  }
  assert {
    condition     = aws_glue_catalog_table.archive.storage_descriptor[0].columns[5].name == "logevents" && length(aws_glue_catalog_table.archive.partition_keys) == 4
    error_message = "The archive table must read the CloudWatch Logs envelope (logevents) with four partition keys."
  }
  assert {
    condition     = aws_glue_catalog_table.alb["atlantis"].parameters["storage.location.template"] == "s3://atlantis-alb-logs-111122223333-ap-northeast-2/atlantis/AWSLogs/111122223333/elasticloadbalancing/ap-northeast-2/$${day}" && aws_glue_catalog_table.alb["atlantis"].parameters["projection.day.type"] == "date"
    error_message = "ALB tables must project the day over the load balancer's log path."
  }
  assert {
    condition     = length(aws_glue_catalog_table.alb["atlantis"].storage_descriptor[0].columns) == 34 && aws_glue_catalog_table.alb["atlantis"].storage_descriptor[0].columns[10].name == "elb_status_code" && aws_glue_catalog_table.alb["atlantis"].storage_descriptor[0].columns[10].type == "int"
    error_message = "ALB tables must have AWS's access log columns, typed."
  }

  # was run "saved_queries"
  assert {
    condition     = toset(keys(aws_athena_named_query.this)) == toset(["rejected-flows-by-source", "top-talkers", "waf-blocks-by-rule", "request-id-across-services", "alb-atlantis-5xx-by-target"])
    error_message = "Every common question must have a saved Athena query."
  }
  assert {
    condition     = alltrue([for k, q in aws_athena_named_query.this : q.workgroup == "connectly-test-logs" && q.database == "connectly_test_logs" && startswith(q.name, "connectly-test-")])
    error_message = "Saved queries must run in the log search workgroup and database."
  }
  assert {
    condition     = strcontains(aws_athena_named_query.this["rejected-flows-by-source"].query, "source = 'platform.connectly-test.vpc-flow-logs'") && strcontains(aws_athena_named_query.this["rejected-flows-by-source"].query, "'REJECT'")
    error_message = "Archive queries must filter on the source partition (injected projection needs it)."
  }
  assert {
    condition     = strcontains(aws_athena_named_query.this["request-id-across-services"].query, "source IN ('platform.test.application', 'platform.connectly-test.atlantis')") && strcontains(aws_athena_named_query.this["request-id-across-services"].query, "strpos(e.message, ?)")
    error_message = "The request-id query must search every service source and ask for the id."
  }
  assert {
    condition     = toset(keys(aws_cloudwatch_query_definition.this)) == toset(["errors", "request-id", "rejected-flows-by-source", "top-talkers", "waf-blocks-by-rule"])
    error_message = "Logs Insights must get the saved queries for the live log groups."
  }
  assert {
    condition     = aws_cloudwatch_query_definition.this["waf-blocks-by-rule"].log_group_names == tolist(["aws-waf-logs-connectly-test-regional"]) && aws_cloudwatch_query_definition.this["top-talkers"].name == "connectly-test/top-talkers"
    error_message = "Query definitions must be named <name>/<key> and read their log groups."
  }
}

run "emulator_toggles_and_no_sources" {
  command = plan

  variables {
    create_named_queries     = false
    create_query_definitions = false
    flow_log_source          = null
    waf_log_source           = null
    alb_access_logs          = {}
  }

  assert {
    condition     = length(aws_athena_named_query.this) == 0 && length(aws_cloudwatch_query_definition.this) == 0 && length(aws_glue_catalog_table.alb) == 0
    error_message = "The toggles must drop the saved queries; no load balancer, no ALB table."
  }
  assert {
    condition     = aws_glue_catalog_table.archive.name == "cloudwatch_logs"
    error_message = "The archive table stays."
  }
}
