variable "github_repository" {
  description = "The platform repository whose GitHub Actions may assume the roles (OWNER/NAME, e.g. connectly/platform)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$", var.github_repository))
    error_message = "github_repository must be OWNER/NAME, e.g. connectly/platform."
  }
}

variable "environment" {
  description = "This account's environment (dev, stage, prod): the GitHub environment (protected, deployments from main only) whose jobs may assume the apply role."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,30}$", var.environment))
    error_message = "environment must be a lowercase name such as prod."
  }
}

variable "create_oidc_provider" {
  description = "Create the account's GitHub OIDC provider (token.actions.githubusercontent.com). An account has one: false when another stack owns it (oidc_provider_arn is then looked up)."
  type        = bool
  default     = true
  nullable    = false
}

variable "terraform_state" {
  description = "The state backend (the bootstrap layer's outputs): the plan role reads it and takes locks, the apply role reads and writes it."
  type = object({
    bucket_arn     = string
    kms_key_arn    = string
    lock_table_arn = optional(string)
  })
  nullable = false

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9.-]+$", var.terraform_state.bucket_arn)) && can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.terraform_state.kms_key_arn))
    error_message = "terraform_state needs the state bucket's ARN and the state KMS key's ARN."
  }
}

variable "platform_admin_principal_arns" {
  description = "Principals (besides the apply role) that may assume platform-terraform, e.g. the break-glass administrators' role."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for arn in var.platform_admin_principal_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(role|user)/.+$", arn))])
    error_message = "platform_admin_principal_arns must be IAM role or user ARNs."
  }
}

variable "max_session_duration" {
  description = "Maximum session of each role, in seconds (3600-43200)."
  type        = number
  default     = 3600
  nullable    = false

  validation {
    condition     = var.max_session_duration >= 3600 && var.max_session_duration <= 43200
    error_message = "max_session_duration must be 3600-43200 seconds."
  }
}

variable "tags" {
  description = "Tags for every resource, merged over the provider's default_tags. The module adds Name."
  type        = map(string)
  default     = {}
  nullable    = false
}
