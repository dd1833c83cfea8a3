# Optional features of the s3-bucket module: each toggle adds exactly what it should.

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

run "log_target_bucket" {
  command = apply

  variables {
    bucket                                 = "central-logs"
    kms_key_arn                            = null
    sse_algorithm                          = "AES256"
    attach_lb_log_delivery_policy          = true
    attach_access_log_delivery_policy      = true
    access_log_delivery_source_bucket_arns = ["arn:aws:s3:::app-data"]
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256"
    error_message = "A log target may use SSE-S3."
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default).kms_master_key_id == null && one(aws_s3_bucket_server_side_encryption_configuration.this.rule).bucket_key_enabled == null
    error_message = "SSE-S3 takes no KMS key and no bucket key."
  }

  assert {
    condition     = length(data.aws_iam_policy_document.lb_log_delivery) == 1 && length(data.aws_iam_policy_document.access_log_delivery) == 1
    error_message = "Both log delivery fragments must be added."
  }

  assert {
    condition     = one(data.aws_iam_policy_document.lb_log_delivery[0].statement[0].principals).identifiers == toset(["logdelivery.elasticloadbalancing.amazonaws.com"])
    error_message = "ALB logs must be delivered by logdelivery.elasticloadbalancing.amazonaws.com."
  }

  assert {
    condition     = one(data.aws_iam_policy_document.lb_log_delivery[0].statement[1].principals).identifiers == toset(["arn:aws:iam::600734575887:root"])
    error_message = "The regional ELB account must be allowed too."
  }

  assert {
    condition     = one(data.aws_iam_policy_document.access_log_delivery[0].statement[0].principals).identifiers == toset(["logging.s3.amazonaws.com"])
    error_message = "S3 server access logs must be delivered by logging.s3.amazonaws.com."
  }

  assert {
    condition     = one([for c in data.aws_iam_policy_document.access_log_delivery[0].statement[0].condition : c.values if c.variable == "aws:SourceArn"])[0] == "arn:aws:s3:::app-data"
    error_message = "Access log delivery must be limited to the source buckets given."
  }

  assert {
    condition     = one([for c in data.aws_iam_policy_document.access_log_delivery[0].statement[0].condition : c.values if c.variable == "aws:SourceAccount"])[0] == "111122223333"
    error_message = "Access log delivery must be limited to the current account."
  }

  assert {
    condition     = length(data.aws_iam_policy_document.combined[0].source_policy_documents) == 2
    error_message = "The two fragments must be source documents of the one policy."
  }
}

run "cloudtrail_and_waf_delivery" {
  command = plan

  variables {
    bucket                                = "aws-waf-logs-platform"
    attach_cloudtrail_log_delivery_policy = true
    attach_waf_log_delivery_policy        = true
    log_delivery_source_accounts          = ["111122223333", "444455556666"]
  }

  assert {
    condition     = one(data.aws_iam_policy_document.cloudtrail_log_delivery[0].statement[1].principals).identifiers == toset(["cloudtrail.amazonaws.com"]) && contains(data.aws_iam_policy_document.cloudtrail_log_delivery[0].statement[0].actions, "s3:GetBucketAcl")
    error_message = "CloudTrail needs GetBucketAcl and PutObject."
  }

  assert {
    condition     = length(data.aws_iam_policy_document.cloudtrail_log_delivery[0].statement[1].resources) == 2
    error_message = "CloudTrail may write under AWSLogs/ACCOUNT/ for each source account."
  }

  assert {
    condition     = one(data.aws_iam_policy_document.waf_log_delivery[0].statement[1].principals).identifiers == toset(["delivery.logs.amazonaws.com"])
    error_message = "WAF logs must be delivered by delivery.logs.amazonaws.com."
  }

  assert {
    condition     = length(one([for c in data.aws_iam_policy_document.waf_log_delivery[0].statement[1].condition : c.values if c.variable == "aws:SourceAccount"])) == 2
    error_message = "Log delivery must be limited to the listed accounts."
  }
}

run "firehose_and_user_statements" {
  command = apply

  variables {
    firehose_delivery_role_arns = ["arn:aws:iam::111122223333:role/firehose-archive"]
    policy_statements = {
      AllowReadFromAnalytics = {
        actions    = ["s3:GetObject"]
        principals = [{ type = "AWS", identifiers = ["arn:aws:iam::111122223333:role/analytics"] }]
        conditions = [{ test = "StringEquals", variable = "aws:PrincipalOrgID", values = ["o-abc123"] }]
      }
    }
    attach_policy = true
    policy        = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Extra\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:DeleteBucket\",\"Resource\":\"arn:aws:s3:::test-bucket\"}]}"
  }

  assert {
    condition     = one(data.aws_iam_policy_document.firehose_delivery[0].statement[0].principals).identifiers == toset(["arn:aws:iam::111122223333:role/firehose-archive"])
    error_message = "The Firehose role must be the principal of the delivery statement."
  }

  assert {
    condition     = !contains(data.aws_iam_policy_document.firehose_delivery[0].statement[0].actions, "s3:*") && contains(data.aws_iam_policy_document.firehose_delivery[0].statement[0].actions, "s3:PutObject")
    error_message = "Firehose gets the listed actions, not s3:*."
  }

  assert {
    condition     = data.aws_iam_policy_document.user[0].statement[0].sid == "AllowReadFromAnalytics" && data.aws_iam_policy_document.user[0].statement[0].effect == "Allow"
    error_message = "policy_statements keys become Sids."
  }

  assert {
    condition     = contains(data.aws_iam_policy_document.combined[0].source_policy_documents, var.policy) && length(data.aws_iam_policy_document.combined[0].source_policy_documents) == 3
    error_message = "Firehose, user statements and the raw policy must all be source documents."
  }

  assert {
    condition     = length(data.aws_iam_policy_document.combined[0].override_policy_documents) == 2
    error_message = "The deny statements must stay override documents."
  }
}

run "lifecycle_rules" {
  command = plan

  variables {
    lifecycle_rules = [
      {
        id     = "archive-logs"
        filter = { prefix = "logs/" }
        transitions = [
          { days = 30, storage_class = "STANDARD_IA" },
          { days = 90, storage_class = "GLACIER" },
        ]
        expiration = { days = 365 }
      },
      {
        id                            = "tmp-cleanup"
        filter                        = { prefix = "tmp/", tags = { temporary = "true" } }
        noncurrent_version_expiration = { noncurrent_days = 30, newer_noncurrent_versions = 3 }
      },
    ]
  }

  assert {
    condition     = [for r in aws_s3_bucket_lifecycle_configuration.this[0].rule : r.id] == ["abort-incomplete-multipart-uploads", "archive-logs", "tmp-cleanup"]
    error_message = "The built-in rule comes first, then the user rules in order."
  }

  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.this[0].rule[1].filter[0].prefix == "logs/" && length(aws_s3_bucket_lifecycle_configuration.this[0].rule[1].transition) == 2 && aws_s3_bucket_lifecycle_configuration.this[0].rule[1].expiration[0].days == 365
    error_message = "A single-condition filter, transitions and expiration must pass through."
  }

  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.this[0].rule[2].filter[0].and[0].prefix == "tmp/" && aws_s3_bucket_lifecycle_configuration.this[0].rule[2].filter[0].and[0].tags["temporary"] == "true"
    error_message = "A filter with prefix and tags must become an and block."
  }

  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.this[0].rule[2].noncurrent_version_expiration[0].noncurrent_days == 30
    error_message = "noncurrent_version_expiration must pass through."
  }
}

run "access_logging" {
  command = plan

  variables {
    logging = { target_bucket = "central-logs" }
  }

  assert {
    condition     = aws_s3_bucket_logging.this[0].target_bucket == "central-logs" && aws_s3_bucket_logging.this[0].target_prefix == "test-bucket/"
    error_message = "Access logs go to the target bucket under the bucket's own prefix by default."
  }
}

run "replication" {
  command = plan

  variables {
    replication = {
      role_arn = "arn:aws:iam::111122223333:role/s3-replication"
      rules = {
        dr = {
          destination_bucket_arn   = "arn:aws:s3:::test-bucket-dr"
          replica_kms_key_arn      = "arn:aws:kms:ap-northeast-1:111122223333:key/99999999-2222-3333-4444-555555555555"
          replication_time_minutes = 15
        }
      }
    }
  }

  assert {
    condition     = aws_s3_bucket_replication_configuration.this[0].role == "arn:aws:iam::111122223333:role/s3-replication" && length(aws_s3_bucket_replication_configuration.this[0].rule) == 1
    error_message = "One replication rule with the given role."
  }

  assert {
    condition     = aws_s3_bucket_replication_configuration.this[0].rule[0].id == "dr" && aws_s3_bucket_replication_configuration.this[0].rule[0].destination[0].bucket == "arn:aws:s3:::test-bucket-dr"
    error_message = "The rule id is the map key and the destination passes through."
  }

  assert {
    condition     = aws_s3_bucket_replication_configuration.this[0].rule[0].source_selection_criteria[0].sse_kms_encrypted_objects[0].status == "Enabled"
    error_message = "SSE-KMS objects must be replicated."
  }

  assert {
    condition     = aws_s3_bucket_replication_configuration.this[0].rule[0].destination[0].encryption_configuration[0].replica_kms_key_id == "arn:aws:kms:ap-northeast-1:111122223333:key/99999999-2222-3333-4444-555555555555"
    error_message = "Replicas must be encrypted with the destination key."
  }

  assert {
    condition     = aws_s3_bucket_replication_configuration.this[0].rule[0].destination[0].replication_time[0].time[0].minutes == 15 && aws_s3_bucket_replication_configuration.this[0].rule[0].delete_marker_replication[0].status == "Enabled"
    error_message = "Replication time control and delete marker replication must be set."
  }
}

run "object_lock" {
  command = plan

  variables {
    object_lock = { mode = "COMPLIANCE", years = 1 }
  }

  assert {
    condition     = aws_s3_bucket.this.object_lock_enabled == true
    error_message = "object_lock must enable object lock on the bucket."
  }

  assert {
    condition     = aws_s3_bucket_object_lock_configuration.this[0].rule[0].default_retention[0].mode == "COMPLIANCE" && aws_s3_bucket_object_lock_configuration.this[0].rule[0].default_retention[0].years == 1
    error_message = "The default retention must pass through."
  }
}

run "intelligent_tiering_and_notifications" {
  command = plan

  variables {
    intelligent_tiering = {
      whole-bucket = { archive_access_days = 90, deep_archive_access_days = 180 }
      reports      = { prefix = "reports/", deep_archive_access_days = 365 }
    }
    notifications = {
      eventbridge = true
      lambda_functions = {
        thumbnail = {
          function_arn  = "arn:aws:lambda:ap-northeast-2:111122223333:function:thumbnail"
          events        = ["s3:ObjectCreated:*"]
          filter_suffix = ".jpg"
        }
      }
      queues = {
        ingest = {
          queue_arn = "arn:aws:sqs:ap-northeast-2:111122223333:ingest"
          events    = ["s3:ObjectCreated:Put"]
        }
      }
    }
  }

  assert {
    condition     = length(aws_s3_bucket_intelligent_tiering_configuration.this) == 2 && length(aws_s3_bucket_intelligent_tiering_configuration.this["whole-bucket"].tiering) == 2
    error_message = "One tiering configuration per map entry, with both tiers where given."
  }

  assert {
    condition     = aws_s3_bucket_intelligent_tiering_configuration.this["reports"].filter[0].prefix == "reports/" && length(aws_s3_bucket_intelligent_tiering_configuration.this["whole-bucket"].filter) == 0
    error_message = "Only entries with a prefix or tags get a filter."
  }

  assert {
    condition     = aws_s3_bucket_notification.this[0].eventbridge == true && length(aws_s3_bucket_notification.this[0].lambda_function) == 1 && length(aws_s3_bucket_notification.this[0].queue) == 1 && length(aws_s3_bucket_notification.this[0].topic) == 0
    error_message = "Notifications must have exactly the targets given."
  }

  assert {
    condition     = aws_s3_bucket_notification.this[0].lambda_function[0].id == "thumbnail" && aws_s3_bucket_notification.this[0].lambda_function[0].filter_suffix == ".jpg"
    error_message = "Notification ids are the map keys."
  }
}
