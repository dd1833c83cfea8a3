variable "repositories" {
  description = "Image repositories keyed by name (2-256 characters: lowercase letters, digits and . _ - /, e.g. svc-orders). keep_images: how many images the lifecycle policy keeps (the newest); untagged_expiry_days: after how many days an untagged image (a layer of a multi-arch index, a failed push) expires; pull_principal_arns: IAM principals of other accounts that may pull (this account's principals use IAM policies)."
  type = map(object({
    keep_images          = optional(number, 100)
    untagged_expiry_days = optional(number, 7)
    pull_principal_arns  = optional(list(string), [])
  }))
  nullable = false

  validation {
    condition     = alltrue([for name in keys(var.repositories) : can(regex("^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$", name)) && length(name) >= 2 && length(name) <= 256])
    error_message = "Each repository name must be 2-256 characters of lowercase letters and digits, separated by single '.', '_', '-' or '/' (e.g. svc-orders or team/svc-orders)."
  }
  validation {
    condition     = alltrue([for repo in values(var.repositories) : repo.keep_images >= 1 && repo.keep_images <= 10000 && floor(repo.keep_images) == repo.keep_images])
    error_message = "keep_images must be a whole number from 1 to 10000."
  }
  validation {
    condition     = alltrue([for repo in values(var.repositories) : repo.untagged_expiry_days >= 1 && repo.untagged_expiry_days <= 3650 && floor(repo.untagged_expiry_days) == repo.untagged_expiry_days])
    error_message = "untagged_expiry_days must be a whole number of days from 1 to 3650."
  }
  validation {
    condition     = alltrue(flatten([for repo in values(var.repositories) : [for arn in repo.pull_principal_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(root|role/.+|user/.+)$", arn))]]))
    error_message = "pull_principal_arns must be IAM ARNs (arn:aws:iam::ACCOUNT:root, :role/NAME or :user/NAME); '*' is never allowed."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer-managed KMS key (the platform's ecr key) that encrypts the images."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID), not an alias."
  }
}

variable "replication_destinations" {
  description = "The DR hook: regions (and registries, default this account's) that every repository of this module is replicated to, as one registry replication rule filtered on the repository names. Empty: no replication. A registry has one replication configuration, so only one ecr module per account and region may set it."
  type = list(object({
    region      = string
    registry_id = optional(string)
  }))
  default  = []
  nullable = false

  validation {
    condition     = alltrue([for d in var.replication_destinations : can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", d.region)) && (d.registry_id == null || can(regex("^[0-9]{12}$", d.registry_id)))])
    error_message = "Each replication destination needs a region (e.g. ap-northeast-1) and optionally a 12-digit registry_id."
  }
  validation {
    condition     = length(var.replication_destinations) <= 25
    error_message = "A replication rule allows at most 25 destinations."
  }
}

variable "force_delete" {
  description = "Delete a repository even when it holds images (destroy). Off: an image a service runs is never lost to a destroy; the emulator's tests turn it on."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for every repository, merged over the provider's default_tags. The module adds Name."
  type        = map(string)
  default     = {}
}
