variable "name" {
  description = "Name of the log group, e.g. /platform/app/api. 1-512 characters of letters, digits and . _ - / #; must not start with aws/ (reserved for AWS services)."
  type        = string

  validation {
    condition     = length(var.name) >= 1 && length(var.name) <= 512 && can(regex("^[.\\-_/#A-Za-z0-9]+$", var.name))
    error_message = "name must be 1-512 characters of letters, digits and . _ - / #."
  }

  validation {
    condition     = !startswith(var.name, "aws/")
    error_message = "name must not start with \"aws/\": that prefix is reserved for log groups AWS services create."
  }
}

variable "retention_in_days" {
  description = "Days to keep log events. Required: one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653), or 0 to keep events forever."
  type        = number
  nullable    = false

  validation {
    condition     = contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.retention_in_days)
    error_message = "retention_in_days must be one of 0 (never expire), 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer-managed KMS key that encrypts the log events (a key ARN, not an alias: CloudWatch Logs needs the key ARN). The key policy must allow logs.<region>.amazonaws.com to use it."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN such as arn:aws:kms:ap-northeast-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab (aliases are not accepted by CloudWatch Logs)."
  }
}

variable "log_group_class" {
  description = "Log class: STANDARD (all features) or INFREQUENT_ACCESS (cheaper ingestion, fewer features). Changing it replaces the log group. null leaves the argument out, so AWS applies its default (STANDARD): use null on the moto emulator, which does not return the class and would otherwise replace the log group on every plan."
  type        = string
  default     = "STANDARD"

  validation {
    condition     = contains(["STANDARD", "INFREQUENT_ACCESS"], coalesce(var.log_group_class, "STANDARD"))
    error_message = "log_group_class must be STANDARD, INFREQUENT_ACCESS or null."
  }
}

variable "skip_destroy" {
  description = "Keep the log group (and its events) in AWS when it is destroyed in Terraform; it is only removed from state."
  type        = bool
  default     = false
  nullable    = false
}

variable "subscription_filters" {
  description = <<-EOT
    Subscription filters keyed by filter name (CloudWatch Logs allows at most two per log group).
    destination_arn: Kinesis stream, Firehose delivery stream, Lambda function or logical destination.
    filter_pattern: "" sends every event. role_arn: role CloudWatch Logs assumes to write to Kinesis/Firehose
    (not needed for Lambda or a cross-account destination). distribution: Random or ByLogStream (Kinesis only).
  EOT
  type = map(object({
    destination_arn = string
    filter_pattern  = optional(string, "")
    role_arn        = optional(string)
    distribution    = optional(string)
  }))
  default  = {}
  nullable = false

  validation {
    condition     = length(var.subscription_filters) <= 2
    error_message = "CloudWatch Logs allows at most two subscription filters per log group."
  }

  validation {
    condition     = alltrue([for k, f in var.subscription_filters : can(regex("^[^:*]{1,512}$", k))])
    error_message = "subscription_filters keys are filter names: 1-512 characters, without ':' or '*'."
  }

  validation {
    condition     = alltrue([for f in var.subscription_filters : can(regex("^arn:aws[a-z-]*:(kinesis|firehose|lambda|logs):", f.destination_arn))])
    error_message = "subscription_filters[*].destination_arn must be the ARN of a Kinesis stream, Firehose delivery stream, Lambda function or CloudWatch Logs destination."
  }

  validation {
    condition     = alltrue([for f in var.subscription_filters : f.role_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", f.role_arn))])
    error_message = "subscription_filters[*].role_arn must be null or an IAM role ARN."
  }

  validation {
    condition     = alltrue([for f in var.subscription_filters : contains(["Random", "ByLogStream"], coalesce(f.distribution, "Random"))])
    error_message = "subscription_filters[*].distribution must be null, Random or ByLogStream."
  }

  validation {
    condition     = alltrue([for f in var.subscription_filters : length(f.filter_pattern) <= 1024])
    error_message = "subscription_filters[*].filter_pattern must be at most 1024 characters."
  }
}

variable "tags" {
  description = "Tags for every resource, merged over the provider's default_tags. The module adds Name."
  type        = map(string)
  default     = {}
  nullable    = false
}
