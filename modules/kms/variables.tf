variable "terraform_state_key_arn" {
  description = "ARN of the terraform-state key. The bootstrap layer creates it (it must exist before any remote state), so this module only re-exports it: pass the bootstrap layer's kms_key_arn output."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[a-zA-Z0-9-]+$", var.terraform_state_key_arn))
    error_message = "terraform_state_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }
}

variable "terraform_state_key_alias" {
  description = "Alias of the terraform-state key (the bootstrap layer's kms_key_alias output), re-exported in key_aliases."
  type        = string
  default     = "alias/terraform-state"

  validation {
    condition     = can(regex("^alias/[a-zA-Z0-9/_-]+$", var.terraform_state_key_alias))
    error_message = "terraform_state_key_alias must start with alias/ and use letters, digits, '/', '_' and '-'."
  }
}

variable "purposes" {
  description = "Keys to create, one per purpose: any of rds, ecr, secrets, logs, sns. Each key's policy lets only that purpose's service use it."
  type        = set(string)
  default     = ["rds", "ecr", "secrets", "logs", "sns"]

  validation {
    condition     = length(setsubtract(var.purposes, ["rds", "ecr", "secrets", "logs", "sns"])) == 0
    error_message = "purposes may contain only rds, ecr, secrets, logs and sns (terraform-state is created by the bootstrap layer)."
  }
}

variable "alias_prefix" {
  description = "Optional prefix of the aliases: null gives alias/<purpose>, \"prod\" gives alias/prod/<purpose>."
  type        = string
  default     = null

  validation {
    condition     = var.alias_prefix == null || can(regex("^[a-zA-Z0-9_-]+(/[a-zA-Z0-9_-]+)*$", var.alias_prefix)) && !can(regex("^(?i)aws", var.alias_prefix))
    error_message = "alias_prefix must use letters, digits, '/', '_' and '-', must not start or end with '/' and must not start with \"aws\" (reserved)."
  }
}

variable "deletion_window_in_days" {
  description = "Waiting period (7-30 days) before a key scheduled for deletion is deleted."
  type        = number
  default     = 30

  validation {
    condition     = var.deletion_window_in_days >= 7 && var.deletion_window_in_days <= 30 && floor(var.deletion_window_in_days) == var.deletion_window_in_days
    error_message = "deletion_window_in_days must be a whole number between 7 and 30."
  }
}

variable "key_administrator_arns" {
  description = "IAM principals that administer the keys (policy, rotation, tags, deletion) but cannot use them for cryptography. Empty means the account root, i.e. IAM policies of this account decide. The principal running Terraform must be allowed kms:PutKeyPolicy by this list, or key creation fails the lockout check."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.key_administrator_arns : can(regex("^arn:aws[a-z-]*:(iam|sts)::[0-9]{12}:.+$", a))])
    error_message = "key_administrator_arns must be IAM or STS principal ARNs."
  }
}

variable "key_user_arns" {
  description = "Per purpose, the IAM principals that may use the key through its service (kms:ViaService). A purpose without an entry uses the account root, i.e. any principal of this account whose IAM policy allows it. Not used for logs, whose only user is the CloudWatch Logs service."
  type        = map(list(string))
  default     = {}

  validation {
    condition     = length(setsubtract(keys(var.key_user_arns), ["rds", "ecr", "secrets", "sns"])) == 0
    error_message = "key_user_arns keys must be among rds, ecr, secrets and sns."
  }

  validation {
    condition     = alltrue(flatten([for p, arns in var.key_user_arns : [for a in arns : can(regex("^arn:aws[a-z-]*:(iam|sts)::[0-9]{12}:.+$", a))]]))
    error_message = "key_user_arns values must be IAM or STS principal ARNs."
  }
}

variable "sns_publisher_service_principals" {
  description = "AWS service principals that publish to SNS topics encrypted with the sns key (CloudWatch alarms, EventBridge, Amazon Managed Prometheus alert manager). They get kms:GenerateDataKey* and kms:Decrypt for topics of this account and region only."
  type        = list(string)
  default     = ["cloudwatch.amazonaws.com", "events.amazonaws.com", "aps.amazonaws.com"]

  validation {
    condition     = alltrue([for p in var.sns_publisher_service_principals : can(regex("^[a-z0-9.-]+\\.amazonaws\\.com$", p))])
    error_message = "sns_publisher_service_principals must be service principals like events.amazonaws.com."
  }
}

variable "tags" {
  description = "Tags added to every key (the provider's default_tags carry the standard set)."
  type        = map(string)
  default     = {}
}

variable "multi_region_purposes" {
  description = "Purposes whose key is a multi-region key with a replica (same key material, same alias) in the DR region of the aws.dr provider (ADR 0023), e.g. [\"secrets\"] for Secrets Manager replicas. Fixed at creation: AWS replaces a key whose multi_region changes, so add a purpose only before its key exists."
  type        = set(string)
  default     = []
  nullable    = false

  validation {
    condition     = length(setsubtract(var.multi_region_purposes, var.purposes)) == 0
    error_message = "multi_region_purposes may name only purposes of var.purposes."
  }
}
