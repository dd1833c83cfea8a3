# Secure defaults, the archive pipeline, flow logs and the toggles of the logging module
# (mock provider: no AWS calls).

mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::111122223333:role/mock-role"
    }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:ap-northeast-2:111122223333:log-group:/platform/mock"
    }
  }
  mock_resource "aws_kinesis_firehose_delivery_stream" {
    defaults = {
      arn = "arn:aws:firehose:ap-northeast-2:111122223333:deliverystream/connectly-test-log-archive"
    }
  }
  mock_resource "aws_s3_bucket" {
    defaults = {
      arn = "arn:aws:s3:::connectly-test-log-archive"
      id  = "connectly-test-log-archive"
    }
  }
}

variables {
  name                      = "connectly-test"
  kms_key_arn               = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555"
  default_retention_in_days = 90
  log_groups = {
    app = {
      name = "/platform/test/app"
    }
    audit = {
      name              = "/platform/test/audit"
      retention_in_days = 365
      archive           = false
    }
  }
  flow_logs = {
    vpc_id = "vpc-0123456789abcdef0"
  }
  tags = {
    Team = "platform"
  }
}

run "log_groups_and_retention" {
  command = plan

  assert {
    condition     = local.log_groups["app"].retention_in_days == 90 && local.log_groups["audit"].retention_in_days == 365
    error_message = "A log group without its own retention must get default_retention_in_days; its own value must win."
  }

  assert {
    condition     = module.log_group["app"].cloudwatch_log_group_name == "/platform/test/app" && module.log_group["audit"].cloudwatch_log_group_name == "/platform/test/audit"
    error_message = "Each log group must be created with its name."
  }

  assert {
    condition     = module.log_group["app"].cloudwatch_log_group_class == "STANDARD"
    error_message = "Log groups must default to the STANDARD class."
  }

  assert {
    condition     = module.log_group["app"].subscription_filter_names == { "archive-to-s3" = "archive-to-s3" } && length(module.log_group["audit"].subscription_filter_names) == 0
    error_message = "Only archived log groups get the archive subscription filter."
  }
  # was run "firehose_stream" (same inputs)
  assert {
    condition     = aws_kinesis_firehose_delivery_stream.archive[0].name == "connectly-test-log-archive" && aws_kinesis_firehose_delivery_stream.archive[0].destination == "extended_s3"
    error_message = "The stream must be named <name>-log-archive and write to S3."
  }
  assert {
    condition = (
      aws_kinesis_firehose_delivery_stream.archive[0].server_side_encryption[0].enabled &&
      aws_kinesis_firehose_delivery_stream.archive[0].server_side_encryption[0].key_type == "CUSTOMER_MANAGED_CMK" &&
      aws_kinesis_firehose_delivery_stream.archive[0].server_side_encryption[0].key_arn == var.kms_key_arn
    )
    error_message = "The stream must be encrypted with the logs key."
  }
  assert {
    condition     = aws_kinesis_firehose_delivery_stream.archive[0].extended_s3_configuration[0].kms_key_arn == var.kms_key_arn
    error_message = "Firehose must write SSE-KMS objects with the logs key."
  }
  assert {
    condition     = aws_kinesis_firehose_delivery_stream.archive[0].extended_s3_configuration[0].prefix == "logs/source=!{partitionKeyFromQuery:log_group}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/"
    error_message = "Objects must be partitioned by source (the log group) and date."
  }
  assert {
    condition     = startswith(aws_kinesis_firehose_delivery_stream.archive[0].extended_s3_configuration[0].error_output_prefix, "errors/!{firehose:error-output-type}/")
    error_message = "Failed records must go to their own prefix."
  }
  assert {
    condition = (
      aws_kinesis_firehose_delivery_stream.archive[0].extended_s3_configuration[0].dynamic_partitioning_configuration[0].enabled &&
      [for p in aws_kinesis_firehose_delivery_stream.archive[0].extended_s3_configuration[0].processing_configuration[0].processors : p.type] == ["Decompression", "MetadataExtraction", "AppendDelimiterToRecord"]
    )
    error_message = "Dynamic partitioning must decompress the CloudWatch Logs envelope, extract the log group and delimit records."
  }
  assert {
    condition     = strcontains(local.archive_partition_query, ".logGroup")
    error_message = "The partition key must come from the record's logGroup."
  }
  assert {
    condition = (
      aws_kinesis_firehose_delivery_stream.archive[0].extended_s3_configuration[0].compression_format == "GZIP" &&
      aws_kinesis_firehose_delivery_stream.archive[0].extended_s3_configuration[0].buffering_size == 64 &&
      aws_kinesis_firehose_delivery_stream.archive[0].extended_s3_configuration[0].buffering_interval == 300
    )
    error_message = "Objects must be gzip-compressed, with the default buffering (64 MiB, 300 s)."
  }
  assert {
    condition     = aws_kinesis_firehose_delivery_stream.archive[0].extended_s3_configuration[0].cloudwatch_logging_options[0].enabled && aws_kinesis_firehose_delivery_stream.archive[0].extended_s3_configuration[0].cloudwatch_logging_options[0].log_group_name == "/platform/connectly-test/firehose/connectly-test-log-archive"
    error_message = "Delivery errors must be logged to the stream's own log group."
  }
  assert {
    condition     = aws_kinesis_firehose_delivery_stream.archive[0].tags["Name"] == "connectly-test-log-archive" && aws_kinesis_firehose_delivery_stream.archive[0].tags["Team"] == "platform"
    error_message = "The stream must carry Name and the caller's tags."
  }
  # was run "archive_bucket" (same inputs)
  assert {
    condition     = local.archive_bucket_name == "connectly-test-log-archive"
    error_message = "The archive bucket must default to <name>-log-archive."
  }
  assert {
    condition     = module.archive_bucket[0].s3_bucket_lifecycle_rule_ids == ["abort-incomplete-multipart-uploads", "archive-then-expire"]
    error_message = "The archive bucket must have the lifecycle rule (and the built-in multipart rule)."
  }
  assert {
    condition = (
      local.archive_lifecycle_rules[0].transitions[0].storage_class == "GLACIER" &&
      local.archive_lifecycle_rules[0].transitions[0].days == 90 &&
      local.archive_lifecycle_rules[0].expiration.days == 2557 &&
      local.archive_lifecycle_rules[0].noncurrent_version_expiration.noncurrent_days == 30
    )
    error_message = "Archived objects must move to Glacier after 90 days and expire after 2557 by default."
  }
  # was run "iam_least_privilege" (same inputs)
  assert {
    condition     = strcontains(module.firehose_role[0].assume_role_policy, "firehose.amazonaws.com") && strcontains(module.cloudwatch_to_firehose_role[0].assume_role_policy, "logs.amazonaws.com") && strcontains(module.flow_logs_role[0].assume_role_policy, "vpc-flow-logs.amazonaws.com")
    error_message = "Each role must trust only its service."
  }
  assert {
    condition     = jsondecode(local.firehose_policy).Statement[0].Resource == ["arn:aws:s3:::connectly-test-log-archive", "arn:aws:s3:::connectly-test-log-archive/*"]
    error_message = "Firehose may write to the archive bucket only."
  }
  assert {
    condition = (
      jsondecode(local.firehose_policy).Statement[1].Resource == var.kms_key_arn &&
      jsondecode(local.firehose_policy).Statement[1].Condition.StringEquals["kms:ViaService"] == "s3.ap-northeast-2.amazonaws.com"
    )
    error_message = "Firehose may use the logs key only through S3."
  }
  assert {
    condition     = alltrue([for st in jsondecode(local.firehose_policy).Statement : !contains(flatten([st.Action]), "*") && !contains(flatten([st.Resource]), "*")])
    error_message = "The Firehose policy must not use * actions or resources."
  }
  assert {
    condition     = jsondecode(local.firehose_policy).Statement[2].Resource == "arn:aws:logs:ap-northeast-2:111122223333:log-group:/platform/connectly-test/firehose/connectly-test-log-archive:log-stream:S3Delivery"
    error_message = "Firehose may only write its own error log stream."
  }
  assert {
    condition     = jsondecode(local.cloudwatch_to_firehose_policy).Statement[0].Resource == "arn:aws:firehose:ap-northeast-2:111122223333:deliverystream/connectly-test-log-archive" && jsondecode(local.cloudwatch_to_firehose_policy).Statement[0].Action == ["firehose:PutRecord", "firehose:PutRecordBatch"]
    error_message = "CloudWatch Logs may only put records into the archive stream."
  }
  # was run "flow_logs" (same inputs)
  assert {
    condition = (
      aws_flow_log.this[0].vpc_id == "vpc-0123456789abcdef0" &&
      aws_flow_log.this[0].traffic_type == "ALL" &&
      aws_flow_log.this[0].max_aggregation_interval == 60 &&
      aws_flow_log.this[0].log_destination_type == "cloud-watch-logs"
    )
    error_message = "Flow logs must capture ALL traffic of the VPC to CloudWatch Logs, every 60 seconds."
  }
  assert {
    condition     = module.flow_logs_log_group[0].cloudwatch_log_group_name == "/platform/connectly-test/vpc-flow-logs" && local.flow_logs_retention == 90
    error_message = "The flow logs' group must default to /platform/<name>/vpc-flow-logs with the default retention."
  }
  assert {
    condition     = module.flow_logs_log_group[0].subscription_filter_names == { "archive-to-s3" = "archive-to-s3" }
    error_message = "Flow logs must be archived by default."
  }
  assert {
    condition     = aws_flow_log.this[0].tags["Name"] == "connectly-test-vpc-flow-logs"
    error_message = "The flow log must carry its Name tag."
  }
}

run "outputs_after_apply" {
  command = apply

  assert {
    condition     = output.log_group_names == { app = "/platform/test/app", audit = "/platform/test/audit" }
    error_message = "log_group_names must map every key to its log group name."
  }

  assert {
    condition     = keys(output.log_group_arns) == ["app", "audit"]
    error_message = "log_group_arns must be keyed like log_groups."
  }

  assert {
    condition     = keys(output.archived_log_group_names) == ["app", "vpc_flow_logs"]
    error_message = "Only archived groups (and the flow logs' group) must be listed as archived."
  }

  assert {
    condition     = output.firehose_arn == "arn:aws:firehose:ap-northeast-2:111122223333:deliverystream/connectly-test-log-archive" && output.archive_bucket_arn == "arn:aws:s3:::connectly-test-log-archive"
    error_message = "The firehose and bucket ARNs must be exported."
  }

  assert {
    condition     = jsondecode(local.flow_logs_policy).Statement[0].Resource == "arn:aws:logs:ap-northeast-2:111122223333:log-group:/platform/connectly-test/vpc-flow-logs:*"
    error_message = "The flow logs role may write to its log group only."
  }
}

run "archive_disabled" {
  command = plan

  variables {
    archive_enabled = false
  }

  assert {
    condition = (
      length(aws_kinesis_firehose_delivery_stream.archive) == 0 &&
      length(module.archive_bucket) == 0 &&
      length(module.firehose_role) == 0 &&
      length(module.cloudwatch_to_firehose_role) == 0 &&
      length(module.firehose_error_log_group) == 0
    )
    error_message = "archive_enabled = false must remove the whole archive pipeline."
  }

  assert {
    condition     = length(module.log_group["app"].subscription_filter_names) == 0 && length(module.flow_logs_log_group[0].subscription_filter_names) == 0
    error_message = "Without the archive, no log group gets a subscription filter."
  }

  assert {
    condition     = output.firehose_arn == null && output.archive_bucket_name == null && output.archive_prefix == null
    error_message = "Archive outputs must be null without the archive."
  }

  assert {
    condition     = length(aws_flow_log.this) == 1
    error_message = "Flow logs do not depend on the archive."
  }
}

run "no_flow_logs" {
  command = plan

  variables {
    flow_logs = null
  }

  assert {
    condition     = length(aws_flow_log.this) == 0 && length(module.flow_logs_role) == 0 && length(module.flow_logs_log_group) == 0
    error_message = "flow_logs = null must create no flow log, role or log group."
  }

  assert {
    condition     = output.flow_log_id == null && output.flow_log_group_name == null
    error_message = "Flow log outputs must be null without flow_logs."
  }
}

run "environment_settings" {
  command = plan

  variables {
    log_group_class                            = null
    archive_bucket_name                        = "connectly-local-log-archive-123456789012"
    archive_storage_class                      = "DEEP_ARCHIVE"
    archive_transition_days                    = 30
    archive_expiration_days                    = 365
    archive_noncurrent_version_expiration_days = 7
    firehose_buffering_size                    = 128
    firehose_buffering_interval                = 60
    flow_logs = {
      vpc_id                   = "vpc-0123456789abcdef0"
      log_group_name           = "/platform/local/flow"
      retention_in_days        = 7
      traffic_type             = "REJECT"
      max_aggregation_interval = 600
      archive                  = false
    }
  }

  assert {
    condition     = local.archive_bucket_name == "connectly-local-log-archive-123456789012" && jsondecode(local.firehose_policy).Statement[0].Resource[0] == "arn:aws:s3:::connectly-local-log-archive-123456789012"
    error_message = "archive_bucket_name must name the bucket and scope the Firehose policy."
  }

  assert {
    condition = (
      local.archive_lifecycle_rules[0].transitions[0].storage_class == "DEEP_ARCHIVE" &&
      local.archive_lifecycle_rules[0].transitions[0].days == 30 &&
      local.archive_lifecycle_rules[0].expiration.days == 365 &&
      local.archive_lifecycle_rules[0].noncurrent_version_expiration.noncurrent_days == 7
    )
    error_message = "The lifecycle inputs must reach the archive rule."
  }

  assert {
    condition     = aws_kinesis_firehose_delivery_stream.archive[0].extended_s3_configuration[0].buffering_size == 128 && aws_kinesis_firehose_delivery_stream.archive[0].extended_s3_configuration[0].buffering_interval == 60
    error_message = "The buffering inputs must reach the stream."
  }

  assert {
    condition     = aws_flow_log.this[0].traffic_type == "REJECT" && aws_flow_log.this[0].max_aggregation_interval == 600 && local.flow_logs_retention == 7
    error_message = "The flow_logs settings must reach the flow log and its group."
  }

  assert {
    condition     = module.flow_logs_log_group[0].cloudwatch_log_group_name == "/platform/local/flow" && length(module.flow_logs_log_group[0].subscription_filter_names) == 0
    error_message = "flow_logs.archive = false must leave the flow logs' group unsubscribed."
  }
}
