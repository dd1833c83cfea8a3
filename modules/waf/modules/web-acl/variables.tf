# Internal module of modules/waf: one web ACL of one scope with its IP sets, log group and logging.
# The parent validates every input; see ../../variables.tf for their meaning.

variable "name" {
  description = "Name of the web ACL (<name>-<scope> in the parent)."
  type        = string
}

variable "scope" {
  description = "REGIONAL or CLOUDFRONT (the caller passes the us-east-1 provider for CLOUDFRONT)."
  type        = string
}

variable "default_action" {
  description = "allow or block."
  type        = string
}

variable "managed_rule_groups" {
  description = "AWS managed rule groups keyed by name (see the parent module)."
  type = map(object({
    priority              = number
    vendor_name           = string
    version               = optional(string)
    count_only            = bool
    rule_action_overrides = map(string)
  }))
}

variable "rate_limit" {
  description = "Rate-based rule settings, or null for none."
  type = object({
    limit                 = number
    evaluation_window_sec = number
    aggregate_key_type    = string
    action                = string
  })
}

variable "allowed_ipv4_cidrs" {
  description = "IPv4 CIDRs always allowed."
  type        = list(string)
}

variable "blocked_ipv4_cidrs" {
  description = "IPv4 CIDRs always blocked."
  type        = list(string)
}

variable "kms_key_arn" {
  description = "KMS key (in this provider's region) for the log group."
  type        = string
}

variable "log_retention_in_days" {
  description = "Days to keep the logs."
  type        = number
}

variable "log_group_class" {
  description = "Log group class, or null."
  type        = string
}

variable "redacted_headers" {
  description = "Header names redacted in the logs."
  type        = list(string)
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
}
