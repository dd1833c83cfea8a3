data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

# The regional ELB account: the principal that writes ALB access logs in regions opened before August 2022.
data "aws_elb_service_account" "current" {
  count = var.attach_lb_log_delivery_policy ? 1 : 0
}

locals {
  bucket_arn = aws_s3_bucket.this.arn

  log_accounts = length(var.log_delivery_source_accounts) > 0 ? var.log_delivery_source_accounts : [data.aws_caller_identity.current.account_id]
  # Objects under AWSLogs/ACCOUNT/ with or without a leading prefix.
  log_object_arns = [for a in local.log_accounts : "${local.bucket_arn}/*AWSLogs/${a}/*"]

  attach_policy = anytrue([
    var.attach_deny_insecure_transport_policy,
    var.attach_deny_unencrypted_object_uploads,
    var.attach_lb_log_delivery_policy,
    var.attach_cloudtrail_log_delivery_policy,
    var.attach_waf_log_delivery_policy,
    var.attach_access_log_delivery_policy,
    length(var.firehose_delivery_role_arns) > 0,
    length(var.policy_statements) > 0,
    var.attach_policy,
  ])
}

# --- security statements (override documents: a user statement with the same Sid cannot replace them)

data "aws_iam_policy_document" "deny_insecure_transport" {
  count = var.attach_deny_insecure_transport_policy ? 1 : 0

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.bucket_arn, "${local.bucket_arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

data "aws_iam_policy_document" "deny_unencrypted_object_uploads" {
  count = var.attach_deny_unencrypted_object_uploads ? 1 : 0

  # A request that names another encryption than the bucket's.
  statement {
    sid       = "DenyIncorrectEncryptionHeader"
    effect    = "Deny"
    actions   = ["s3:PutObject"]
    resources = ["${local.bucket_arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringNotEquals"
      variable = "s3:x-amz-server-side-encryption"
      values   = [var.sse_algorithm]
    }

    condition {
      test     = "Null"
      variable = "s3:x-amz-server-side-encryption"
      values   = ["false"]
    }
  }

  # A request without an encryption header. AWS log delivery services do not send one (the bucket's
  # default encryption still applies to what they write), so service principals are exempt.
  statement {
    sid       = "DenyUnencryptedObjectUploads"
    effect    = "Deny"
    actions   = ["s3:PutObject"]
    resources = ["${local.bucket_arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Null"
      variable = "s3:x-amz-server-side-encryption"
      values   = ["true"]
    }

    condition {
      test     = "Bool"
      variable = "aws:PrincipalIsAWSService"
      values   = ["false"]
    }
  }
}

# --- log delivery fragments -------------------------------------------------------------------------

data "aws_iam_policy_document" "lb_log_delivery" {
  count = var.attach_lb_log_delivery_policy ? 1 : 0

  statement {
    sid       = "AWSLogDeliveryWriteLB"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = local.log_object_arns

    principals {
      type        = "Service"
      identifiers = ["logdelivery.elasticloadbalancing.amazonaws.com"]
    }
  }

  statement {
    sid       = "AWSLogDeliveryWriteELBAccount"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = local.log_object_arns

    principals {
      type        = "AWS"
      identifiers = [data.aws_elb_service_account.current[0].arn]
    }
  }
}

data "aws_iam_policy_document" "cloudtrail_log_delivery" {
  count = var.attach_cloudtrail_log_delivery_policy ? 1 : 0

  statement {
    sid       = "AWSCloudTrailAclCheck"
    effect    = "Allow"
    actions   = ["s3:GetBucketAcl"]
    resources = [local.bucket_arn]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = local.log_accounts
    }
  }

  statement {
    sid       = "AWSCloudTrailWrite"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = local.log_object_arns

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = local.log_accounts
    }
  }
}

data "aws_iam_policy_document" "waf_log_delivery" {
  count = var.attach_waf_log_delivery_policy ? 1 : 0

  statement {
    sid       = "AWSLogDeliveryAclCheck"
    effect    = "Allow"
    actions   = ["s3:GetBucketAcl"]
    resources = [local.bucket_arn]

    principals {
      type        = "Service"
      identifiers = ["delivery.logs.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = local.log_accounts
    }
  }

  statement {
    sid       = "AWSLogDeliveryWrite"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = local.log_object_arns

    principals {
      type        = "Service"
      identifiers = ["delivery.logs.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = local.log_accounts
    }
  }
}

data "aws_iam_policy_document" "access_log_delivery" {
  count = var.attach_access_log_delivery_policy ? 1 : 0

  statement {
    sid       = "AWSAccessLogDeliveryWrite"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["${local.bucket_arn}/*"]

    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = local.log_accounts
    }

    dynamic "condition" {
      for_each = length(var.access_log_delivery_source_bucket_arns) > 0 ? [true] : []
      content {
        test     = "ArnLike"
        variable = "aws:SourceArn"
        values   = var.access_log_delivery_source_bucket_arns
      }
    }
  }
}

data "aws_iam_policy_document" "firehose_delivery" {
  count = length(var.firehose_delivery_role_arns) > 0 ? 1 : 0

  statement {
    sid = "FirehoseDeliveryWrite"
    actions = [
      "s3:AbortMultipartUpload",
      "s3:GetBucketLocation",
      "s3:GetObject",
      "s3:ListBucket",
      "s3:ListBucketMultipartUploads",
      "s3:PutObject",
    ]
    resources = [local.bucket_arn, "${local.bucket_arn}/*"]

    principals {
      type        = "AWS"
      identifiers = var.firehose_delivery_role_arns
    }
  }
}

# --- user statements ----------------------------------------------------------------------------------

data "aws_iam_policy_document" "user" {
  count = length(var.policy_statements) > 0 ? 1 : 0

  dynamic "statement" {
    for_each = var.policy_statements
    content {
      sid       = statement.key
      effect    = statement.value.effect
      actions   = statement.value.actions
      resources = statement.value.resources != null ? statement.value.resources : [local.bucket_arn, "${local.bucket_arn}/*"]

      dynamic "principals" {
        for_each = statement.value.principals
        content {
          type        = principals.value.type
          identifiers = principals.value.identifiers
        }
      }

      dynamic "condition" {
        for_each = statement.value.conditions
        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}

# --- the one bucket policy ---------------------------------------------------------------------------

data "aws_iam_policy_document" "combined" {
  count = local.attach_policy ? 1 : 0

  source_policy_documents = compact(concat(
    data.aws_iam_policy_document.lb_log_delivery[*].json,
    data.aws_iam_policy_document.cloudtrail_log_delivery[*].json,
    data.aws_iam_policy_document.waf_log_delivery[*].json,
    data.aws_iam_policy_document.access_log_delivery[*].json,
    data.aws_iam_policy_document.firehose_delivery[*].json,
    data.aws_iam_policy_document.user[*].json,
    var.attach_policy ? [var.policy] : [],
  ))

  override_policy_documents = concat(
    data.aws_iam_policy_document.deny_insecure_transport[*].json,
    data.aws_iam_policy_document.deny_unencrypted_object_uploads[*].json,
  )
}

resource "aws_s3_bucket_policy" "this" {
  count = local.attach_policy ? 1 : 0

  bucket = aws_s3_bucket.this.id
  policy = data.aws_iam_policy_document.combined[0].json

  # A policy with public statements is rejected until the public access block is in place.
  depends_on = [aws_s3_bucket_public_access_block.this]
}
