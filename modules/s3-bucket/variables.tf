variable "bucket" {
  description = "Name of the bucket (globally unique; 3-63 characters of lower-case letters, digits, dots and hyphens; no dots, so TLS virtual-hosted access keeps working)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.bucket)) && !can(regex("--", var.bucket)) && !startswith(var.bucket, "xn--") && !startswith(var.bucket, "sthree-") && !endswith(var.bucket, "-s3alias") && !endswith(var.bucket, "--ol-s3")
    error_message = "bucket must be 3-63 characters of a-z, 0-9 and single hyphens, start and end with a letter or digit, and not use a reserved prefix or suffix (xn--, sthree-, -s3alias, --ol-s3). Dots are not allowed."
  }
}

variable "sse_algorithm" {
  description = "Default server-side encryption: \"aws:kms\" (SSE-KMS with the customer-managed key in kms_key_arn, the default) or \"AES256\" (SSE-S3). AES256 is allowed only for log targets whose writer supports nothing else (ALB access logs, S3 server access logs), so it requires attach_lb_log_delivery_policy or attach_access_log_delivery_policy."
  type        = string
  default     = "aws:kms"

  validation {
    condition     = contains(["aws:kms", "AES256"], var.sse_algorithm)
    error_message = "sse_algorithm must be \"aws:kms\" or \"AES256\"."
  }

  validation {
    condition     = var.sse_algorithm == "aws:kms" || var.attach_lb_log_delivery_policy || var.attach_access_log_delivery_policy
    error_message = "sse_algorithm = \"AES256\" (SSE-S3) is only for ALB or S3 server access log targets: set attach_lb_log_delivery_policy or attach_access_log_delivery_policy, or use \"aws:kms\"."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer-managed KMS key for SSE-KMS (required when sse_algorithm is \"aws:kms\"; ignored for \"AES256\")."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }

  validation {
    condition     = var.sse_algorithm != "aws:kms" || var.kms_key_arn != null
    error_message = "kms_key_arn is required when sse_algorithm is \"aws:kms\" (the default): buckets are encrypted with a customer-managed key."
  }
}

variable "bucket_key_enabled" {
  description = "Use an S3 Bucket Key for SSE-KMS (fewer KMS requests, lower cost)."
  type        = bool
  default     = true
}

variable "versioning" {
  description = "Enable versioning. Replication and object lock require it."
  type        = bool
  default     = true
}

variable "force_destroy" {
  description = "Allow destroying the bucket while it still holds objects (every version is deleted). Keep false outside throw-away environments."
  type        = bool
  default     = false
}

variable "object_ownership" {
  description = "Object ownership. \"BucketOwnerEnforced\" (the default) disables ACLs entirely; \"BucketOwnerPreferred\" only for a writer that still needs ACLs (CloudFront standard logs)."
  type        = string
  default     = "BucketOwnerEnforced"

  validation {
    condition     = contains(["BucketOwnerEnforced", "BucketOwnerPreferred"], var.object_ownership)
    error_message = "object_ownership must be \"BucketOwnerEnforced\" or \"BucketOwnerPreferred\" (\"ObjectWriter\" is not allowed)."
  }
}

variable "abort_incomplete_multipart_upload_days" {
  description = "Days after which incomplete multipart uploads are aborted, by a built-in lifecycle rule over the whole bucket. null removes the built-in rule."
  type        = number
  default     = 7

  validation {
    condition     = var.abort_incomplete_multipart_upload_days == null || try(var.abort_incomplete_multipart_upload_days >= 1, false)
    error_message = "abort_incomplete_multipart_upload_days must be at least 1, or null."
  }
}

variable "lifecycle_rules" {
  description = <<-EOT
    Lifecycle rules, applied in order. `id` must be unique. A rule without `filter` applies to the whole bucket.
    `transitions` and `noncurrent_version_transitions` move objects between storage classes;
    `expiration` and `noncurrent_version_expiration` delete them.
  EOT
  type = list(object({
    id      = string
    enabled = optional(bool, true)
    filter = optional(object({
      prefix                   = optional(string)
      tags                     = optional(map(string), {})
      object_size_greater_than = optional(number)
      object_size_less_than    = optional(number)
    }))
    abort_incomplete_multipart_upload_days = optional(number)
    expiration = optional(object({
      days                         = optional(number)
      date                         = optional(string)
      expired_object_delete_marker = optional(bool)
    }))
    transitions = optional(list(object({
      days          = optional(number)
      date          = optional(string)
      storage_class = string
    })), [])
    noncurrent_version_expiration = optional(object({
      noncurrent_days           = number
      newer_noncurrent_versions = optional(number)
    }))
    noncurrent_version_transitions = optional(list(object({
      noncurrent_days           = number
      newer_noncurrent_versions = optional(number)
      storage_class             = string
    })), [])
  }))
  default = []

  validation {
    condition     = length(distinct([for r in var.lifecycle_rules : r.id])) == length(var.lifecycle_rules)
    error_message = "lifecycle_rules ids must be unique."
  }

  validation {
    condition     = !contains([for r in var.lifecycle_rules : r.id], "abort-incomplete-multipart-uploads")
    error_message = "The lifecycle rule id \"abort-incomplete-multipart-uploads\" is reserved for the built-in rule (abort_incomplete_multipart_upload_days)."
  }

  validation {
    condition = alltrue(flatten([
      for r in var.lifecycle_rules : [
        for t in concat(r.transitions, r.noncurrent_version_transitions) :
        contains(["GLACIER", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "DEEP_ARCHIVE", "GLACIER_IR"], t.storage_class)
      ]
    ]))
    error_message = "Lifecycle transition storage_class must be one of GLACIER, STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, DEEP_ARCHIVE, GLACIER_IR."
  }

  validation {
    condition = alltrue([
      for r in var.lifecycle_rules :
      r.expiration != null || r.noncurrent_version_expiration != null || r.abort_incomplete_multipart_upload_days != null || length(r.transitions) > 0 || length(r.noncurrent_version_transitions) > 0
    ])
    error_message = "Every lifecycle rule needs at least one action: expiration, transitions, noncurrent_version_expiration, noncurrent_version_transitions or abort_incomplete_multipart_upload_days."
  }
}

variable "logging" {
  description = "Server access logging to another bucket (which must allow logging.s3.amazonaws.com: create it with attach_access_log_delivery_policy = true). null turns access logging off, e.g. for the log target bucket itself."
  type = object({
    target_bucket = string
    target_prefix = optional(string)
  })
  default = null
}

variable "replication" {
  description = <<-EOT
    Replication for disaster recovery. `role_arn` is an IAM role that S3 assumes (trust s3.amazonaws.com; allow
    reading this bucket, writing the destinations, KMS decrypt here and encrypt there). `rules` is keyed by rule id.
    With SSE-KMS (the default) every rule needs `replica_kms_key_arn`, the key in the destination region.
    Requires versioning on both buckets.
  EOT
  type = object({
    role_arn = string
    rules = map(object({
      destination_bucket_arn    = string
      replica_kms_key_arn       = optional(string)
      storage_class             = optional(string, "STANDARD")
      account_id                = optional(string)
      prefix                    = optional(string, "")
      priority                  = optional(number)
      enabled                   = optional(bool, true)
      delete_marker_replication = optional(bool, true)
      replication_time_minutes  = optional(number)
    }))
  })
  default = null

  validation {
    condition     = var.replication == null || try(length(var.replication.rules) > 0 && can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", var.replication.role_arn)), false)
    error_message = "replication needs an IAM role ARN in role_arn and at least one rule."
  }

  validation {
    condition     = var.replication == null || var.versioning
    error_message = "replication requires versioning = true."
  }

  validation {
    condition     = var.replication == null || var.sse_algorithm != "aws:kms" || try(alltrue([for r in values(var.replication.rules) : r.replica_kms_key_arn != null]), false)
    error_message = "With sse_algorithm = \"aws:kms\" every replication rule needs replica_kms_key_arn (a KMS key in the destination region)."
  }

  validation {
    condition     = var.replication == null || try(alltrue([for r in values(var.replication.rules) : can(regex("^arn:aws[a-z-]*:s3:::.+$", r.destination_bucket_arn))]), false)
    error_message = "replication destination_bucket_arn must be an S3 bucket ARN (arn:aws:s3:::NAME)."
  }
}

variable "object_lock" {
  description = "Object lock (WORM). Set at creation only: turning it on for an existing bucket replaces the bucket. `mode` is GOVERNANCE or COMPLIANCE; give exactly one of `days` or `years` for the default retention. Requires versioning."
  type = object({
    mode  = optional(string, "GOVERNANCE")
    days  = optional(number)
    years = optional(number)
  })
  default = null

  validation {
    condition     = var.object_lock == null || try(contains(["GOVERNANCE", "COMPLIANCE"], var.object_lock.mode) && ((var.object_lock.days == null) != (var.object_lock.years == null)), false)
    error_message = "object_lock.mode must be GOVERNANCE or COMPLIANCE, with exactly one of days or years."
  }

  validation {
    condition     = var.object_lock == null || var.versioning
    error_message = "object_lock requires versioning = true."
  }
}

variable "intelligent_tiering" {
  description = "S3 Intelligent-Tiering archive configurations keyed by name. Objects in the INTELLIGENT_TIERING class matching the filter move to the archive tiers after the given days (archive 90-730, deep archive 180-730)."
  type = map(object({
    enabled                  = optional(bool, true)
    prefix                   = optional(string)
    tags                     = optional(map(string))
    archive_access_days      = optional(number)
    deep_archive_access_days = optional(number)
  }))
  default = {}

  validation {
    condition     = alltrue([for c in values(var.intelligent_tiering) : c.archive_access_days != null || c.deep_archive_access_days != null])
    error_message = "Each intelligent_tiering entry needs archive_access_days and/or deep_archive_access_days."
  }

  validation {
    condition = alltrue([for c in values(var.intelligent_tiering) :
      (c.archive_access_days == null || try(c.archive_access_days >= 90 && c.archive_access_days <= 730, false)) &&
      (c.deep_archive_access_days == null || try(c.deep_archive_access_days >= 180 && c.deep_archive_access_days <= 730, false))
    ])
    error_message = "intelligent_tiering archive_access_days must be 90-730 and deep_archive_access_days 180-730."
  }
}

variable "notifications" {
  description = "Event notifications. Targets are keyed by name; each target must already allow S3 to invoke or publish to it (a Lambda permission, an SQS or SNS policy). `eventbridge = true` sends every event to EventBridge."
  type = object({
    eventbridge = optional(bool, false)
    lambda_functions = optional(map(object({
      function_arn  = string
      events        = list(string)
      filter_prefix = optional(string)
      filter_suffix = optional(string)
    })), {})
    queues = optional(map(object({
      queue_arn     = string
      events        = list(string)
      filter_prefix = optional(string)
      filter_suffix = optional(string)
    })), {})
    topics = optional(map(object({
      topic_arn     = string
      events        = list(string)
      filter_prefix = optional(string)
      filter_suffix = optional(string)
    })), {})
  })
  default = null

  validation {
    condition = var.notifications == null || try(alltrue(flatten([
      for t in concat(values(var.notifications.lambda_functions), values(var.notifications.queues), values(var.notifications.topics)) :
      [for e in t.events : startswith(e, "s3:")]
    ])), false)
    error_message = "Notification events must be S3 event names such as \"s3:ObjectCreated:*\"."
  }
}

# --- bucket policy ---------------------------------------------------------------------------------

variable "attach_deny_insecure_transport_policy" {
  description = "Deny every request not made over TLS (aws:SecureTransport = false). The local emulator (moto) evaluates this condition wrongly and denies everything, so live/local sets it to false; keep true everywhere else."
  type        = bool
  default     = true
}

variable "attach_deny_unencrypted_object_uploads" {
  description = "Deny PutObject requests that ask for a different server-side encryption than sse_algorithm, or (for callers that are not AWS service principals) that carry no encryption header at all. moto ignores the conditions of these statements and denies every upload, so live/local sets it to false too; keep true everywhere else."
  type        = bool
  default     = true
}

variable "attach_lb_log_delivery_policy" {
  description = "Allow Elastic Load Balancing to write access logs (logdelivery.elasticloadbalancing.amazonaws.com, and the regional ELB account for regions opened before August 2022, such as ap-northeast-2). ALB logs need sse_algorithm = \"AES256\"."
  type        = bool
  default     = false
}

variable "attach_cloudtrail_log_delivery_policy" {
  description = "Allow CloudTrail (cloudtrail.amazonaws.com) to check the bucket ACL and write to AWSLogs/ACCOUNT/ for the accounts in log_delivery_source_accounts."
  type        = bool
  default     = false
}

variable "attach_waf_log_delivery_policy" {
  description = "Allow CloudWatch Logs delivery (delivery.logs.amazonaws.com; used by WAF, VPC flow logs and other vended logs) to write to AWSLogs/ACCOUNT/. WAF requires the bucket name to start with \"aws-waf-logs-\"."
  type        = bool
  default     = false
}

variable "attach_access_log_delivery_policy" {
  description = "Allow S3 server access logging (logging.s3.amazonaws.com) to write here: this bucket becomes a log target. Needs sse_algorithm = \"AES256\" (server access logs cannot target SSE-KMS buckets)."
  type        = bool
  default     = false
}

variable "access_log_delivery_source_bucket_arns" {
  description = "Limit attach_access_log_delivery_policy to these source buckets (aws:SourceArn). Empty allows any bucket of the accounts in log_delivery_source_accounts."
  type        = list(string)
  default     = []
}

variable "firehose_delivery_role_arns" {
  description = "IAM role ARNs of Kinesis Data Firehose delivery streams allowed to write to this bucket (List/Get/Put/multipart on the bucket). Empty adds no statement."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.firehose_delivery_role_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", a))])
    error_message = "firehose_delivery_role_arns must be IAM role ARNs."
  }
}

variable "log_delivery_source_accounts" {
  description = "Account IDs whose logs the log delivery statements accept (key prefix AWSLogs/ACCOUNT/ and aws:SourceAccount). Empty means the current account only."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.log_delivery_source_accounts : can(regex("^[0-9]{12}$", a))])
    error_message = "log_delivery_source_accounts must be 12-digit account IDs."
  }
}

variable "policy_statements" {
  description = <<-EOT
    Extra bucket policy statements keyed by Sid. `resources` defaults to the bucket and all its objects.
    They are merged with the module's statements; the module's deny statements are applied last (as override
    documents), so a user statement cannot replace them.
  EOT
  type = map(object({
    effect     = optional(string, "Allow")
    actions    = list(string)
    resources  = optional(list(string))
    principals = list(object({ type = string, identifiers = list(string) }))
    conditions = optional(list(object({ test = string, variable = string, values = list(string) })), [])
  }))
  default = {}

  validation {
    condition     = alltrue([for sid, s in var.policy_statements : can(regex("^[A-Za-z0-9]+$", sid)) && contains(["Allow", "Deny"], s.effect)])
    error_message = "policy_statements keys are Sids (letters and digits only) and effect must be Allow or Deny."
  }

  validation {
    condition     = alltrue(flatten([for s in values(var.policy_statements) : [for p in s.principals : contains(["AWS", "Service", "Federated", "CanonicalUser", "*"], p.type)]]))
    error_message = "policy_statements principal type must be AWS, Service, Federated, CanonicalUser or *."
  }
}

variable "attach_policy" {
  description = "Merge the JSON document in `policy` into the bucket policy. A flag rather than `policy != null`, so that a policy computed during apply still gives a known plan."
  type        = bool
  default     = false

  validation {
    condition     = !var.attach_policy || var.policy != null
    error_message = "attach_policy = true needs policy."
  }
}

variable "policy" {
  description = "An extra bucket policy document (JSON), merged as a source document when attach_policy = true, for statements policy_statements cannot express."
  type        = string
  default     = null

  validation {
    condition     = var.policy == null || can(jsondecode(var.policy).Statement)
    error_message = "policy must be a JSON IAM policy document with a Statement element."
  }
}

variable "tags" {
  description = "Tags for the bucket, added to the provider's default_tags. The module sets Name."
  type        = map(string)
  default     = {}
}
