variable "name" {
  description = "Name of the IAM role (1-64 characters: letters, digits and +=,.@_-)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9+=,.@_-]{1,64}$", var.name))
    error_message = "name must be 1-64 characters of letters, digits and +=,.@_-."
  }
}

variable "path" {
  description = "IAM path of the role and its instance profile."
  type        = string
  default     = "/"
  nullable    = false

  validation {
    condition     = can(regex("^/([\\x21-\\x7E]{0,510}/)?$", var.path)) && length(var.path) <= 512
    error_message = "path must start and end with / (e.g. / or /platform/), at most 512 characters."
  }
}

variable "description" {
  description = "Description of the role (what it is for)."
  type        = string
  default     = null

  validation {
    condition     = var.description == null || length(coalesce(var.description, "-")) <= 1000
    error_message = "description must be at most 1000 characters."
  }
}

variable "trusted_services" {
  description = "AWS service principals that may assume the role with sts:AssumeRole, e.g. [\"ecs-tasks.amazonaws.com\"]."
  type        = set(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for s in var.trusted_services : can(regex("^[a-z0-9][a-z0-9.-]*\\.amazonaws\\.com(\\.cn)?$", s))])
    error_message = "trusted_services must be service principals such as ecs-tasks.amazonaws.com."
  }
}

variable "trusted_accounts" {
  description = "AWS account IDs (12 digits) whose IAM principals may assume the role with sts:AssumeRole (their own IAM policies must allow it too)."
  type        = set(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for a in var.trusted_accounts : can(regex("^[0-9]{12}$", a))])
    error_message = "trusted_accounts must be 12-digit AWS account IDs."
  }
}

variable "trusted_accounts_external_id" {
  description = "If set, principals of trusted_accounts must pass this sts:ExternalId (confused-deputy protection for third parties)."
  type        = string
  default     = null

  validation {
    condition     = var.trusted_accounts_external_id == null || (can(regex("^[A-Za-z0-9+=,.@:/_-]+$", var.trusted_accounts_external_id)) && length(coalesce(var.trusted_accounts_external_id, "-")) >= 2 && length(coalesce(var.trusted_accounts_external_id, "-")) <= 1224)
    error_message = "trusted_accounts_external_id must be 2-1224 characters of letters, digits and +=,.@:/_-."
  }
}

variable "trusted_accounts_require_mfa" {
  description = "Require aws:MultiFactorAuthPresent for principals of trusted_accounts (for roles humans assume)."
  type        = bool
  default     = false
  nullable    = false
}

variable "oidc_providers" {
  description = <<-EOT
    OIDC identity providers whose tokens may assume the role with sts:AssumeRoleWithWebIdentity, keyed by a name.
    provider_arn: the IAM OIDC provider (e.g. arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com).
    audiences: allowed "aud" values (StringEquals; default ["sts.amazonaws.com"]).
    subjects: allowed "sub" values (StringLike; required, never "*"), e.g. for GitHub Actions
    ["repo:my-org/my-repo:ref:refs/heads/main", "repo:my-org/my-repo:environment:prod"].
  EOT
  type = map(object({
    provider_arn = string
    audiences    = optional(list(string), ["sts.amazonaws.com"])
    subjects     = list(string)
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for k, p in var.oidc_providers : can(regex("^[A-Za-z0-9_-]{1,64}$", k))])
    error_message = "oidc_providers keys must be 1-64 letters, digits, '_' or '-'."
  }

  validation {
    condition     = alltrue([for p in var.oidc_providers : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/[^/].*$", p.provider_arn))])
    error_message = "oidc_providers[*].provider_arn must be an IAM OIDC provider ARN (arn:aws:iam::ACCOUNT:oidc-provider/HOST)."
  }

  validation {
    condition     = alltrue([for p in var.oidc_providers : length(p.audiences) >= 1 && alltrue([for a in p.audiences : length(trimspace(a)) > 0 && a != "*"])])
    error_message = "oidc_providers[*].audiences must list at least one audience, none empty or \"*\"."
  }

  validation {
    condition     = alltrue([for p in var.oidc_providers : length(p.subjects) >= 1 && alltrue([for s in p.subjects : length(trimspace(s)) > 0 && !startswith(s, "*")])])
    error_message = "oidc_providers[*].subjects must list at least one subject, none empty or starting with \"*\": a role that trusts every subject of an identity provider trusts everyone who can get a token from it."
  }

  validation {
    condition = alltrue([for p in var.oidc_providers : !endswith(p.provider_arn, "/token.actions.githubusercontent.com") || alltrue([
      for s in p.subjects : can(regex("^repo:[A-Za-z0-9_.-]+/[^*/:][^/:]*:.+$", s))
    ])])
    error_message = "GitHub Actions subjects must name an owner and repository, e.g. repo:my-org/my-repo:ref:refs/heads/main (no \"repo:my-org/*\")."
  }
}

variable "permissions_boundary_arn" {
  description = "ARN of the managed policy that bounds the role's permissions (recommended for roles that CI or teams create)."
  type        = string
  default     = null

  validation {
    condition     = var.permissions_boundary_arn == null || can(regex("^arn:aws[a-z-]*:iam::([0-9]{12}|aws):policy/.+$", var.permissions_boundary_arn))
    error_message = "permissions_boundary_arn must be an IAM policy ARN."
  }
}

variable "inline_policies" {
  description = "Inline policies keyed by policy name; each value is a JSON policy document (e.g. data.aws_iam_policy_document.x.json). Keys must be known at plan time; values may be computed. An Allow statement with Action \"*\" is rejected."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for k, v in var.inline_policies : can(regex("^[A-Za-z0-9+=,.@_-]{1,128}$", k))])
    error_message = "inline_policies keys are policy names: 1-128 characters of letters, digits and +=,.@_-."
  }

  validation {
    condition     = alltrue([for v in var.inline_policies : can(jsondecode(v).Statement)])
    error_message = "inline_policies values must be JSON policy documents with a Statement."
  }

  validation {
    condition = alltrue([for v in var.inline_policies : alltrue([
      for st in try(flatten([jsondecode(v).Statement]), []) :
      !(try(st.Effect, "") == "Allow" && contains(try(flatten([st.Action]), []), "*"))
    ])])
    error_message = "inline_policies must not Allow Action \"*\": grant the actions the role needs."
  }
}

variable "managed_policy_arns" {
  description = "Managed policies to attach, keyed by a static name (e.g. { ecr_read = \"arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly\" }). Keys must be known at plan time; ARNs may be computed."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for k, v in var.managed_policy_arns : can(regex("^[A-Za-z0-9_.-]{1,128}$", k))])
    error_message = "managed_policy_arns keys must be 1-128 letters, digits, '_', '.' or '-'."
  }

  validation {
    condition     = alltrue([for v in var.managed_policy_arns : can(regex("^arn:aws[a-z-]*:iam::([0-9]{12}|aws):policy/.+$", v))])
    error_message = "managed_policy_arns values must be IAM policy ARNs."
  }

  validation {
    condition     = length(var.managed_policy_arns) <= 20
    error_message = "IAM allows at most 20 managed policies per role (10 by default; raise the quota first)."
  }
}

variable "max_session_duration" {
  description = "Maximum session duration in seconds, 3600 (1 hour, default) to 43200 (12 hours)."
  type        = number
  default     = 3600
  nullable    = false

  validation {
    condition     = var.max_session_duration >= 3600 && var.max_session_duration <= 43200 && floor(var.max_session_duration) == var.max_session_duration
    error_message = "max_session_duration must be a whole number of seconds from 3600 to 43200."
  }
}

variable "exclusive_policy_management" {
  description = "Let Terraform own every policy on the role: inline policies and managed policy attachments made outside this module are removed (aws_iam_role_policies_exclusive / aws_iam_role_policy_attachments_exclusive)."
  type        = bool
  default     = true
  nullable    = false
}

variable "create_instance_profile" {
  description = "Also create an EC2 instance profile with the role's name (for EC2 instances)."
  type        = bool
  default     = false
  nullable    = false
}

variable "force_detach_policies" {
  description = "Detach policies attached outside Terraform when the role is destroyed."
  type        = bool
  default     = false
  nullable    = false
}

variable "tags" {
  description = "Tags for the role (and instance profile), merged over the provider's default_tags. The module adds Name."
  type        = map(string)
  default     = {}
  nullable    = false
}
