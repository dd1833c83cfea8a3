variable "name" {
  description = "Name of the trail and prefix of everything the module creates (bucket defaults, KMS aliases, IAM role, log group, Athena workgroup, Glue database), e.g. connectly-prod. 3-40 characters of lower-case letters, digits and hyphens."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$", var.name)) && !can(regex("--", var.name))
    error_message = "name must be 3-40 characters of a-z, 0-9 and single hyphens, starting and ending with a letter or digit."
  }
}

# --- the trail -------------------------------------------------------------------------------------

variable "s3_bucket_name" {
  description = "Name of the dedicated bucket the trail delivers to (globally unique). null gives <name>-cloudtrail."
  type        = string
  default     = null

  validation {
    condition     = var.s3_bucket_name == null || can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", coalesce(var.s3_bucket_name, "x")))
    error_message = "s3_bucket_name must be 3-63 characters of a-z, 0-9 and hyphens, starting and ending with a letter or digit."
  }
}

variable "s3_key_prefix" {
  description = "Optional key prefix of the trail's objects (before AWSLogs/). null writes at the top of the bucket."
  type        = string
  default     = null

  validation {
    condition     = var.s3_key_prefix == null || can(regex("^[A-Za-z0-9!_.*'()-]+(/[A-Za-z0-9!_.*'()-]+)*$", coalesce(var.s3_key_prefix, "x")))
    error_message = "s3_key_prefix must be path segments of letters, digits and !_.*'()- without leading or trailing '/'."
  }
}

variable "sns_topic_name" {
  description = "Optional SNS topic (name or ARN) CloudTrail notifies on every log file delivery. The topic policy must allow cloudtrail.amazonaws.com to publish."
  type        = string
  default     = null
}

variable "prevent_destroy" {
  description = "Guard the trail bucket against `terraform destroy` and replacement: a terraform_data resource with lifecycle.prevent_destroy that depends on the bucket makes any plan that would delete the bucket fail. Keep true in production; throw-away environments (live/local) set false. To delete the bucket on purpose, remove the guard from the state first (README)."
  type        = bool
  default     = true
  nullable    = false
}

variable "deny_log_deletion" {
  description = "Add a bucket policy statement that denies deleting log and digest objects (s3:DeleteObject, s3:DeleteObjectVersion under AWSLogs/) to every principal. Expiry by the lifecycle rule still works."
  type        = bool
  default     = true
  nullable    = false
}

variable "s3_transition_days" {
  description = "Days after which log files move to S3 Glacier Instant Retrieval (Athena can still read them)."
  type        = number
  default     = 90
  nullable    = false

  validation {
    condition     = var.s3_transition_days >= 1 && floor(var.s3_transition_days) == var.s3_transition_days
    error_message = "s3_transition_days must be a whole number of at least 1."
  }
}

variable "s3_expiration_days" {
  description = "Days after which log files expire (are deleted). Must be later than s3_transition_days."
  type        = number
  default     = 2557
  nullable    = false

  validation {
    condition     = var.s3_expiration_days > var.s3_transition_days && floor(var.s3_expiration_days) == var.s3_expiration_days
    error_message = "s3_expiration_days must be a whole number greater than s3_transition_days."
  }
}

variable "s3_noncurrent_version_expiration_days" {
  description = "Days after which noncurrent versions of log files are deleted."
  type        = number
  default     = 90
  nullable    = false

  validation {
    condition     = var.s3_noncurrent_version_expiration_days >= 1 && floor(var.s3_noncurrent_version_expiration_days) == var.s3_noncurrent_version_expiration_days
    error_message = "s3_noncurrent_version_expiration_days must be a whole number of at least 1."
  }
}

variable "s3_access_logging" {
  description = "S3 server access logging of the trail bucket to a log target bucket (one created with attach_access_log_delivery_policy); null turns it off."
  type = object({
    target_bucket = string
    target_prefix = optional(string)
  })
  default = null
}

variable "attach_deny_insecure_transport_policy" {
  description = "Passed to both buckets (modules/s3-bucket): deny requests without TLS. Keep true; live/local may set false (moto evaluates the condition wrongly for object requests)."
  type        = bool
  default     = true
  nullable    = false
}

# --- KMS -------------------------------------------------------------------------------------------

variable "kms_deletion_window_in_days" {
  description = "Waiting period (7-30 days) before the module's KMS keys are deleted once scheduled."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.kms_deletion_window_in_days >= 7 && var.kms_deletion_window_in_days <= 30 && floor(var.kms_deletion_window_in_days) == var.kms_deletion_window_in_days
    error_message = "kms_deletion_window_in_days must be a whole number between 7 and 30."
  }
}

variable "key_administrator_arns" {
  description = "IAM principals that administer the module's KMS keys (policy, rotation, deletion) without cryptographic use. Empty means the account root, i.e. IAM policies of this account decide. The principal running Terraform must be covered, or key creation fails the lockout check."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for a in var.key_administrator_arns : can(regex("^arn:aws[a-z-]*:(iam|sts)::[0-9]{12}:.+$", a))])
    error_message = "key_administrator_arns must be IAM or STS principal ARNs."
  }
}

variable "log_reader_arns" {
  description = "IAM principals that may decrypt this trail's log files (kms:Decrypt limited to the trail's encryption context) and use the Athena results key through S3. Empty means the account root, i.e. any principal of this account whose IAM policy allows it."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for a in var.log_reader_arns : can(regex("^arn:aws[a-z-]*:(iam|sts)::[0-9]{12}:.+$", a))])
    error_message = "log_reader_arns must be IAM or STS principal ARNs."
  }
}

# --- CloudWatch Logs -------------------------------------------------------------------------------

variable "cloudwatch_logs_kms_key_arn" {
  description = "ARN of the KMS key of the trail's CloudWatch Logs group (the kms layer's key_arns[\"logs\"]; its policy must allow logs.<region>.amazonaws.com)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.cloudwatch_logs_kms_key_arn))
    error_message = "cloudwatch_logs_kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID); CloudWatch Logs does not accept aliases."
  }
}

variable "cloudwatch_logs_retention_in_days" {
  description = "Retention of the trail's CloudWatch Logs group (the S3 bucket keeps the full history). One of the values CloudWatch Logs accepts, or 0 to keep events forever."
  type        = number
  default     = 365
  nullable    = false

  validation {
    condition     = contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.cloudwatch_logs_retention_in_days)
    error_message = "cloudwatch_logs_retention_in_days must be one of 0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "cloudwatch_logs_group_class" {
  description = "Log class of the trail's log group: STANDARD or INFREQUENT_ACCESS. null leaves the argument out (AWS default STANDARD): live/local passes null because moto does not return the class."
  type        = string
  default     = "STANDARD"

  validation {
    condition     = contains(["STANDARD", "INFREQUENT_ACCESS"], coalesce(var.cloudwatch_logs_group_class, "STANDARD"))
    error_message = "cloudwatch_logs_group_class must be STANDARD, INFREQUENT_ACCESS or null."
  }
}

# --- Athena ----------------------------------------------------------------------------------------

variable "athena_enabled" {
  description = "Create the Athena side: a results bucket and key, a workgroup that enforces encrypted results, a Glue database and a partition-projected table over the trail's logs, and (create_named_queries) the saved queries."
  type        = bool
  default     = true
  nullable    = false
}

variable "create_named_queries" {
  description = "Create the saved Athena queries (console logins without MFA, root activity, IAM changes, security group changes). live/local sets false: moto 5.2.5 has no DeleteNamedQuery, so they could be created but never destroyed."
  type        = bool
  default     = true
  nullable    = false
}

variable "athena_results_bucket_name" {
  description = "Name of the Athena query results bucket (globally unique). null gives <name>-athena-results."
  type        = string
  default     = null

  validation {
    condition     = var.athena_results_bucket_name == null || can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", coalesce(var.athena_results_bucket_name, "x")))
    error_message = "athena_results_bucket_name must be 3-63 characters of a-z, 0-9 and hyphens, starting and ending with a letter or digit."
  }
}

variable "athena_results_expiration_days" {
  description = "Days after which Athena query results expire."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.athena_results_expiration_days >= 1 && floor(var.athena_results_expiration_days) == var.athena_results_expiration_days
    error_message = "athena_results_expiration_days must be a whole number of at least 1."
  }
}

variable "athena_results_force_destroy" {
  description = "Allow destroying the results bucket while it holds query results (they are disposable and expire anyway)."
  type        = bool
  default     = true
  nullable    = false
}

variable "athena_workgroup_force_destroy" {
  description = "Let destroy delete the workgroup with its contents (saved queries and query history made outside Terraform). false makes AWS refuse to delete a workgroup that holds any."
  type        = bool
  default     = false
  nullable    = false
}

variable "athena_bytes_scanned_cutoff_per_query" {
  description = "Cancel any query of the workgroup that scans more than this many bytes (at least 10 MB). Partition projection keeps well-written queries far below it."
  type        = number
  default     = 10737418240
  nullable    = false

  validation {
    condition     = var.athena_bytes_scanned_cutoff_per_query >= 10485760
    error_message = "athena_bytes_scanned_cutoff_per_query must be at least 10485760 (10 MB)."
  }
}

variable "athena_projection_regions" {
  description = "Regions the table's partition projection enumerates (a multi-region trail writes one prefix per region). Keep it to the regions the account uses: each one multiplies the prefixes a query lists."
  type        = list(string)
  default = [
    "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1", "ap-southeast-2",
    "ca-central-1", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1",
    "us-east-1", "us-east-2", "us-west-1", "us-west-2",
  ]
  nullable = false

  validation {
    condition     = length(var.athena_projection_regions) > 0 && alltrue([for r in var.athena_projection_regions : can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", r))])
    error_message = "athena_projection_regions must list at least one region name such as ap-northeast-2."
  }
}

variable "athena_projection_start_date" {
  description = "First day (yyyy/MM/dd) the table's date projection covers: the day the trail started delivering, or earlier."
  type        = string
  default     = "2025/01/01"
  nullable    = false

  validation {
    condition     = can(regex("^[0-9]{4}/(0[1-9]|1[0-2])/(0[1-9]|[12][0-9]|3[01])$", var.athena_projection_start_date))
    error_message = "athena_projection_start_date must be a date written yyyy/MM/dd, e.g. 2025/01/01."
  }
}

variable "tags" {
  description = "Tags for every resource, merged over the provider's default_tags. The module adds Name."
  type        = map(string)
  default     = {}
  nullable    = false
}
