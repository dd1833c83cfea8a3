variable "name" {
  description = "Name prefix of the platform's logging resources (IAM roles, the Firehose stream, the default archive bucket and log group names), e.g. connectly-prod. 3-40 characters of lower-case letters, digits and hyphens."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$", var.name)) && !can(regex("--", var.name))
    error_message = "name must be 3-40 characters of a-z, 0-9 and single hyphens, starting and ending with a letter or digit."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer-managed KMS key for logs (the kms layer's key_arns[\"logs\"]): it encrypts every log group, the Firehose stream and the archive bucket. Its key policy must let CloudWatch Logs, Firehose and S3 (for the Firehose role) use it; see the README."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID); CloudWatch Logs does not accept aliases."
  }
}

variable "default_retention_in_days" {
  description = "Retention of every log group that does not set its own (the per-environment setting: short where the S3 archive keeps the history). One of the values CloudWatch Logs accepts, or 0 to keep events forever."
  type        = number
  nullable    = false

  validation {
    condition     = contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.default_retention_in_days)
    error_message = "default_retention_in_days must be one of 0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "log_group_class" {
  description = "Log class of every log group: STANDARD or INFREQUENT_ACCESS. null leaves the argument out (AWS default STANDARD): live/local passes null because moto does not return the class and would replace the groups on every plan."
  type        = string
  default     = "STANDARD"

  validation {
    condition     = contains(["STANDARD", "INFREQUENT_ACCESS"], coalesce(var.log_group_class, "STANDARD"))
    error_message = "log_group_class must be STANDARD, INFREQUENT_ACCESS or null."
  }
}

variable "log_groups" {
  description = <<-EOT
    The platform's log groups, keyed by a short name used in the outputs (adding one never recreates another).
    name: the log group name (not starting with aws/). retention_in_days: overrides default_retention_in_days.
    archive: subscribe the group to the S3 archive (needs archive_enabled). filter_pattern: which events are
    archived ("" = all). skip_destroy: keep the group in AWS when it leaves Terraform.
  EOT
  type = map(object({
    name              = string
    retention_in_days = optional(number)
    archive           = optional(bool, true)
    filter_pattern    = optional(string, "")
    skip_destroy      = optional(bool, false)
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for k in keys(var.log_groups) : can(regex("^[a-z0-9][a-z0-9_-]{0,62}$", k))])
    error_message = "log_groups keys must be 1-63 characters of a-z, 0-9, '_' and '-', starting with a letter or digit."
  }

  validation {
    condition     = alltrue([for g in values(var.log_groups) : length(g.name) <= 512 && can(regex("^[.\\-_/#A-Za-z0-9]+$", g.name)) && !startswith(g.name, "aws/")])
    error_message = "log_groups[*].name must be 1-512 characters of letters, digits and . _ - / #, and must not start with aws/."
  }

  validation {
    condition     = length(distinct([for g in values(var.log_groups) : g.name])) == length(var.log_groups)
    error_message = "log_groups names must be unique."
  }

  validation {
    condition     = alltrue([for g in values(var.log_groups) : g.retention_in_days == null || contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], coalesce(g.retention_in_days, 0))])
    error_message = "log_groups[*].retention_in_days must be null or one of the values CloudWatch Logs accepts (see default_retention_in_days)."
  }

  validation {
    condition     = alltrue([for g in values(var.log_groups) : length(g.filter_pattern) <= 1024])
    error_message = "log_groups[*].filter_pattern must be at most 1024 characters."
  }
}

variable "flow_logs" {
  description = <<-EOT
    VPC flow logs of one VPC (the network layer's) to a log group of their own; null creates none.
    vpc_id: the VPC. log_group_name: default /platform/<name>/vpc-flow-logs. retention_in_days: overrides
    default_retention_in_days. traffic_type: ALL, ACCEPT or REJECT. max_aggregation_interval: 60 or 600 seconds.
    log_format: a custom record format (null = the AWS default format). archive: also send them to the S3 archive.
  EOT
  type = object({
    vpc_id                   = string
    log_group_name           = optional(string)
    retention_in_days        = optional(number)
    traffic_type             = optional(string, "ALL")
    max_aggregation_interval = optional(number, 60)
    log_format               = optional(string)
    archive                  = optional(bool, true)
  })
  default = null

  validation {
    condition     = var.flow_logs == null || can(regex("^vpc-[0-9a-f]+$", try(var.flow_logs.vpc_id, "")))
    error_message = "flow_logs.vpc_id must be a VPC ID (vpc-...)."
  }

  validation {
    condition     = var.flow_logs == null || try(contains(["ALL", "ACCEPT", "REJECT"], var.flow_logs.traffic_type), false)
    error_message = "flow_logs.traffic_type must be ALL, ACCEPT or REJECT."
  }

  validation {
    condition     = var.flow_logs == null || try(contains([60, 600], var.flow_logs.max_aggregation_interval), false)
    error_message = "flow_logs.max_aggregation_interval must be 60 or 600 seconds."
  }

  validation {
    condition     = var.flow_logs == null || try(contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], coalesce(var.flow_logs.retention_in_days, 0)), false)
    error_message = "flow_logs.retention_in_days must be null or one of the values CloudWatch Logs accepts (see default_retention_in_days)."
  }

  validation {
    condition     = var.flow_logs == null || try(can(regex("^[.\\-_/#A-Za-z0-9]{1,512}$", coalesce(var.flow_logs.log_group_name, "default"))) && !startswith(coalesce(var.flow_logs.log_group_name, "default"), "aws/"), false)
    error_message = "flow_logs.log_group_name must be 1-512 characters of letters, digits and . _ - / #, and must not start with aws/."
  }
}

# --- S3 archive ------------------------------------------------------------------------------------

variable "archive_enabled" {
  description = "Create the archive pipeline: subscription filters on the archived log groups -> a Kinesis Data Firehose stream -> the archive bucket. false creates none of it."
  type        = bool
  default     = true
  nullable    = false
}

variable "archive_bucket_name" {
  description = "Name of the archive bucket (globally unique). null gives <name>-log-archive."
  type        = string
  default     = null

  validation {
    condition     = var.archive_bucket_name == null || can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", coalesce(var.archive_bucket_name, "x")))
    error_message = "archive_bucket_name must be 3-63 characters of a-z, 0-9 and hyphens, starting and ending with a letter or digit."
  }
}

variable "archive_transition_days" {
  description = "Days after which archived objects move to archive_storage_class."
  type        = number
  default     = 90
  nullable    = false

  validation {
    condition     = var.archive_transition_days >= 1 && floor(var.archive_transition_days) == var.archive_transition_days
    error_message = "archive_transition_days must be a whole number of at least 1."
  }
}

variable "archive_storage_class" {
  description = "Storage class archived objects move to: GLACIER (Flexible Retrieval, the default), DEEP_ARCHIVE or GLACIER_IR (Instant Retrieval)."
  type        = string
  default     = "GLACIER"
  nullable    = false

  validation {
    condition     = contains(["GLACIER", "DEEP_ARCHIVE", "GLACIER_IR"], var.archive_storage_class)
    error_message = "archive_storage_class must be GLACIER, DEEP_ARCHIVE or GLACIER_IR."
  }
}

variable "archive_expiration_days" {
  description = "Days after which archived objects expire (are deleted). Must be later than archive_transition_days."
  type        = number
  default     = 2557
  nullable    = false

  validation {
    condition     = var.archive_expiration_days > var.archive_transition_days && floor(var.archive_expiration_days) == var.archive_expiration_days
    error_message = "archive_expiration_days must be a whole number greater than archive_transition_days."
  }
}

variable "archive_noncurrent_version_expiration_days" {
  description = "Days after which noncurrent object versions in the (versioned) archive bucket are deleted."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.archive_noncurrent_version_expiration_days >= 1 && floor(var.archive_noncurrent_version_expiration_days) == var.archive_noncurrent_version_expiration_days
    error_message = "archive_noncurrent_version_expiration_days must be a whole number of at least 1."
  }
}

variable "archive_access_logging" {
  description = "S3 server access logging of the archive bucket to a log target bucket (one created with attach_access_log_delivery_policy); null turns it off."
  type = object({
    target_bucket = string
    target_prefix = optional(string)
  })
  default = null
}

variable "archive_force_destroy" {
  description = "Allow destroying the archive bucket while it still holds objects. Keep false outside throw-away environments."
  type        = bool
  default     = false
  nullable    = false
}

variable "firehose_buffering_size" {
  description = "Firehose buffer size in MiB before an object is written (64-128: dynamic partitioning needs at least 64)."
  type        = number
  default     = 64
  nullable    = false

  validation {
    condition     = var.firehose_buffering_size >= 64 && var.firehose_buffering_size <= 128
    error_message = "firehose_buffering_size must be between 64 and 128 MiB (dynamic partitioning needs at least 64)."
  }
}

variable "firehose_buffering_interval" {
  description = "Firehose buffer interval in seconds before an object is written (60-900)."
  type        = number
  default     = 300
  nullable    = false

  validation {
    condition     = var.firehose_buffering_interval >= 60 && var.firehose_buffering_interval <= 900
    error_message = "firehose_buffering_interval must be between 60 and 900 seconds."
  }
}

variable "attach_deny_insecure_transport_policy" {
  description = "Passed to the archive bucket (modules/s3-bucket): deny requests without TLS. Keep true; live/local may set false (moto evaluates the condition wrongly for object requests)."
  type        = bool
  default     = true
  nullable    = false
}

variable "attach_deny_unencrypted_object_uploads" {
  description = "Passed to the archive bucket (modules/s3-bucket): deny uploads with another encryption than SSE-KMS. Keep true; live/local may set false (moto ignores the conditions and denies every upload)."
  type        = bool
  default     = true
  nullable    = false
}

variable "tags" {
  description = "Tags for every resource, merged over the provider's default_tags. The module adds Name."
  type        = map(string)
  default     = {}
  nullable    = false
}
