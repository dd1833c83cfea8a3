variable "name" {
  description = "Name prefix of the log search resources (workgroup <name>-logs, results bucket, Glue database <name>_logs, named queries), e.g. connectly-prod. 3-40 lower-case letters, digits and hyphens."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$", var.name))
    error_message = "name must be 3-40 lower-case letters, digits and hyphens, starting and ending with a letter or digit."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer-managed KMS key (the kms layer's key_arns[\"logs\"]) that encrypts the query results bucket and every result Athena writes. The key that encrypts the archive must be usable by whoever queries."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }
}

# --- the archive (the logging layer's Firehose output) ----------------------------------------------

variable "archive_bucket_name" {
  description = "The log archive bucket (the logging layer's archive_bucket_name output): Firehose writes CloudWatch Logs envelopes under logs/source=<log group, '/' as '.'>/year=YYYY/month=MM/day=DD/."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.archive_bucket_name))
    error_message = "archive_bucket_name must be an S3 bucket name (3-63 lower-case letters, digits, '.' and '-')."
  }
}

variable "archive_start_year" {
  description = "First year of the archive's partition projection (years before hold no data)."
  type        = number
  default     = 2024
  nullable    = false

  validation {
    condition     = var.archive_start_year >= 2015 && var.archive_start_year <= 2100 && floor(var.archive_start_year) == var.archive_start_year
    error_message = "archive_start_year must be a year between 2015 and 2100."
  }
}

variable "flow_log_source" {
  description = "The archive's source value of the VPC flow log group: its name without the leading '/', with '/' as '.' (e.g. platform.connectly-prod.vpc-flow-logs for /platform/connectly-prod/vpc-flow-logs). null: no flow log queries."
  type        = string
  default     = null

  validation {
    condition     = var.flow_log_source == null || can(regex("^[.\\-_#A-Za-z0-9]{1,512}$", coalesce(var.flow_log_source, "-")))
    error_message = "flow_log_source must be a log group name with '/' written as '.' and no leading '/'."
  }
}

variable "waf_log_source" {
  description = "The archive's source value of an archived WAF log group (aws-waf-logs-...); null: no Athena WAF queries (the Logs Insights ones read the log groups directly)."
  type        = string
  default     = null

  validation {
    condition     = var.waf_log_source == null || can(regex("^aws-waf-logs-[.\\-_#A-Za-z0-9]{1,499}$", coalesce(var.waf_log_source, "-")))
    error_message = "waf_log_source must be an archived WAF log group source (aws-waf-logs-...)."
  }
}

variable "application_sources" {
  description = "Archive source values of the services' log groups that the request-id query searches together (e.g. [\"platform.prod.application\", \"ecs.atlantis\"])."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for s in var.application_sources : can(regex("^[.\\-_#A-Za-z0-9]{1,512}$", s))])
    error_message = "application_sources must be log group names with '/' written as '.' and no leading '/'."
  }
}

# --- load balancer access logs ----------------------------------------------------------------------

variable "alb_access_logs" {
  description = "Application load balancer access logs by a short name (table alb_<name>): bucket and prefix as set on the load balancer. The table reads s3://<bucket>/<prefix>/AWSLogs/<account>/elasticloadbalancing/<region>/YYYY/MM/DD/."
  type = map(object({
    bucket = string
    prefix = optional(string, "")
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for k, v in var.alb_access_logs : can(regex("^[a-z0-9_]{1,40}$", k)) && can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", v.bucket)) && !startswith(v.prefix, "/") && !endswith(v.prefix, "/")])
    error_message = "alb_access_logs keys must be 1-40 of a-z, 0-9 and '_'; bucket an S3 bucket name; prefix without a leading or trailing '/'."
  }
}

# --- the workgroup ----------------------------------------------------------------------------------

variable "bytes_scanned_cutoff_per_query" {
  description = "Athena cancels a query of this workgroup that scans more bytes (the cost cap of one query; at least 10 MB). Default 10 GB."
  type        = number
  default     = 10737418240
  nullable    = false

  validation {
    condition     = var.bytes_scanned_cutoff_per_query >= 10485760
    error_message = "bytes_scanned_cutoff_per_query must be at least 10485760 (10 MB), Athena's minimum."
  }
}

variable "results_expiration_days" {
  description = "Days query results are kept in the results bucket."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.results_expiration_days >= 1
    error_message = "results_expiration_days must be at least 1."
  }
}

variable "force_destroy" {
  description = "Let destroy delete the results bucket's objects and the workgroup's queries (throw-away environments only)."
  type        = bool
  default     = false
  nullable    = false
}

variable "create_named_queries" {
  description = "Create the saved Athena queries. false only on the moto emulator, which cannot delete them (docs/emulator.md)."
  type        = bool
  default     = true
  nullable    = false
}

# --- CloudWatch Logs Insights ---------------------------------------------------------------------------

variable "create_query_definitions" {
  description = "Create the CloudWatch Logs Insights saved queries. false only on the moto emulator, which lacks query definitions (docs/emulator.md)."
  type        = bool
  default     = true
  nullable    = false
}

variable "application_log_group_names" {
  description = "Log groups of the platform's services, searched by the Logs Insights error and request-id queries."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for g in var.application_log_group_names : can(regex("^[.\\-_/#A-Za-z0-9]{1,512}$", g))])
    error_message = "application_log_group_names must be log group names."
  }
}

variable "flow_log_group_name" {
  description = "The VPC flow log group, read by the Logs Insights rejected-flows and top-talkers queries; null: none."
  type        = string
  default     = null

  validation {
    condition     = var.flow_log_group_name == null || can(regex("^[.\\-_/#A-Za-z0-9]{1,512}$", coalesce(var.flow_log_group_name, "-")))
    error_message = "flow_log_group_name must be a log group name."
  }
}

variable "waf_log_group_names" {
  description = "WAF log groups (aws-waf-logs-...), read by the Logs Insights blocks-by-rule query."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for g in var.waf_log_group_names : startswith(g, "aws-waf-logs-")])
    error_message = "waf_log_group_names must start with aws-waf-logs- (WAF's requirement for log groups)."
  }
}

variable "tags" {
  description = "Tags for every resource, merged over the provider's default_tags. The module adds Name."
  type        = map(string)
  default     = {}
  nullable    = false
}
