variable "bucket_name" {
  description = "Name of the S3 bucket that holds the Terraform state (e.g. the seed's prod-connectly). Same rules as modules/s3-bucket: 3-63 characters of a-z, 0-9 and single hyphens, no dots."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.bucket_name)) && !can(regex("--", var.bucket_name)) && !startswith(var.bucket_name, "xn--") && !startswith(var.bucket_name, "sthree-") && !endswith(var.bucket_name, "-s3alias") && !endswith(var.bucket_name, "--ol-s3")
    error_message = "bucket_name must be 3-63 characters of a-z, 0-9 and single hyphens, start and end with a letter or digit, contain no dots and not use a reserved prefix or suffix (xn--, sthree-, -s3alias, --ol-s3)."
  }
}

variable "lock_table_name" {
  description = "Name of a DynamoDB lock table to create (or adopt), e.g. the seed's prod-connectly-tf-lock. null (the default) creates no table: new environments lock with S3 native locking (backend use_lockfile = true)."
  type        = string
  default     = null

  validation {
    condition     = var.lock_table_name == null || can(regex("^[a-zA-Z0-9_.-]{3,255}$", var.lock_table_name))
    error_message = "lock_table_name must be 3-255 characters of letters, digits, '_', '-' and '.'."
  }
}

variable "kms_key_alias" {
  description = "Alias of the KMS key that encrypts the state bucket and the lock table."
  type        = string
  default     = "alias/terraform-state"

  validation {
    condition     = can(regex("^alias/[a-zA-Z0-9/_-]{1,250}$", var.kms_key_alias)) && !startswith(var.kms_key_alias, "alias/aws/")
    error_message = "kms_key_alias must look like alias/NAME (letters, digits, '/', '_', '-') and must not start with the reserved alias/aws/."
  }
}

variable "access_log_bucket_name" {
  description = "Name of the bucket that receives the state bucket's S3 server access logs. null means \"<bucket_name>-access-logs\"."
  type        = string
  default     = null

  validation {
    condition = length(coalesce(var.access_log_bucket_name, "${var.bucket_name}-access-logs")) <= 63 && can(regex(
      "^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", coalesce(var.access_log_bucket_name, "${var.bucket_name}-access-logs")
    )) && !can(regex("--", coalesce(var.access_log_bucket_name, "${var.bucket_name}-access-logs")))
    error_message = "The access log bucket name (access_log_bucket_name, or <bucket_name>-access-logs when null) must be a valid bucket name of at most 63 characters; with a bucket_name over 51 characters set access_log_bucket_name explicitly."
  }

  validation {
    condition     = coalesce(var.access_log_bucket_name, "${var.bucket_name}-access-logs") != var.bucket_name
    error_message = "access_log_bucket_name must differ from bucket_name: a bucket must not log to itself."
  }
}

variable "noncurrent_version_expiration_days" {
  description = "Days a superseded state version is kept before it is deleted (older versions are how a broken state is rolled back)."
  type        = number
  default     = 90

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1 && floor(var.noncurrent_version_expiration_days) == var.noncurrent_version_expiration_days
    error_message = "noncurrent_version_expiration_days must be a whole number of at least 1."
  }
}

variable "access_log_retention_days" {
  description = "Days the access logs are kept. null keeps them forever."
  type        = number
  default     = 365

  validation {
    condition     = var.access_log_retention_days == null || try(var.access_log_retention_days >= 1, false)
    error_message = "access_log_retention_days must be at least 1, or null."
  }
}

variable "enforce_tls" {
  description = "Deny every request to the state and access log buckets that is not made over TLS (aws:SecureTransport = false). Keep true; only the local emulator sets false, because moto ignores the condition and denies everything."
  type        = bool
  default     = true
}

variable "deny_unencrypted_object_uploads" {
  description = "Deny uploads to the state bucket that ask for another encryption than SSE-KMS with this module's key (another algorithm, another key, or SSE-C). Uploads without an encryption header are allowed: the bucket's default encryption applies the key to them (Terraform's lock file is written that way). Keep true; only the local emulator sets false, because moto ignores the conditions and denies every PutObject."
  type        = bool
  default     = true
}

variable "kms_key_administrator_arns" {
  description = "IAM principals that administer the state key (policy, rotation, tags, deletion) without cryptographic use. Empty means the account root, i.e. IAM policies of this account decide. The principal running Terraform must be allowed kms:PutKeyPolicy by this list, or key creation fails AWS's lockout check."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.kms_key_administrator_arns : can(regex("^arn:aws[a-z-]*:(iam|sts)::[0-9]{12}:.+$", a))])
    error_message = "kms_key_administrator_arns must be IAM or STS principal ARNs."
  }
}

variable "kms_key_deletion_window_in_days" {
  description = "Waiting period (7-30 days) before the state key, once scheduled for deletion, is deleted."
  type        = number
  default     = 30

  validation {
    condition     = var.kms_key_deletion_window_in_days >= 7 && var.kms_key_deletion_window_in_days <= 30 && floor(var.kms_key_deletion_window_in_days) == var.kms_key_deletion_window_in_days
    error_message = "kms_key_deletion_window_in_days must be a whole number between 7 and 30."
  }
}

variable "tags" {
  description = "Tags added to every resource (the provider's default_tags carry the standard set)."
  type        = map(string)
  default     = {}
}

variable "kms_key_multi_region" {
  description = "Create the state key as a multi-region primary key, so that a replica of it (same key material) can encrypt the DR copy of the state. Required by replica_region. Fixed at creation: AWS replaces a key whose multi_region changes, which prevent_destroy refuses, so an environment whose key exists single-region keeps it (ADR 0023)."
  type        = bool
  default     = false
}

variable "replica_region" {
  description = "DR region of the state backend (ADR 0023: ap-northeast-1): the state bucket is replicated there (every version and delete marker, Replication Time Control 15 min) into a bucket encrypted with a replica of the state key, and the lock table (if any) becomes a global table with a replica there. The aws.dr provider must point at this region. null: no replication."
  type        = string
  default     = null

  validation {
    condition     = var.replica_region == null || can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.replica_region))
    error_message = "replica_region must be an AWS region name such as ap-northeast-1."
  }
  validation {
    condition     = var.replica_region == null || var.kms_key_multi_region
    error_message = "replica_region needs kms_key_multi_region = true: the replica bucket is encrypted with a replica of the state key."
  }
}

variable "replica_bucket_name" {
  description = "Name of the state bucket's replica in replica_region. null means \"<bucket_name>-<replica_region>\" (prod: prod-connectly-ap-northeast-1, what live/prod's backend profile dr names)."
  type        = string
  default     = null

  validation {
    condition     = var.replica_bucket_name == null || can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.replica_bucket_name))
    error_message = "replica_bucket_name must be 3-63 characters of a-z, 0-9 and hyphens, starting and ending with a letter or digit."
  }
}

variable "request_metrics" {
  description = "Publish the state bucket's CloudWatch request metrics (a metrics configuration named EntireBucket, whole bucket; about USD 0.30 a metric a month): the state-backend-access SLO reads AllRequests and 5xxErrors (ADR 0029). moto refuses the configuration outside us-east-1, so live/local turns it off (docs/emulator.md)."
  type        = bool
  default     = true
}
