# One run per input validation of the s3-bucket module: each must reject bad input.

mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group

  mock_data "aws_elb_service_account" {
    defaults = {
      arn = "arn:aws:iam::600734575887:root"
    }
  }
  mock_resource "aws_s3_bucket" {
    defaults = {
      id                          = "test-bucket"
      arn                         = "arn:aws:s3:::test-bucket"
      bucket_regional_domain_name = "test-bucket.s3.ap-northeast-2.amazonaws.com"
      region                      = "ap-northeast-2"
    }
  }
}

variables {
  bucket      = "test-bucket"
  kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555"
  tags = {
    Team = "platform"
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
    # bucket_name_invalid
    bucket = "Invalid_Bucket.Name"
    # sse_algorithm_unknown
    sse_algorithm = "aws:kms:dsse"
    # object_ownership_object_writer
    object_ownership = "ObjectWriter"
    # abort_days_zero
    abort_incomplete_multipart_upload_days = 0
    # lifecycle_duplicate_ids
    lifecycle_rules = [{ id = "a", expiration = { days = 1 } }, { id = "a", expiration = { days = 2 } }]
    # object_lock_days_and_years
    object_lock = { mode = "GOVERNANCE", days = 1, years = 1 }
    # intelligent_tiering_without_tier
    intelligent_tiering = { all = { prefix = "x/" } }
    # notification_bad_event
    notifications = { queues = { q = { queue_arn = "arn:aws:sqs:ap-northeast-2:111122223333:q", events = ["ObjectCreated"] } } }
    # firehose_role_not_arn
    firehose_delivery_role_arns = ["firehose-role"]
    # log_delivery_account_malformed
    log_delivery_source_accounts = ["1234"]
    # policy_statement_bad_sid
    policy_statements = { "allow-read" = { actions = ["s3:GetObject"], principals = [{ type = "AWS", identifiers = ["arn:aws:iam::111122223333:root"] }] } }
    # attach_policy_without_policy
    attach_policy = true
  }
  expect_failures = [var.bucket, var.sse_algorithm, var.object_ownership, var.abort_incomplete_multipart_upload_days, var.lifecycle_rules, var.object_lock, var.intelligent_tiering, var.notifications, var.firehose_delivery_role_arns, var.log_delivery_source_accounts, var.policy_statements, var.attach_policy]
}

run "invalid_inputs_2" {
  command = plan

  variables {
    # sse_s3_only_for_log_targets
    sse_algorithm = "AES256"
    # lifecycle_reserved_id
    lifecycle_rules = [{ id = "abort-incomplete-multipart-uploads", expiration = { days = 1 } }]
    # object_lock_needs_versioning
    versioning = false
    # object_lock_needs_versioning
    object_lock = { days = 30 }
    # intelligent_tiering_days_out_of_range
    intelligent_tiering = { all = { archive_access_days = 30 } }
    # policy_statement_bad_principal_type
    policy_statements = { AllowRead = { actions = ["s3:GetObject"], principals = [{ type = "Account", identifiers = ["111122223333"] }] } }
    # policy_not_json
    policy = "not json"
  }
  expect_failures = [var.sse_algorithm, var.lifecycle_rules, var.object_lock, var.intelligent_tiering, var.policy_statements, var.policy]
}

run "invalid_inputs_3" {
  command = plan

  variables {
    # kms_key_arn_malformed
    kms_key_arn = "alias/my-key"
    # lifecycle_bad_storage_class
    lifecycle_rules = [{ id = "a", transitions = [{ days = 30, storage_class = "STANDARD" }] }]
    # replication_bad_role
    replication = { role_arn = "s3-replication", rules = { dr = { destination_bucket_arn = "arn:aws:s3:::dr", replica_kms_key_arn = "arn:aws:kms:ap-northeast-1:111122223333:key/x" } } }
  }
  expect_failures = [var.kms_key_arn, var.lifecycle_rules, var.replication]
}

run "invalid_inputs_4" {
  command = plan

  variables {
    # kms_key_arn_required_for_sse_kms
    kms_key_arn = null
    # lifecycle_rule_without_action
    lifecycle_rules = [{ id = "a", filter = { prefix = "x/" } }]
    # replication_needs_versioning
    versioning = false
    # replication_needs_versioning
    replication = { role_arn = "arn:aws:iam::111122223333:role/r", rules = { dr = { destination_bucket_arn = "arn:aws:s3:::dr", replica_kms_key_arn = "arn:aws:kms:ap-northeast-1:111122223333:key/x" } } }
  }
  expect_failures = [var.kms_key_arn, var.lifecycle_rules, var.replication]
}

run "replication_needs_replica_key" {
  command = plan

  variables {
    replication = { role_arn = "arn:aws:iam::111122223333:role/r", rules = { dr = { destination_bucket_arn = "arn:aws:s3:::dr" } } }
  }

  expect_failures = [var.replication]
}

run "replication_bad_destination" {
  command = plan

  variables {
    replication = { role_arn = "arn:aws:iam::111122223333:role/r", rules = { dr = { destination_bucket_arn = "dr-bucket", replica_kms_key_arn = "arn:aws:kms:ap-northeast-1:111122223333:key/x" } } }
  }

  expect_failures = [var.replication]
}

