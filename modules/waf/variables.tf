variable "name" {
  description = "Base name of the shared web ACLs: <name>-regional and <name>-cloudfront, IP sets and log groups aws-waf-logs-<name>-<scope>. 1-100 characters of letters, digits, '_' and '-'."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$", var.name))
    error_message = "name must be 1-100 characters of letters, digits, '_' and '-', starting with a letter or digit."
  }
}

variable "scopes" {
  description = "Web ACLs to create: REGIONAL (ALB, API Gateway REST, AppSync, Cognito; in the provider's region) and/or CLOUDFRONT (created in us-east-1 through the aws.us_east_1 provider alias)."
  type        = set(string)
  default     = ["REGIONAL", "CLOUDFRONT"]
  nullable    = false

  validation {
    condition     = length(var.scopes) > 0 && length(setsubtract(var.scopes, ["REGIONAL", "CLOUDFRONT"])) == 0
    error_message = "scopes must contain REGIONAL and/or CLOUDFRONT."
  }
}

variable "default_action" {
  description = "What happens to a request no rule matched: allow (the usual for a public site behind managed rules) or block (allow-list setups)."
  type        = string
  default     = "allow"
  nullable    = false

  validation {
    condition     = contains(["allow", "block"], var.default_action)
    error_message = "default_action must be allow or block."
  }
}

variable "managed_rule_groups" {
  description = <<-EOT
    AWS managed rule groups, keyed by rule group name. priority: evaluation order (lower first; the IP set rules
    use 1 and 2, the rate limit 90). version: pin a version (null follows the default). count_only: override the
    group's actions to count (try a group out before it blocks). rule_action_overrides: per rule in the group,
    one of allow, block, count, captcha, challenge (e.g. { SizeRestrictions_BODY = "count" } for APIs that take
    large bodies). The default is the common, known-bad-inputs, IP-reputation and SQLi groups.
  EOT
  type = map(object({
    priority              = number
    vendor_name           = optional(string, "AWS")
    version               = optional(string)
    count_only            = optional(bool, false)
    rule_action_overrides = optional(map(string), {})
  }))
  default = {
    AWSManagedRulesCommonRuleSet          = { priority = 10 }
    AWSManagedRulesKnownBadInputsRuleSet  = { priority = 20 }
    AWSManagedRulesAmazonIpReputationList = { priority = 30 }
    AWSManagedRulesSQLiRuleSet            = { priority = 40 }
  }
  nullable = false

  validation {
    condition     = alltrue([for k, g in var.managed_rule_groups : can(regex("^[A-Za-z0-9_-]{1,128}$", k))])
    error_message = "managed_rule_groups keys are rule group names: 1-128 letters, digits, '_' or '-'."
  }

  validation {
    condition     = alltrue([for g in var.managed_rule_groups : g.priority >= 3 && g.priority != 90 && floor(g.priority) == g.priority])
    error_message = "managed_rule_groups[*].priority must be a whole number >= 3 and not 90 (1 and 2 are the IP set rules, 90 the rate limit)."
  }

  validation {
    condition     = length(distinct([for g in var.managed_rule_groups : g.priority])) == length(var.managed_rule_groups)
    error_message = "managed_rule_groups priorities must be unique."
  }

  validation {
    condition     = alltrue(flatten([for g in var.managed_rule_groups : [for a in values(g.rule_action_overrides) : contains(["allow", "block", "count", "captcha", "challenge"], a)]]))
    error_message = "managed_rule_groups[*].rule_action_overrides values must be allow, block, count, captcha or challenge."
  }
}

variable "rate_limit" {
  description = "Rate-based rule (priority 90): block a client IP (aggregate_key_type IP, or FORWARDED_IP for clients behind a proxy that sets X-Forwarded-For) that sends more than limit requests in evaluation_window_sec (60, 120, 300 or 600 seconds). null removes the rule."
  type = object({
    limit                 = optional(number, 2000)
    evaluation_window_sec = optional(number, 300)
    aggregate_key_type    = optional(string, "IP")
    action                = optional(string, "block")
  })
  default = {}

  validation {
    condition     = var.rate_limit == null || try(var.rate_limit.limit >= 10 && var.rate_limit.limit <= 2000000000 && floor(var.rate_limit.limit) == var.rate_limit.limit, false)
    error_message = "rate_limit.limit must be a whole number from 10 to 2000000000."
  }

  validation {
    condition     = var.rate_limit == null || try(contains([60, 120, 300, 600], var.rate_limit.evaluation_window_sec), false)
    error_message = "rate_limit.evaluation_window_sec must be 60, 120, 300 or 600."
  }

  validation {
    condition     = var.rate_limit == null || try(contains(["IP", "FORWARDED_IP"], var.rate_limit.aggregate_key_type), false)
    error_message = "rate_limit.aggregate_key_type must be IP or FORWARDED_IP."
  }

  validation {
    condition     = var.rate_limit == null || try(contains(["block", "count", "captcha", "challenge"], var.rate_limit.action), false)
    error_message = "rate_limit.action must be block, count, captcha or challenge."
  }
}

variable "allowed_ipv4_cidrs" {
  description = "IPv4 CIDRs that are always allowed (rule priority 1, before every other rule: offices, monitoring probes). The IP set exists even when empty, so addresses can be added later without changing the rules."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for c in var.allowed_ipv4_cidrs : can(cidrhost(c, 0)) && can(regex("^[0-9.]+/[0-9]+$", c))])
    error_message = "allowed_ipv4_cidrs must be IPv4 CIDR blocks such as 203.0.113.0/24 (a single address is /32)."
  }

  validation {
    condition     = alltrue([for c in var.allowed_ipv4_cidrs : !endswith(c, "/0")])
    error_message = "allowed_ipv4_cidrs must not contain a /0 block: it would bypass every rule for everyone."
  }
}

variable "blocked_ipv4_cidrs" {
  description = "IPv4 CIDRs that are always blocked (rule priority 2)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for c in var.blocked_ipv4_cidrs : can(cidrhost(c, 0)) && can(regex("^[0-9.]+/[0-9]+$", c))])
    error_message = "blocked_ipv4_cidrs must be IPv4 CIDR blocks such as 198.51.100.0/24 (a single address is /32)."
  }
}

variable "kms_key_arn" {
  description = "ARN of the KMS key (the kms layer's logs key) that encrypts the REGIONAL web ACL's log group. Its policy must allow logs.<region>.amazonaws.com."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }
}

variable "cloudfront_kms_key_arn" {
  description = "ARN of a KMS key in us-east-1 that encrypts the CLOUDFRONT web ACL's log group (CloudWatch Logs cannot use a key from another region). null creates one (rotated, usable only by logs.us-east-1.amazonaws.com for this account's log groups)."
  type        = string
  default     = null

  validation {
    condition     = var.cloudfront_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:us-east-1:[0-9]{12}:key/[A-Za-z0-9-]+$", var.cloudfront_kms_key_arn))
    error_message = "cloudfront_kms_key_arn must be a KMS key ARN in us-east-1."
  }
}

variable "log_retention_in_days" {
  description = "Days to keep WAF logs (one of the values CloudWatch Logs accepts)."
  type        = number
  default     = 365
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "log_group_class" {
  description = "Class of the log groups (STANDARD or INFREQUENT_ACCESS). null leaves it to AWS (STANDARD): use null on the moto emulator, which does not return the class (docs/emulator.md)."
  type        = string
  default     = "STANDARD"

  validation {
    condition     = contains(["STANDARD", "INFREQUENT_ACCESS"], coalesce(var.log_group_class, "STANDARD"))
    error_message = "log_group_class must be STANDARD, INFREQUENT_ACCESS or null."
  }
}

variable "additional_redacted_headers" {
  description = "Request headers to redact in the logs besides authorization and cookie (always redacted), lower case, e.g. [\"x-api-key\"]."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for h in var.additional_redacted_headers : can(regex("^[a-z0-9!#$%&'*+.^_`|~-]{1,64}$", h))])
    error_message = "additional_redacted_headers must be lower-case HTTP header names."
  }

  validation {
    condition     = length(var.additional_redacted_headers) <= 98
    error_message = "WAF redacts at most 100 fields: at most 98 besides authorization and cookie."
  }
}

variable "tags" {
  description = "Tags for every resource, merged over the provider's default_tags. The module adds Name."
  type        = map(string)
  default     = {}
  nullable    = false
}
