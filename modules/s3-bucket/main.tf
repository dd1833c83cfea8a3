locals {
  kms_key_arn = var.sse_algorithm == "aws:kms" ? var.kms_key_arn : null

  # The built-in rule goes first; user rules keep their order after it.
  builtin_lifecycle_rule_ids = var.abort_incomplete_multipart_upload_days == null ? [] : ["abort-incomplete-multipart-uploads"]
  lifecycle_rule_ids         = concat(local.builtin_lifecycle_rule_ids, [for r in var.lifecycle_rules : r.id])

  replication_rule_ids = var.replication == null ? [] : sort(keys(var.replication.rules))
}

resource "aws_s3_bucket" "this" {
  # checkov:skip=CKV_AWS_18: access logging is the `logging` input; log target buckets (attach_access_log_delivery_policy) do not log to themselves
  # checkov:skip=CKV_AWS_144: cross-region replication is the optional `replication` input (DR buckets only), not every bucket
  # checkov:skip=CKV_AWS_145: SSE-KMS with a customer-managed key is the default and kms_key_arn is then required; SSE-S3 is accepted (validated) only for ALB and S3 access-log targets, which cannot use SSE-KMS
  # checkov:skip=CKV2_AWS_62: event notifications are the optional `notifications` input; most buckets need none
  bucket              = var.bucket
  force_destroy       = var.force_destroy
  object_lock_enabled = var.object_lock != null

  tags = merge(var.tags, { Name = var.bucket })
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    object_ownership = var.object_ownership
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket = aws_s3_bucket.this.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    # "Disabled" is only valid for a bucket that was never versioned; "Suspended" works for both.
    status = var.versioning ? "Enabled" : "Suspended"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.sse_algorithm
      kms_master_key_id = local.kms_key_arn
    }
    bucket_key_enabled = var.sse_algorithm == "aws:kms" ? var.bucket_key_enabled : null
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  # checkov:skip=CKV_AWS_300: the built-in rule (abort_incomplete_multipart_upload_days, default 7) aborts failed uploads; checkov sees only one of the two dynamic rule blocks when the caller adds rules
  count = length(local.lifecycle_rule_ids) > 0 ? 1 : 0

  bucket = aws_s3_bucket.this.id

  dynamic "rule" {
    for_each = local.builtin_lifecycle_rule_ids
    content {
      id     = rule.value
      status = "Enabled"

      filter {}

      abort_incomplete_multipart_upload {
        days_after_initiation = var.abort_incomplete_multipart_upload_days
      }
    }
  }

  dynamic "rule" {
    for_each = var.lifecycle_rules
    content {
      id     = rule.value.id
      status = rule.value.enabled ? "Enabled" : "Disabled"

      # An empty filter applies the rule to the whole bucket.
      dynamic "filter" {
        for_each = rule.value.filter == null ? [true] : []
        content {}
      }

      dynamic "filter" {
        for_each = rule.value.filter != null && length(try(rule.value.filter.tags, {})) + (try(rule.value.filter.prefix, null) != null ? 1 : 0) + (try(rule.value.filter.object_size_greater_than, null) != null ? 1 : 0) + (try(rule.value.filter.object_size_less_than, null) != null ? 1 : 0) > 1 ? [rule.value.filter] : []
        content {
          and {
            prefix                   = filter.value.prefix
            tags                     = length(filter.value.tags) > 0 ? filter.value.tags : null
            object_size_greater_than = filter.value.object_size_greater_than
            object_size_less_than    = filter.value.object_size_less_than
          }
        }
      }

      dynamic "filter" {
        for_each = rule.value.filter != null && length(try(rule.value.filter.tags, {})) + (try(rule.value.filter.prefix, null) != null ? 1 : 0) + (try(rule.value.filter.object_size_greater_than, null) != null ? 1 : 0) + (try(rule.value.filter.object_size_less_than, null) != null ? 1 : 0) <= 1 ? [rule.value.filter] : []
        content {
          prefix                   = filter.value.prefix
          object_size_greater_than = filter.value.object_size_greater_than
          object_size_less_than    = filter.value.object_size_less_than

          dynamic "tag" {
            for_each = filter.value.tags
            content {
              key   = tag.key
              value = tag.value
            }
          }
        }
      }

      dynamic "abort_incomplete_multipart_upload" {
        for_each = rule.value.abort_incomplete_multipart_upload_days == null ? [] : [rule.value.abort_incomplete_multipart_upload_days]
        content {
          days_after_initiation = abort_incomplete_multipart_upload.value
        }
      }

      dynamic "expiration" {
        for_each = rule.value.expiration == null ? [] : [rule.value.expiration]
        content {
          days                         = expiration.value.days
          date                         = expiration.value.date
          expired_object_delete_marker = expiration.value.expired_object_delete_marker
        }
      }

      dynamic "transition" {
        for_each = rule.value.transitions
        content {
          days          = transition.value.days
          date          = transition.value.date
          storage_class = transition.value.storage_class
        }
      }

      dynamic "noncurrent_version_expiration" {
        for_each = rule.value.noncurrent_version_expiration == null ? [] : [rule.value.noncurrent_version_expiration]
        content {
          noncurrent_days           = noncurrent_version_expiration.value.noncurrent_days
          newer_noncurrent_versions = noncurrent_version_expiration.value.newer_noncurrent_versions
        }
      }

      dynamic "noncurrent_version_transition" {
        for_each = rule.value.noncurrent_version_transitions
        content {
          noncurrent_days           = noncurrent_version_transition.value.noncurrent_days
          newer_noncurrent_versions = noncurrent_version_transition.value.newer_noncurrent_versions
          storage_class             = noncurrent_version_transition.value.storage_class
        }
      }
    }
  }

  # Lifecycle rules on a versioned bucket must follow the versioning configuration.
  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_s3_bucket_logging" "this" {
  count = var.logging == null ? 0 : 1

  bucket        = aws_s3_bucket.this.id
  target_bucket = var.logging.target_bucket
  target_prefix = coalesce(var.logging.target_prefix, "${var.bucket}/")
}

resource "aws_s3_bucket_object_lock_configuration" "this" {
  count = var.object_lock == null ? 0 : 1

  bucket = aws_s3_bucket.this.id

  rule {
    default_retention {
      mode  = var.object_lock.mode
      days  = var.object_lock.days
      years = var.object_lock.years
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_s3_bucket_intelligent_tiering_configuration" "this" {
  for_each = var.intelligent_tiering

  bucket = aws_s3_bucket.this.id
  name   = each.key
  status = each.value.enabled ? "Enabled" : "Disabled"

  dynamic "filter" {
    for_each = each.value.prefix != null || each.value.tags != null ? [true] : []
    content {
      prefix = each.value.prefix
      tags   = each.value.tags
    }
  }

  dynamic "tiering" {
    for_each = each.value.archive_access_days == null ? [] : [each.value.archive_access_days]
    content {
      access_tier = "ARCHIVE_ACCESS"
      days        = tiering.value
    }
  }

  dynamic "tiering" {
    for_each = each.value.deep_archive_access_days == null ? [] : [each.value.deep_archive_access_days]
    content {
      access_tier = "DEEP_ARCHIVE_ACCESS"
      days        = tiering.value
    }
  }
}

resource "aws_s3_bucket_notification" "this" {
  count = var.notifications == null ? 0 : 1

  bucket      = aws_s3_bucket.this.id
  eventbridge = var.notifications.eventbridge

  dynamic "lambda_function" {
    for_each = var.notifications.lambda_functions
    content {
      id                  = lambda_function.key
      lambda_function_arn = lambda_function.value.function_arn
      events              = lambda_function.value.events
      filter_prefix       = lambda_function.value.filter_prefix
      filter_suffix       = lambda_function.value.filter_suffix
    }
  }

  dynamic "queue" {
    for_each = var.notifications.queues
    content {
      id            = queue.key
      queue_arn     = queue.value.queue_arn
      events        = queue.value.events
      filter_prefix = queue.value.filter_prefix
      filter_suffix = queue.value.filter_suffix
    }
  }

  dynamic "topic" {
    for_each = var.notifications.topics
    content {
      id            = topic.key
      topic_arn     = topic.value.topic_arn
      events        = topic.value.events
      filter_prefix = topic.value.filter_prefix
      filter_suffix = topic.value.filter_suffix
    }
  }
}

resource "aws_s3_bucket_replication_configuration" "this" {
  count = var.replication == null ? 0 : 1

  bucket = aws_s3_bucket.this.id
  role   = var.replication.role_arn

  dynamic "rule" {
    for_each = local.replication_rule_ids
    content {
      id       = rule.value
      status   = var.replication.rules[rule.value].enabled ? "Enabled" : "Disabled"
      priority = coalesce(var.replication.rules[rule.value].priority, rule.key)

      filter {
        prefix = var.replication.rules[rule.value].prefix
      }

      delete_marker_replication {
        status = var.replication.rules[rule.value].delete_marker_replication ? "Enabled" : "Disabled"
      }

      dynamic "source_selection_criteria" {
        for_each = var.sse_algorithm == "aws:kms" ? [true] : []
        content {
          sse_kms_encrypted_objects {
            status = "Enabled"
          }
        }
      }

      destination {
        bucket        = var.replication.rules[rule.value].destination_bucket_arn
        storage_class = var.replication.rules[rule.value].storage_class
        account       = var.replication.rules[rule.value].account_id

        dynamic "access_control_translation" {
          for_each = var.replication.rules[rule.value].account_id == null ? [] : [true]
          content {
            owner = "Destination"
          }
        }

        dynamic "encryption_configuration" {
          for_each = var.replication.rules[rule.value].replica_kms_key_arn == null ? [] : [var.replication.rules[rule.value].replica_kms_key_arn]
          content {
            replica_kms_key_id = encryption_configuration.value
          }
        }

        dynamic "replication_time" {
          for_each = var.replication.rules[rule.value].replication_time_minutes == null ? [] : [var.replication.rules[rule.value].replication_time_minutes]
          content {
            status = "Enabled"
            time {
              minutes = replication_time.value
            }
          }
        }

        dynamic "metrics" {
          for_each = var.replication.rules[rule.value].replication_time_minutes == null ? [] : [var.replication.rules[rule.value].replication_time_minutes]
          content {
            status = "Enabled"
            event_threshold {
              minutes = metrics.value
            }
          }
        }
      }
    }
  }

  # Replication needs versioning enabled first.
  depends_on = [aws_s3_bucket_versioning.this]
}
