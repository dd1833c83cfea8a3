# The trail, its key, bucket and guard, CloudWatch Logs delivery, Athena, and the toggles of the
# cloudtrail module (mock provider: no AWS calls).

mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group
  mock_resource "aws_kms_key" {
    defaults = {
      arn    = "arn:aws:kms:ap-northeast-2:111122223333:key/22222222-3333-4444-5555-666666666666"
      key_id = "22222222-3333-4444-5555-666666666666"
    }
  }
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::111122223333:role/connectly-test-cloudtrail-to-cloudwatch"
    }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:ap-northeast-2:111122223333:log-group:/platform/connectly-test/cloudtrail"
    }
  }
  mock_resource "aws_s3_bucket" {
    defaults = {
      arn = "arn:aws:s3:::connectly-test-cloudtrail"
      id  = "connectly-test-cloudtrail"
    }
  }
  mock_resource "aws_cloudtrail" {
    defaults = {
      arn         = "arn:aws:cloudtrail:ap-northeast-2:111122223333:trail/connectly-test"
      home_region = "ap-northeast-2"
    }
  }
  mock_resource "aws_athena_workgroup" {
    defaults = {
      arn = "arn:aws:athena:ap-northeast-2:111122223333:workgroup/connectly-test-audit"
    }
  }
}

variables {
  name                        = "connectly-test"
  cloudwatch_logs_kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555"
  tags = {
    Team = "platform"
  }
}

# Merged with runs of the same variables (issue 20): trail_key_is_limited_to_the_trail, bucket_and_guard, cloudwatch_delivery, athena
run "trail_settings" {
  command = plan

  assert {
    condition = (
      aws_cloudtrail.this.name == "connectly-test" &&
      aws_cloudtrail.this.is_multi_region_trail &&
      aws_cloudtrail.this.include_global_service_events &&
      aws_cloudtrail.this.enable_log_file_validation &&
      aws_cloudtrail.this.enable_logging
    )
    error_message = "The trail must be multi-region, with global service events, log file validation and logging on."
  }

  assert {
    condition     = aws_cloudtrail.this.event_selector[0].read_write_type == "All" && aws_cloudtrail.this.event_selector[0].include_management_events
    error_message = "The trail must record every management event, read and write."
  }

  assert {
    condition     = aws_cloudtrail.this.s3_key_prefix == null && aws_cloudtrail.this.sns_topic_name == null
    error_message = "No key prefix and no SNS topic by default."
  }

  assert {
    condition     = aws_cloudtrail.this.tags["Name"] == "connectly-test" && aws_cloudtrail.this.tags["Team"] == "platform"
    error_message = "The trail must carry Name and the caller's tags."
  }

  # was run "trail_key_is_limited_to_the_trail"
  assert {
    condition     = aws_kms_key.trail.enable_key_rotation && aws_kms_key.trail.deletion_window_in_days == 30 && aws_kms_key.trail.policy == local.trail_key_policy
    error_message = "The trail key must rotate, wait 30 days before deletion and carry the module's policy."
  }
  assert {
    condition     = aws_kms_alias.trail.name == "alias/connectly-test-cloudtrail"
    error_message = "The trail key must be aliased alias/<name>-cloudtrail."
  }
  assert {
    condition = alltrue([
      for st in jsondecode(local.trail_key_policy).Statement : st.Condition.StringEquals["aws:SourceArn"] == "arn:aws:cloudtrail:ap-northeast-2:111122223333:trail/connectly-test"
      if try(st.Principal.Service, "") == "cloudtrail.amazonaws.com"
    ])
    error_message = "Every CloudTrail statement of the key policy must be limited to this trail (aws:SourceArn)."
  }
  assert {
    condition     = [for st in jsondecode(local.trail_key_policy).Statement : st.Condition.StringLike["kms:EncryptionContext:aws:cloudtrail:arn"] if st.Sid == "CloudTrailEncryptLogFiles"] == ["arn:aws:cloudtrail:ap-northeast-2:111122223333:trail/connectly-test"]
    error_message = "CloudTrail may only generate data keys for this trail's encryption context."
  }
  assert {
    condition     = [for st in jsondecode(local.trail_key_policy).Statement : st.Action if st.Sid == "DecryptTrailLogFiles"] == ["kms:Decrypt"] && [for st in jsondecode(local.trail_key_policy).Statement : st.Principal.AWS if st.Sid == "DecryptTrailLogFiles"] == [["arn:aws:iam::111122223333:root"]]
    error_message = "Readers (the account by default) may only decrypt this trail's log files."
  }
  assert {
    condition     = alltrue([for st in jsondecode(local.trail_key_policy).Statement : !contains(flatten([st.Action]), "kms:*") && !contains(flatten([st.Action]), "kms:Encrypt")])
    error_message = "No principal may get kms:* or encrypt directly with the trail key."
  }

  # was run "bucket_and_guard"
  assert {
    condition     = local.bucket_name == "connectly-test-cloudtrail" && module.bucket.s3_bucket_lifecycle_rule_ids == ["abort-incomplete-multipart-uploads", "glacier-ir-then-expire"]
    error_message = "The bucket must default to <name>-cloudtrail with the lifecycle rule."
  }
  assert {
    condition = (
      local.bucket_lifecycle_rules[0].transitions[0].storage_class == "GLACIER_IR" &&
      local.bucket_lifecycle_rules[0].transitions[0].days == 90 &&
      local.bucket_lifecycle_rules[0].expiration.days == 2557
    )
    error_message = "Log files must move to Glacier Instant Retrieval (Athena still reads it) after 90 days and expire after 2557."
  }
  assert {
    condition = (
      local.bucket_policy_statements["DenyOtherTrails"].effect == "Deny" &&
      local.bucket_policy_statements["DenyOtherTrails"].principals[0].identifiers == ["cloudtrail.amazonaws.com"] &&
      local.bucket_policy_statements["DenyOtherTrails"].conditions[0].test == "StringNotEquals" &&
      local.bucket_policy_statements["DenyOtherTrails"].conditions[0].values == ["arn:aws:cloudtrail:ap-northeast-2:111122223333:trail/connectly-test"]
    )
    error_message = "Only this trail may write to the bucket."
  }
  assert {
    condition     = local.bucket_policy_statements["DenyLogDeletion"].resources == ["arn:aws:s3:::connectly-test-cloudtrail/AWSLogs/111122223333/*"] && local.bucket_policy_statements["DenyLogDeletion"].actions == ["s3:DeleteObject", "s3:DeleteObjectVersion"]
    error_message = "Log and digest files must be protected from deletion by default."
  }
  assert {
    condition     = length(terraform_data.bucket_deletion_guard) == 1
    error_message = "The deletion guard must exist by default."
  }

  # was run "cloudwatch_delivery"
  assert {
    condition     = module.log_group.cloudwatch_log_group_name == "/platform/connectly-test/cloudtrail" && module.log_group.cloudwatch_log_group_class == "STANDARD"
    error_message = "The trail must deliver to /platform/<name>/cloudtrail."
  }
  assert {
    condition     = strcontains(module.cloudwatch_role.assume_role_policy, "cloudtrail.amazonaws.com")
    error_message = "The CloudWatch role must trust CloudTrail."
  }
  assert {
    condition = (
      jsondecode(local.cloudwatch_policy).Statement[0].Action == ["logs:CreateLogStream", "logs:PutLogEvents"] &&
      jsondecode(local.cloudwatch_policy).Statement[0].Resource == "arn:aws:logs:ap-northeast-2:111122223333:log-group:/platform/connectly-test/cloudtrail:log-stream:*"
    )
    error_message = "The role may only write streams of the trail's log group."
  }

  # was run "athena"
  assert {
    condition = (
      aws_athena_workgroup.this[0].name == "connectly-test-audit" &&
      aws_athena_workgroup.this[0].configuration[0].enforce_workgroup_configuration &&
      aws_athena_workgroup.this[0].configuration[0].result_configuration[0].encryption_configuration[0].encryption_option == "SSE_KMS" &&
      aws_athena_workgroup.this[0].configuration[0].bytes_scanned_cutoff_per_query == 10737418240
    )
    error_message = "The workgroup must enforce SSE-KMS encrypted results and cap each query's scan."
  }
  assert {
    condition     = aws_athena_workgroup.this[0].tags["Name"] == "connectly-test-audit"
    error_message = "The workgroup must always be tagged."
  }
  assert {
    condition     = aws_kms_key.athena[0].enable_key_rotation && jsondecode(local.athena_key_policy).Statement[1].Condition.StringEquals["kms:ViaService"] == "s3.ap-northeast-2.amazonaws.com"
    error_message = "The results key must rotate and be usable only through S3."
  }
  assert {
    condition     = aws_glue_catalog_database.this[0].name == "connectly_test_audit" && aws_glue_catalog_table.cloudtrail[0].name == "cloudtrail" && aws_glue_catalog_table.cloudtrail[0].table_type == "EXTERNAL_TABLE"
    error_message = "The Glue database and table must be named after the trail."
  }
  assert {
    condition = (
      aws_glue_catalog_table.cloudtrail[0].parameters["projection.enabled"] == "true" &&
      aws_glue_catalog_table.cloudtrail[0].parameters["projection.log_date.type"] == "date" &&
      aws_glue_catalog_table.cloudtrail[0].parameters["projection.log_date.range"] == "2025/01/01,NOW" &&
      strcontains(aws_glue_catalog_table.cloudtrail[0].parameters["projection.region.values"], "ap-northeast-2") &&
      aws_glue_catalog_table.cloudtrail[0].parameters["storage.location.template"] == "s3://connectly-test-cloudtrail/AWSLogs/111122223333/CloudTrail/$${region}/$${log_date}"
    )
    error_message = "The table must project region and day partitions onto the trail's S3 layout."
  }
  assert {
    condition     = [for k in aws_glue_catalog_table.cloudtrail[0].partition_keys : k.name] == ["region", "log_date"] && aws_glue_catalog_table.cloudtrail[0].storage_descriptor[0].input_format == "com.amazon.emr.cloudtrail.CloudTrailInputFormat"
    error_message = "The table must be partitioned by region and log_date and read CloudTrail files."
  }
  assert {
    condition     = contains([for c in aws_glue_catalog_table.cloudtrail[0].storage_descriptor[0].columns : c.name], "useridentity") && contains([for c in aws_glue_catalog_table.cloudtrail[0].storage_descriptor[0].columns : c.name], "additionaleventdata")
    error_message = "The table must have the CloudTrail record's columns."
  }
  assert {
    condition     = sort(keys(aws_athena_named_query.this)) == tolist(["console-logins-without-mfa", "iam-changes", "root-activity", "security-group-changes"])
    error_message = "The four saved audit queries must be created."
  }
  assert {
    condition     = alltrue([for q in aws_athena_named_query.this : strcontains(q.query, "\"connectly_test_audit\".\"cloudtrail\"") && strcontains(q.query, "log_date >=") && q.database == "connectly_test_audit"])
    error_message = "Every saved query must read the trail's table with a partition filter."
  }
  assert {
    condition     = strcontains(aws_athena_named_query.this["console-logins-without-mfa"].query, "MFAUsed") && strcontains(aws_athena_named_query.this["root-activity"].query, "'Root'") && strcontains(aws_athena_named_query.this["iam-changes"].query, "iam.amazonaws.com") && strcontains(aws_athena_named_query.this["security-group-changes"].query, "AuthorizeSecurityGroupIngress")
    error_message = "Each saved query must answer its question."
  }
}

run "apply_wires_keys_and_outputs" {
  command = apply

  variables {
    prevent_destroy = false
  }

  override_resource {
    target = module.athena_results_bucket[0].aws_s3_bucket.this
    values = {
      arn = "arn:aws:s3:::connectly-test-athena-results"
      id  = "connectly-test-athena-results"
    }
  }

  assert {
    condition     = aws_cloudtrail.this.kms_key_id == aws_kms_key.trail.arn && aws_cloudtrail.this.s3_bucket_name == "connectly-test-cloudtrail"
    error_message = "The trail must encrypt with its own key and deliver to its bucket."
  }

  assert {
    condition     = aws_cloudtrail.this.cloud_watch_logs_group_arn == "arn:aws:logs:ap-northeast-2:111122223333:log-group:/platform/connectly-test/cloudtrail:*" && aws_cloudtrail.this.cloud_watch_logs_role_arn == output.cloudwatch_role_arn
    error_message = "The trail must deliver to its log group with its role."
  }

  assert {
    condition     = aws_athena_workgroup.this[0].configuration[0].result_configuration[0].output_location == "s3://connectly-test-athena-results/results/" && aws_athena_workgroup.this[0].configuration[0].result_configuration[0].encryption_configuration[0].kms_key_arn == aws_kms_key.athena[0].arn
    error_message = "Results must go to the results bucket, encrypted with the results key."
  }

  assert {
    condition     = output.trail_arn == "arn:aws:cloudtrail:ap-northeast-2:111122223333:trail/connectly-test" && output.s3_bucket_name == "connectly-test-cloudtrail" && output.athena_results_bucket_name == "connectly-test-athena-results"
    error_message = "The outputs must name the trail and both buckets."
  }

  assert {
    condition     = length(output.named_query_ids) == 4 && output.bucket_deletion_guard == false
    error_message = "named_query_ids must list the four queries; the guard output must follow prevent_destroy."
  }
}

run "athena_disabled" {
  command = plan

  variables {
    athena_enabled = false
  }

  assert {
    condition = (
      length(aws_athena_workgroup.this) + length(aws_glue_catalog_database.this) + length(aws_glue_catalog_table.cloudtrail) +
      length(aws_athena_named_query.this) + length(aws_kms_key.athena) + length(module.athena_results_bucket) == 0
    )
    error_message = "athena_enabled = false must remove the whole Athena side."
  }

  assert {
    condition     = output.athena_workgroup_name == null && output.glue_table_name == null && length(output.named_query_ids) == 0
    error_message = "Athena outputs must be null (or empty) without Athena."
  }
}

run "local_settings" {
  command = plan

  variables {
    prevent_destroy             = false
    deny_log_deletion           = false
    create_named_queries        = false
    cloudwatch_logs_group_class = null
    s3_key_prefix               = "trail"
    tags                        = {}
  }

  assert {
    condition     = length(terraform_data.bucket_deletion_guard) == 0
    error_message = "prevent_destroy = false must remove the guard."
  }

  assert {
    condition     = !contains(keys(local.bucket_policy_statements), "DenyLogDeletion") && contains(keys(local.bucket_policy_statements), "DenyOtherTrails")
    error_message = "deny_log_deletion = false must drop only the deletion deny."
  }

  assert {
    condition     = length(aws_athena_named_query.this) == 0 && length(aws_athena_workgroup.this) == 1 && length(aws_glue_catalog_table.cloudtrail) == 1
    error_message = "create_named_queries = false must drop only the saved queries."
  }

  assert {
    condition     = aws_athena_workgroup.this[0].tags == tomap({ Name = "connectly-test-audit" })
    error_message = "Without caller tags the workgroup must still carry Name (moto cannot read an untagged workgroup)."
  }

  assert {
    condition     = aws_cloudtrail.this.s3_key_prefix == "trail" && aws_glue_catalog_table.cloudtrail[0].storage_descriptor[0].location == "s3://connectly-test-cloudtrail/trail/AWSLogs/111122223333/CloudTrail/"
    error_message = "s3_key_prefix must reach the trail and the table location."
  }
}
