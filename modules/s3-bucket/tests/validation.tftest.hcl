# One run per input validation of the s3-bucket module: each must reject bad input.

mock_provider "aws" {
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "111122223333"
      arn        = "arn:aws:iam::111122223333:user/test"
    }
  }
  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }
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

run "bucket_name_invalid" {
  command = plan

  variables {
    bucket = "Invalid_Bucket.Name"
  }

  expect_failures = [var.bucket]
}

run "sse_algorithm_unknown" {
  command = plan

  variables {
    sse_algorithm = "aws:kms:dsse"
  }

  expect_failures = [var.sse_algorithm]
}

run "sse_s3_only_for_log_targets" {
  command = plan

  variables {
    sse_algorithm = "AES256"
  }

  expect_failures = [var.sse_algorithm]
}

run "kms_key_arn_malformed" {
  command = plan

  variables {
    kms_key_arn = "alias/my-key"
  }

  expect_failures = [var.kms_key_arn]
}

run "kms_key_arn_required_for_sse_kms" {
  command = plan

  variables {
    kms_key_arn = null
  }

  expect_failures = [var.kms_key_arn]
}

run "object_ownership_object_writer" {
  command = plan

  variables {
    object_ownership = "ObjectWriter"
  }

  expect_failures = [var.object_ownership]
}

run "abort_days_zero" {
  command = plan

  variables {
    abort_incomplete_multipart_upload_days = 0
  }

  expect_failures = [var.abort_incomplete_multipart_upload_days]
}

run "lifecycle_duplicate_ids" {
  command = plan

  variables {
    lifecycle_rules = [{ id = "a", expiration = { days = 1 } }, { id = "a", expiration = { days = 2 } }]
  }

  expect_failures = [var.lifecycle_rules]
}

run "lifecycle_reserved_id" {
  command = plan

  variables {
    lifecycle_rules = [{ id = "abort-incomplete-multipart-uploads", expiration = { days = 1 } }]
  }

  expect_failures = [var.lifecycle_rules]
}

run "lifecycle_bad_storage_class" {
  command = plan

  variables {
    lifecycle_rules = [{ id = "a", transitions = [{ days = 30, storage_class = "STANDARD" }] }]
  }

  expect_failures = [var.lifecycle_rules]
}

run "lifecycle_rule_without_action" {
  command = plan

  variables {
    lifecycle_rules = [{ id = "a", filter = { prefix = "x/" } }]
  }

  expect_failures = [var.lifecycle_rules]
}

run "replication_bad_role" {
  command = plan

  variables {
    replication = { role_arn = "s3-replication", rules = { dr = { destination_bucket_arn = "arn:aws:s3:::dr", replica_kms_key_arn = "arn:aws:kms:ap-northeast-1:111122223333:key/x" } } }
  }

  expect_failures = [var.replication]
}

run "replication_needs_versioning" {
  command = plan

  variables {
    versioning  = false
    replication = { role_arn = "arn:aws:iam::111122223333:role/r", rules = { dr = { destination_bucket_arn = "arn:aws:s3:::dr", replica_kms_key_arn = "arn:aws:kms:ap-northeast-1:111122223333:key/x" } } }
  }

  expect_failures = [var.replication]
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

run "object_lock_days_and_years" {
  command = plan

  variables {
    object_lock = { mode = "GOVERNANCE", days = 1, years = 1 }
  }

  expect_failures = [var.object_lock]
}

run "object_lock_needs_versioning" {
  command = plan

  variables {
    versioning  = false
    object_lock = { days = 30 }
  }

  expect_failures = [var.object_lock]
}

run "intelligent_tiering_without_tier" {
  command = plan

  variables {
    intelligent_tiering = { all = { prefix = "x/" } }
  }

  expect_failures = [var.intelligent_tiering]
}

run "intelligent_tiering_days_out_of_range" {
  command = plan

  variables {
    intelligent_tiering = { all = { archive_access_days = 30 } }
  }

  expect_failures = [var.intelligent_tiering]
}

run "notification_bad_event" {
  command = plan

  variables {
    notifications = { queues = { q = { queue_arn = "arn:aws:sqs:ap-northeast-2:111122223333:q", events = ["ObjectCreated"] } } }
  }

  expect_failures = [var.notifications]
}

run "firehose_role_not_arn" {
  command = plan

  variables {
    firehose_delivery_role_arns = ["firehose-role"]
  }

  expect_failures = [var.firehose_delivery_role_arns]
}

run "log_delivery_account_malformed" {
  command = plan

  variables {
    log_delivery_source_accounts = ["1234"]
  }

  expect_failures = [var.log_delivery_source_accounts]
}

run "policy_statement_bad_sid" {
  command = plan

  variables {
    policy_statements = { "allow-read" = { actions = ["s3:GetObject"], principals = [{ type = "AWS", identifiers = ["arn:aws:iam::111122223333:root"] }] } }
  }

  expect_failures = [var.policy_statements]
}

run "policy_statement_bad_principal_type" {
  command = plan

  variables {
    policy_statements = { AllowRead = { actions = ["s3:GetObject"], principals = [{ type = "Account", identifiers = ["111122223333"] }] } }
  }

  expect_failures = [var.policy_statements]
}

run "attach_policy_without_policy" {
  command = plan

  variables {
    attach_policy = true
  }

  expect_failures = [var.attach_policy]
}

run "policy_not_json" {
  command = plan

  variables {
    policy = "not json"
  }

  expect_failures = [var.policy]
}
