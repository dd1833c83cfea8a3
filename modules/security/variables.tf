variable "name" {
  description = "Prefix of everything the module creates (Config recorder, bucket, rules, EventBridge rules, remediation function, dashboard), e.g. connectly-prod. 3-40 characters of lower-case letters, digits and hyphens."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$", var.name)) && !can(regex("--", var.name))
    error_message = "name must be 3-40 characters of a-z, 0-9 and single hyphens, starting and ending with a letter or digit."
  }
}

variable "tags" {
  description = "Tags added to every resource (the provider's default_tags carry the standard set)."
  type        = map(string)
  default     = {}
  nullable    = false
}

# --- encryption ----------------------------------------------------------------------------------------

variable "kms_key_arn" {
  description = "Customer-managed KMS key for the Config bucket and the remediation function's environment. null: the module creates one (rotation on) whose policy lets AWS Config of this account use it. A key passed here must allow config.amazonaws.com kms:GenerateDataKey and kms:Decrypt."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[a-zA-Z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID) or null."
  }
}

variable "kms_deletion_window_in_days" {
  description = "Waiting period (7-30 days) before the module's own KMS key is deleted once scheduled."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.kms_deletion_window_in_days >= 7 && var.kms_deletion_window_in_days <= 30 && floor(var.kms_deletion_window_in_days) == var.kms_deletion_window_in_days
    error_message = "kms_deletion_window_in_days must be a whole number between 7 and 30."
  }
}

variable "logs_kms_key_arn" {
  description = "KMS key of the log groups (remediation records, security events, the function's log): the kms layer's logs key, whose policy allows logs.REGION.amazonaws.com."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[a-zA-Z0-9-]+$", var.logs_kms_key_arn))
    error_message = "logs_kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID): pass the kms layer's key_arns.logs."
  }
}

variable "log_retention_in_days" {
  description = "Days to keep the security event and remediation record log groups (a value CloudWatch Logs accepts)."
  type        = number
  default     = 365
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653)."
  }
}

variable "log_group_class" {
  description = "Class of the module's log groups: STANDARD, or null to leave the argument out (the moto emulator does not return it)."
  type        = string
  default     = "STANDARD"

  validation {
    condition     = var.log_group_class == null || contains(["STANDARD"], coalesce(var.log_group_class, "STANDARD"))
    error_message = "log_group_class must be STANDARD or null: EventBridge and metric filters need the STANDARD class."
  }
}

# --- alert routing -------------------------------------------------------------------------------------

variable "alert_topic_arns" {
  description = "The monitoring layer's alert topics: critical and warning (its alert_topic_arns output). Findings go to them by severity (finding_severity_routing); every remediation record goes to warning."
  type = object({
    critical = string
    warning  = string
  })

  validation {
    condition     = alltrue([for arn in values(var.alert_topic_arns) : can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$", arn))])
    error_message = "alert_topic_arns.critical and .warning must be SNS topic ARNs (arn:aws:sns:REGION:ACCOUNT:NAME): pass the monitoring layer's alert_topic_arns."
  }
}

variable "alert_topics_kms_key_arn" {
  description = "KMS key that encrypts the alert topics (the kms layer's key_arns.sns): the remediation function needs kms:GenerateDataKey on it to publish its records."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[a-zA-Z0-9-]+$", var.alert_topics_kms_key_arn))
    error_message = "alert_topics_kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID): pass the kms layer's key_arns.sns."
  }
}

variable "finding_severity_routing" {
  description = "Which Security Hub severity labels (CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL) go to which alert topic. A label in neither list is only recorded (security events log group, dashboard). GuardDuty findings map by the same labels (severity 9+ CRITICAL, 7+ HIGH, 4+ MEDIUM, else LOW)."
  type = object({
    critical = list(string)
    warning  = list(string)
  })
  default = {
    critical = ["CRITICAL", "HIGH"]
    warning  = ["MEDIUM"]
  }
  nullable = false

  validation {
    condition     = length(setsubtract(concat(var.finding_severity_routing.critical, var.finding_severity_routing.warning), ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL"])) == 0
    error_message = "finding_severity_routing lists may contain only CRITICAL, HIGH, MEDIUM, LOW and INFORMATIONAL."
  }

  validation {
    condition     = length(setintersection(var.finding_severity_routing.critical, var.finding_severity_routing.warning)) == 0 && length(var.finding_severity_routing.critical) > 0
    error_message = "finding_severity_routing: a severity goes to one topic only, and critical must list at least one severity."
  }
}

# --- AWS Config ----------------------------------------------------------------------------------------

variable "create_config_recorder" {
  description = "Create the Config recorder, its delivery channel and bucket. false where the account already records (one recorder per region, e.g. an organisation's): the rules then use that recorder."
  type        = bool
  default     = true
  nullable    = false
}

variable "config_bucket_name" {
  description = "Name of the Config delivery bucket (SSE-KMS, versioned, public access blocked). null: NAME-aws-config."
  type        = string
  default     = null

  validation {
    condition     = var.config_bucket_name == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", coalesce(var.config_bucket_name, "x")))
    error_message = "config_bucket_name must be a valid S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)."
  }
}

variable "config_bucket_expiration_days" {
  description = "Days to keep configuration snapshots and history in the bucket (Glacier Instant Retrieval after 90)."
  type        = number
  default     = 2557
  nullable    = false

  validation {
    condition     = var.config_bucket_expiration_days > 90 && floor(var.config_bucket_expiration_days) == var.config_bucket_expiration_days
    error_message = "config_bucket_expiration_days must be a whole number above 90 (objects move to Glacier IR after 90 days)."
  }
}

variable "config_bucket_force_destroy" {
  description = "Let destroy delete a bucket that still holds objects. Only for throw-away environments."
  type        = bool
  default     = false
  nullable    = false
}

variable "config_delivery_frequency" {
  description = "How often Config delivers configuration snapshots: One_Hour, Three_Hours, Six_Hours, Twelve_Hours or TwentyFour_Hours."
  type        = string
  default     = "TwentyFour_Hours"
  nullable    = false

  validation {
    condition     = contains(["One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours"], var.config_delivery_frequency)
    error_message = "config_delivery_frequency must be One_Hour, Three_Hours, Six_Hours, Twelve_Hours or TwentyFour_Hours."
  }
}

variable "include_global_resource_types" {
  description = "Record global resources (IAM users, roles, policies) too. true in exactly one region of the account."
  type        = bool
  default     = true
  nullable    = false
}

variable "admin_ports" {
  description = "TCP ports that must never be open to the world (0.0.0.0/0 or ::/0): checked by the restricted-common-ports rule (at most 5 besides 22, which restricted-ssh checks) and closed by the remediation function."
  type        = list(number)
  default     = [22, 3389, 3306, 5432, 6379, 1433]
  nullable    = false

  validation {
    condition     = contains(var.admin_ports, 22) && alltrue([for p in var.admin_ports : p >= 1 && p <= 65535 && floor(p) == p])
    error_message = "admin_ports must be whole TCP port numbers 1-65535 and include 22."
  }

  validation {
    condition     = length(setsubtract(var.admin_ports, [22])) >= 1 && length(setsubtract(var.admin_ports, [22])) <= 5
    error_message = "admin_ports must list 1-5 ports besides 22 (the restricted-common-ports rule takes at most five)."
  }
}

variable "disabled_config_rules" {
  description = "Keys of the module's managed Config rules to leave out (see the README's control table), e.g. a rule that an organisation's conformance pack already deploys."
  type        = set(string)
  default     = []
  nullable    = false

  validation {
    condition = length(setsubtract(var.disabled_config_rules, [
      "s3-bucket-server-side-encryption-enabled", "s3-bucket-public-read-prohibited", "s3-bucket-public-write-prohibited",
      "s3-bucket-level-public-access-prohibited", "s3-bucket-ssl-requests-only", "encrypted-volumes",
      "ec2-ebs-encryption-by-default", "rds-storage-encrypted", "rds-instance-public-access-check",
      "rds-snapshots-public-prohibited", "restricted-ssh", "restricted-common-ports", "cloudtrail-enabled",
      "multi-region-cloudtrail-enabled", "cloud-trail-log-file-validation-enabled", "cloud-trail-encryption-enabled",
      "root-account-mfa-enabled", "iam-root-access-key-check", "iam-policy-no-statements-with-admin-access",
      "cmk-backing-key-rotation-enabled", "sns-encrypted-kms", "cloudwatch-log-group-encrypted",
      "vpc-flow-logs-enabled", "guardduty-enabled-centralized", "securityhub-enabled",
    ])) == 0
    error_message = "disabled_config_rules may contain only the module's rule keys (listed in the README's control table)."
  }
}

variable "additional_config_rules" {
  description = "More AWS managed Config rules keyed by rule key (the rule is NAME-KEY): source_identifier (e.g. DYNAMODB_TABLE_ENCRYPTED_KMS), input_parameters, and maximum_execution_frequency for periodic rules."
  type = map(object({
    source_identifier           = string
    input_parameters            = optional(map(string), {})
    maximum_execution_frequency = optional(string)
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for k, r in var.additional_config_rules : can(regex("^[a-z0-9][a-z0-9-]{0,60}$", k)) && can(regex("^[A-Z0-9_]+$", r.source_identifier))])
    error_message = "additional_config_rules keys must be lower-case letters, digits and hyphens (at most 61), and source_identifier an AWS managed rule identifier in capitals (e.g. DYNAMODB_TABLE_ENCRYPTED_KMS)."
  }

  validation {
    condition     = alltrue([for r in values(var.additional_config_rules) : r.maximum_execution_frequency == null || contains(["One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours"], coalesce(r.maximum_execution_frequency, "-"))])
    error_message = "additional_config_rules[*].maximum_execution_frequency must be One_Hour, Three_Hours, Six_Hours, Twelve_Hours or TwentyFour_Hours."
  }
}

# --- remediation ---------------------------------------------------------------------------------------

variable "remediation_mode" {
  description = "dry-run: every remediation only reports what it would change (log group and warning topic), nothing is changed; enforce: it changes the resource. dry-run by default, enforce in prod (ADR 0024)."
  type        = string
  default     = "dry-run"
  nullable    = false

  validation {
    condition     = contains(["dry-run", "enforce"], var.remediation_mode)
    error_message = "remediation_mode must be dry-run or enforce."
  }
}

variable "remediation_skip_tag" {
  description = "The allowlist: a resource carrying this tag (key = value) is never changed by a remediation, only recorded as skipped."
  type = object({
    key   = string
    value = string
  })
  default = {
    key   = "remediation:skip"
    value = "true"
  }
  nullable = false

  validation {
    condition     = can(regex("^[A-Za-z0-9 _.:/=+@-]{1,128}$", var.remediation_skip_tag.key)) && !startswith(lower(var.remediation_skip_tag.key), "aws:") && can(regex("^[A-Za-z0-9 _.:/=+@-]{1,256}$", var.remediation_skip_tag.value))
    error_message = "remediation_skip_tag: key 1-128 and value 1-256 characters of letters, digits and space _.:/=+@-; the key must not start with aws:."
  }
}

variable "create_ssm_remediations" {
  description = "Register the AWS-managed SSM Automation documents as Config remediation configurations (KMS rotation, RDS public access, EBS default encryption, CloudTrail log file validation). false on the emulator, which has no PutRemediationConfigurations."
  type        = bool
  default     = true
  nullable    = false
}

variable "create_remediation_function" {
  description = "Create the remediation function (S3 public access and default encryption, world-open admin ports) and the EventBridge rules that drive it."
  type        = bool
  default     = true
  nullable    = false
}

variable "remediation_function_log_retention_in_days" {
  description = "Days to keep the remediation function's log (its record of every change)."
  type        = number
  default     = 365
  nullable    = false
}

# --- Security Hub, GuardDuty, Access Analyzer -----------------------------------------------------------

variable "enable_security_hub" {
  description = "Enable Security Hub (consolidated control findings) with security_hub_standards."
  type        = bool
  default     = true
  nullable    = false
}

variable "security_hub_standards" {
  description = "Security Hub standards to subscribe to, as STANDARD/v/VERSION: AWS Foundational Security Best Practices and CIS by default."
  type        = set(string)
  default     = ["aws-foundational-security-best-practices/v/1.0.0", "cis-aws-foundations-benchmark/v/3.0.0"]
  nullable    = false

  validation {
    condition     = alltrue([for s in var.security_hub_standards : can(regex("^(aws-foundational-security-best-practices|cis-aws-foundations-benchmark|nist-800-53|pci-dss|aws-resource-tagging-standard)/v/[0-9.]+$", s))])
    error_message = "security_hub_standards entries must look like aws-foundational-security-best-practices/v/1.0.0 or cis-aws-foundations-benchmark/v/3.0.0."
  }
}

variable "create_security_hub_insights" {
  description = "Create the Security Hub insights of open critical findings (by resource and by control). The emulator has no CreateInsight."
  type        = bool
  default     = true
  nullable    = false
}

variable "enable_guardduty" {
  description = "Enable a GuardDuty detector (threat detection from CloudTrail, VPC Flow Logs and DNS logs)."
  type        = bool
  default     = true
  nullable    = false
}

variable "guardduty_s3_protection" {
  description = "Enable GuardDuty S3 Protection (S3 data events). The emulator does not keep detector features."
  type        = bool
  default     = true
  nullable    = false
}

variable "guardduty_finding_publishing_frequency" {
  description = "How often GuardDuty publishes updates of existing findings: FIFTEEN_MINUTES, ONE_HOUR or SIX_HOURS."
  type        = string
  default     = "FIFTEEN_MINUTES"
  nullable    = false

  validation {
    condition     = contains(["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"], var.guardduty_finding_publishing_frequency)
    error_message = "guardduty_finding_publishing_frequency must be FIFTEEN_MINUTES, ONE_HOUR or SIX_HOURS."
  }
}

variable "enable_access_analyzer" {
  description = "Create an IAM Access Analyzer for the account (resources shared outside it). The emulator has no Access Analyzer."
  type        = bool
  default     = true
  nullable    = false
}

variable "create_dashboard" {
  description = "Create the compliance dashboard NAME-compliance (Config compliance by rule, Security Hub findings by severity, GuardDuty findings, remediations)."
  type        = bool
  default     = true
  nullable    = false
}
