# Every run is a plan: the state bucket, lock table and key carry prevent_destroy, so an applied run could
# not be torn down. Overrides make the ARNs the policies need known at plan time.

mock_provider "aws" {
  source = "../modules/_test-mocks/aws" # caller identity, region, partition, policy document, security group
}

# The DR region (replica_region): the replica bucket and the replica key (ADR 0023).
mock_provider "aws" {
  alias = "dr"
}

override_resource {
  target          = aws_kms_replica_key.state
  override_during = plan
  values = {
    arn    = "arn:aws:kms:ap-northeast-1:111122223333:key/mrk-0a1b2c3d4e5f6789abcdef0123456789"
    key_id = "mrk-0a1b2c3d4e5f6789abcdef0123456789"
  }
}

override_resource {
  target          = aws_s3_bucket.replica
  override_during = plan
  values = {
    id  = "prod-connectly-ap-northeast-1"
    arn = "arn:aws:s3:::prod-connectly-ap-northeast-1"
  }
}

override_resource {
  target          = aws_s3_bucket.state
  override_during = plan
  values = {
    id  = "prod-connectly"
    arn = "arn:aws:s3:::prod-connectly"
  }
}

override_resource {
  target          = aws_kms_key.state
  override_during = plan
  values = {
    arn    = "arn:aws:kms:ap-northeast-2:111122223333:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
    key_id = "0a1b2c3d-4e5f-6789-abcd-ef0123456789"
  }
}

variables {
  bucket_name = "prod-connectly"
  tags        = { Layer = "bootstrap" }
}

run "state_bucket_defaults" {
  command = plan

  assert {
    condition     = length(aws_s3_bucket_metric.state) == 1 && aws_s3_bucket_metric.state[0].name == "EntireBucket" && length(aws_s3_bucket_metric.state[0].filter) == 0
    error_message = "The state bucket must publish request metrics for the whole bucket under the filter name EntireBucket (the state-backend-access SLO, ADR 0029)."
  }

  assert {
    condition     = aws_s3_bucket.state.bucket == "prod-connectly" && aws_s3_bucket.state.force_destroy == false
    error_message = "The state bucket must use bucket_name and never force_destroy."
  }
  assert {
    condition     = aws_s3_bucket_versioning.state.versioning_configuration[0].status == "Enabled"
    error_message = "Versioning must be enabled on the state bucket."
  }
  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.state.rule).apply_server_side_encryption_by_default).sse_algorithm == "aws:kms"
    error_message = "The state bucket must use SSE-KMS."
  }
  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.state.rule).apply_server_side_encryption_by_default).kms_master_key_id == "arn:aws:kms:ap-northeast-2:111122223333:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
    error_message = "The state bucket must be encrypted with the module's own key."
  }
  assert {
    condition     = one(aws_s3_bucket_server_side_encryption_configuration.state.rule).bucket_key_enabled == true
    error_message = "The S3 Bucket Key must be on."
  }
  assert {
    condition     = aws_s3_bucket_public_access_block.state.block_public_acls && aws_s3_bucket_public_access_block.state.block_public_policy && aws_s3_bucket_public_access_block.state.ignore_public_acls && aws_s3_bucket_public_access_block.state.restrict_public_buckets
    error_message = "Public access must be blocked entirely."
  }
  assert {
    condition     = aws_s3_bucket_ownership_controls.state.rule[0].object_ownership == "BucketOwnerEnforced"
    error_message = "ACLs must be disabled (BucketOwnerEnforced)."
  }
  assert {
    condition     = one([for r in aws_s3_bucket_lifecycle_configuration.state.rule : r if r.id == "expire-noncurrent-versions"]).noncurrent_version_expiration[0].noncurrent_days == 90
    error_message = "Old state versions must expire after 90 days by default."
  }
  assert {
    condition     = one([for r in aws_s3_bucket_lifecycle_configuration.state.rule : r if r.id == "abort-incomplete-multipart-uploads"]).abort_incomplete_multipart_upload[0].days_after_initiation == 7
    error_message = "Incomplete multipart uploads must be aborted."
  }
  assert {
    condition     = aws_s3_bucket_logging.state.target_prefix == "prod-connectly/"
    error_message = "Access logs must be written under <bucket_name>/."
  }
  assert {
    condition     = aws_s3_bucket.state.tags["Purpose"] == "terraform-state" && aws_s3_bucket.state.tags["Layer"] == "bootstrap"
    error_message = "The bucket must carry its purpose and the module tags."
  }
  # was run "state_bucket_policy" (same inputs)
  assert {
    condition     = length(jsondecode(aws_s3_bucket_policy.state.policy).Statement) == 5
    error_message = "The default policy must hold the TLS statement, three encryption statements and the deletion guard."
  }
  assert {
    condition     = jsondecode(aws_s3_bucket_policy.state.policy).Statement[0].Condition.Bool["aws:SecureTransport"] == "false" && jsondecode(aws_s3_bucket_policy.state.policy).Statement[0].Effect == "Deny"
    error_message = "Requests without TLS must be denied."
  }
  assert {
    condition     = jsondecode(aws_s3_bucket_policy.state.policy).Statement[0].Resource == ["arn:aws:s3:::prod-connectly", "arn:aws:s3:::prod-connectly/*"]
    error_message = "The TLS statement must cover the bucket and its objects."
  }
  assert {
    condition     = jsondecode(aws_s3_bucket_policy.state.policy).Statement[1].Condition.StringNotEquals["s3:x-amz-server-side-encryption"] == "aws:kms"
    error_message = "Uploads asking for another algorithm than SSE-KMS must be denied."
  }
  assert {
    condition     = jsondecode(aws_s3_bucket_policy.state.policy).Statement[2].Condition.StringNotEquals["s3:x-amz-server-side-encryption-aws-kms-key-id"] == ["arn:aws:kms:ap-northeast-2:111122223333:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789", "alias/terraform-state", "arn:aws:kms:ap-northeast-2:111122223333:alias/terraform-state"]
    error_message = "Uploads naming another KMS key than the state key (by ARN or by the alias the backends use) must be denied."
  }
  assert {
    condition     = jsondecode(aws_s3_bucket_policy.state.policy).Statement[3].Condition.Null["s3:x-amz-server-side-encryption-customer-algorithm"] == "false"
    error_message = "Uploads with customer-provided keys (SSE-C) must be denied."
  }
  assert {
    condition     = jsondecode(aws_s3_bucket_policy.state.policy).Statement[4].Effect == "Deny" && jsondecode(aws_s3_bucket_policy.state.policy).Statement[4].Resource == "arn:aws:s3:::prod-connectly"
    error_message = "Deleting the state bucket must be denied."
  }
  # was run "kms_key_defaults" (same inputs)
  assert {
    condition     = aws_kms_key.state.enable_key_rotation && aws_kms_key.state.deletion_window_in_days == 30
    error_message = "The state key must rotate and keep a 30-day deletion window."
  }
  assert {
    condition     = aws_kms_alias.state.name == "alias/terraform-state"
    error_message = "The default alias must be alias/terraform-state."
  }
  assert {
    condition     = jsondecode(aws_kms_key.state.policy).Statement[0].Principal.AWS == ["arn:aws:iam::111122223333:root"]
    error_message = "Without kms_key_administrator_arns the account root administers the key."
  }
  assert {
    condition     = !contains(jsondecode(aws_kms_key.state.policy).Statement[0].Action, "kms:Decrypt")
    error_message = "Administrators must not get cryptographic use."
  }
  assert {
    condition     = jsondecode(aws_kms_key.state.policy).Statement[1].Condition.StringEquals["kms:ViaService"] == ["s3.ap-northeast-2.amazonaws.com"]
    error_message = "Without a lock table the key must be usable through S3 only."
  }
  assert {
    condition     = length(jsondecode(aws_kms_key.state.policy).Statement) == 2
    error_message = "Without a lock table there must be no DynamoDB statements."
  }
  assert {
    condition     = length(aws_dynamodb_table.lock) == 0 && output.lock_table_name == null && output.lock_table_arn == null
    error_message = "lock_table_name = null must create no table and output null."
  }
  assert {
    condition     = output.kms_key_alias == "alias/terraform-state" && output.kms_key_arn == "arn:aws:kms:ap-northeast-2:111122223333:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
    error_message = "The key outputs must describe the state key."
  }
  assert {
    condition     = output.backend_config.kms_key_id == output.kms_key_arn && output.backend_config.use_lockfile && output.backend_config.dynamodb_table == null
    error_message = "backend_config must name the key and S3 native locking."
  }
  # was run "no_replication_by_default" (same inputs)
  assert {
    condition     = !aws_kms_key.state.multi_region && length(aws_s3_bucket.replica) == 0 && length(aws_s3_bucket_replication_configuration.state) == 0 && output.replica_bucket_name == null
    error_message = "Without replica_region nothing is replicated and the key stays single-region."
  }
}

run "seed_lock_table" {
  command = plan

  variables {
    lock_table_name = "prod-connectly-tf-lock"
  }

  assert {
    condition     = aws_dynamodb_table.lock[0].name == "prod-connectly-tf-lock" && aws_dynamodb_table.lock[0].billing_mode == "PAY_PER_REQUEST" && aws_dynamodb_table.lock[0].hash_key == "LockID"
    error_message = "The lock table must be on-demand with the LockID hash key."
  }
  assert {
    condition     = aws_dynamodb_table.lock[0].point_in_time_recovery[0].enabled
    error_message = "PITR must be on."
  }
  assert {
    condition     = aws_dynamodb_table.lock[0].server_side_encryption[0].enabled && aws_dynamodb_table.lock[0].server_side_encryption[0].kms_key_arn == "arn:aws:kms:ap-northeast-2:111122223333:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
    error_message = "The lock table must be encrypted with the state key."
  }
  assert {
    condition     = aws_dynamodb_table.lock[0].deletion_protection_enabled
    error_message = "Deletion protection must be on."
  }
  assert {
    condition     = toset(jsondecode(aws_kms_key.state.policy).Statement[1].Condition.StringEquals["kms:ViaService"]) == toset(["s3.ap-northeast-2.amazonaws.com", "dynamodb.ap-northeast-2.amazonaws.com"])
    error_message = "With a lock table the key must be usable through S3 and DynamoDB."
  }
  assert {
    condition     = jsondecode(aws_kms_key.state.policy).Statement[2].Action == ["kms:CreateGrant"] && jsondecode(aws_kms_key.state.policy).Statement[2].Condition.Bool["kms:GrantIsForAWSResource"] == "true"
    error_message = "DynamoDB must get grants for AWS resources only."
  }
  assert {
    condition     = output.lock_table_name == "prod-connectly-tf-lock" && output.backend_config.dynamodb_table == "prod-connectly-tf-lock"
    error_message = "lock_table_name must be output."
  }
}

run "dr_replication" {
  command = plan

  variables {
    lock_table_name      = "prod-connectly-tf-lock"
    kms_key_multi_region = true
    replica_region       = "ap-northeast-1"
  }

  assert {
    condition     = aws_kms_key.state.multi_region && aws_kms_replica_key.state[0].primary_key_arn == aws_kms_key.state.arn && aws_kms_alias.replica[0].name == "alias/terraform-state"
    error_message = "The state key must be multi-region, with a replica under the same alias in the DR region."
  }
  assert {
    condition     = toset(jsondecode(aws_kms_replica_key.state[0].policy).Statement[1].Condition.StringEquals["kms:ViaService"]) == toset(["s3.ap-northeast-1.amazonaws.com", "dynamodb.ap-northeast-1.amazonaws.com"])
    error_message = "The replica key must be usable through S3 and DynamoDB of the DR region."
  }
  assert {
    condition     = aws_s3_bucket.replica[0].bucket == "prod-connectly-ap-northeast-1" && aws_s3_bucket_versioning.replica[0].versioning_configuration[0].status == "Enabled" && one(one(aws_s3_bucket_server_side_encryption_configuration.replica[0].rule).apply_server_side_encryption_by_default).kms_master_key_id == aws_kms_replica_key.state[0].arn
    error_message = "The replica bucket must be named <bucket>-<region>, versioned and encrypted with the replica key."
  }
  assert {
    condition     = aws_s3_bucket_public_access_block.replica[0].restrict_public_buckets && aws_s3_bucket_ownership_controls.replica[0].rule[0].object_ownership == "BucketOwnerEnforced" && length(jsondecode(aws_s3_bucket_policy.replica[0].policy).Statement) == 2
    error_message = "The replica bucket must block public access, disable ACLs and deny plain HTTP and its deletion."
  }
  assert {
    condition     = aws_s3_bucket_replication_configuration.state[0].rule[0].status == "Enabled" && aws_s3_bucket_replication_configuration.state[0].rule[0].delete_marker_replication[0].status == "Enabled" && aws_s3_bucket_replication_configuration.state[0].rule[0].source_selection_criteria[0].sse_kms_encrypted_objects[0].status == "Enabled"
    error_message = "Every version, delete marker (lock files are deleted on unlock) and SSE-KMS object must replicate."
  }
  assert {
    condition     = aws_s3_bucket_replication_configuration.state[0].rule[0].destination[0].bucket == "arn:aws:s3:::prod-connectly-ap-northeast-1" && aws_s3_bucket_replication_configuration.state[0].rule[0].destination[0].encryption_configuration[0].replica_kms_key_id == aws_kms_replica_key.state[0].arn && aws_s3_bucket_replication_configuration.state[0].rule[0].destination[0].replication_time[0].time[0].minutes == 15
    error_message = "Replication must go to the replica, re-encrypted with the replica key, within 15 minutes (RTC)."
  }
  assert {
    condition     = jsondecode(aws_iam_role_policy.replication[0].policy).Statement[4].Resource == aws_kms_replica_key.state[0].arn && jsondecode(aws_iam_role_policy.replication[0].policy).Statement[3].Condition.StringEquals["kms:ViaService"] == "s3.ap-northeast-2.amazonaws.com"
    error_message = "The replication role must decrypt through S3 here and encrypt with the replica key only."
  }
  assert {
    condition     = aws_dynamodb_table.lock[0].stream_enabled && one(aws_dynamodb_table.lock[0].replica).region_name == "ap-northeast-1" && one(aws_dynamodb_table.lock[0].replica).kms_key_arn == aws_kms_replica_key.state[0].arn
    error_message = "The lock table must become a global table with a replica in the DR region, encrypted with the replica key."
  }
  assert {
    condition     = output.replica_bucket_name == "prod-connectly-ap-northeast-1" && output.replica_kms_key_arn == aws_kms_replica_key.state[0].arn
    error_message = "The replica's bucket and key must be output."
  }
}

# Variable checks, several per run (issue 20: each run starts the provider): each run breaks several
# variables at once, each with the value its former one-check run used (named in the comment above it), and
# a run passes only if every listed variable fails, so a check that stops failing still fails its run.
# A variable with several checks appears in several runs; a check that reads other variables runs apart
# from the runs that set those.
run "invalid_inputs_1" {
  command = plan

  variables {
    # replica_region_needs_multi_region_key
    replica_region = "ap-northeast-1"
    # invalid_bucket_name_dots
    bucket_name = "prod.connectly"
    # invalid_lock_table_name
    lock_table_name = "tf lock"
    # invalid_kms_key_alias
    kms_key_alias = "alias/aws/terraform-state"
    # invalid_noncurrent_version_expiration_days
    noncurrent_version_expiration_days = 0
    # invalid_access_log_retention_days
    access_log_retention_days = 0
    # invalid_kms_key_administrator_arns
    kms_key_administrator_arns = ["admin"]
    # invalid_kms_key_deletion_window_in_days
    kms_key_deletion_window_in_days = 31
  }
  expect_failures = [var.replica_region, var.bucket_name, var.lock_table_name, var.kms_key_alias, var.noncurrent_version_expiration_days, var.access_log_retention_days, var.kms_key_administrator_arns, var.kms_key_deletion_window_in_days]
}

run "local_emulator_settings" {
  command = plan

  variables {
    enforce_tls                     = false
    deny_unencrypted_object_uploads = false
    request_metrics                 = false
  }

  assert {
    condition     = length(aws_s3_bucket_metric.state) == 0
    error_message = "request_metrics = false must create no metrics configuration (moto refuses it)."
  }

  assert {
    condition     = length(jsondecode(aws_s3_bucket_policy.state.policy).Statement) == 1
    error_message = "With both toggles off only the deletion guard must remain."
  }
  assert {
    condition     = jsondecode(aws_s3_bucket_policy.state.policy).Statement[0].Sid == "DenyStateBucketDeletion" && jsondecode(aws_s3_bucket_policy.state.policy).Statement[0].Action == "s3:DeleteBucket"
    error_message = "The deletion guard must deny s3:DeleteBucket."
  }
  assert {
    condition     = !can(jsondecode(aws_s3_bucket_policy.state.policy).Statement[0].Condition)
    error_message = "The deletion guard must have no condition (moto evaluates it correctly only then)."
  }
}

run "tls_only_off" {
  command = plan

  variables {
    enforce_tls = false
  }

  assert {
    condition     = length(jsondecode(aws_s3_bucket_policy.state.policy).Statement) == 4 && !strcontains(aws_s3_bucket_policy.state.policy, "aws:SecureTransport")
    error_message = "enforce_tls = false must drop only the TLS statement."
  }
}

run "custom_settings" {
  command = plan

  variables {
    kms_key_alias                      = "alias/platform/terraform-state"
    access_log_bucket_name             = "prod-connectly-logs"
    noncurrent_version_expiration_days = 30
    kms_key_administrator_arns         = ["arn:aws:iam::111122223333:role/platform-admin"]
    kms_key_deletion_window_in_days    = 14
  }

  assert {
    condition     = aws_kms_alias.state.name == "alias/platform/terraform-state" && aws_kms_key.state.deletion_window_in_days == 14
    error_message = "kms_key_alias and the deletion window must be passed through."
  }
  assert {
    condition     = jsondecode(aws_kms_key.state.policy).Statement[0].Principal.AWS == ["arn:aws:iam::111122223333:role/platform-admin"]
    error_message = "kms_key_administrator_arns must replace the account root as administrator."
  }
  assert {
    condition     = one([for r in aws_s3_bucket_lifecycle_configuration.state.rule : r if r.id == "expire-noncurrent-versions"]).noncurrent_version_expiration[0].noncurrent_days == 30
    error_message = "noncurrent_version_expiration_days must be passed through."
  }
}

run "invalid_bucket_name_upper" {
  command = plan
  variables {
    bucket_name = "Prod-Connectly"
  }
  expect_failures = [var.bucket_name]
}

run "invalid_access_log_bucket_name" {
  command = plan
  variables {
    access_log_bucket_name = "Logs_Bucket"
  }
  expect_failures = [var.access_log_bucket_name]
}

run "default_access_log_bucket_name_too_long" {
  command = plan
  variables {
    bucket_name = "a-very-long-state-bucket-name-for-the-platform-team1"
  }
  expect_failures = [var.access_log_bucket_name]
}

run "access_log_bucket_must_differ" {
  command = plan
  variables {
    access_log_bucket_name = "prod-connectly"
  }
  expect_failures = [var.access_log_bucket_name]
}

