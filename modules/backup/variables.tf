variable "name" {
  description = "Name prefix of the vaults, plan, role and keys, e.g. connectly-prod."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,38}[a-z0-9]$", var.name))
    error_message = "name must be 3-40 characters of a-z, 0-9 and hyphens, starting with a letter."
  }
}

variable "rules" {
  description = <<-EOT
    Backup rules by name. schedule: a cron() expression in UTC; retention_days: how long a recovery point
    is kept in the primary vault; copy_retention_days: how long its copy is kept in the DR vault (null: no
    copy for this rule); start_window_minutes / completion_window_minutes: when a job must start / finish.
    The default: daily at 02:00 KST kept 35 days, monthly on the 1st kept 365 days, both copied to the DR vault.
  EOT
  type = map(object({
    schedule                  = string
    retention_days            = number
    copy_retention_days       = optional(number)
    start_window_minutes      = optional(number, 60)
    completion_window_minutes = optional(number, 480)
  }))
  default = {
    daily   = { schedule = "cron(0 17 * * ? *)", retention_days = 35, copy_retention_days = 35 }
    monthly = { schedule = "cron(0 18 1 * ? *)", retention_days = 365, copy_retention_days = 365 }
  }

  validation {
    condition     = length(var.rules) > 0 && alltrue([for n, r in var.rules : can(regex("^[a-z][a-z0-9-]{0,49}$", n)) && startswith(r.schedule, "cron(") && r.retention_days >= 1])
    error_message = "rules: at least one; names of a-z, 0-9 and hyphens; schedule a cron(...) expression; retention_days at least 1."
  }
  validation {
    condition     = alltrue([for r in values(var.rules) : r.copy_retention_days == null ? true : r.copy_retention_days >= 1])
    error_message = "rules: copy_retention_days must be at least 1 (or null for no copy)."
  }
  validation {
    condition     = alltrue([for r in values(var.rules) : r.start_window_minutes >= 60 && r.completion_window_minutes >= r.start_window_minutes + 60])
    error_message = "rules: start_window_minutes must be at least 60 and completion_window_minutes at least 60 more (AWS Backup's minimums)."
  }
}

variable "resource_types" {
  description = "What the tag selection covers: any of rds (DB instances and clusters), efs, dynamodb."
  type        = list(string)
  default     = ["rds", "efs", "dynamodb"]

  validation {
    condition     = length(var.resource_types) > 0 && alltrue([for t in var.resource_types : contains(["rds", "efs", "dynamodb"], t)])
    error_message = "resource_types must be a non-empty list of rds, efs and dynamodb."
  }
}

variable "selection_tag" {
  description = "Resources of resource_types carrying this tag (key = value) are backed up by the plan."
  type = object({
    key   = optional(string, "Backup")
    value = optional(string, "platform")
  })
  default  = {}
  nullable = false
}

variable "vault_lock" {
  description = "AWS Backup Vault Lock on both vaults: recovery points cannot be deleted before min_retention_days, nor kept longer than max_retention_days. changeable_for_days null is governance mode (privileged principals may remove the lock); a number is compliance mode, immutable (even for the root user) once that many days (3 or more) have passed."
  type = object({
    min_retention_days  = optional(number, 7)
    max_retention_days  = optional(number, 400)
    changeable_for_days = optional(number)
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.vault_lock.min_retention_days >= 1 && var.vault_lock.max_retention_days >= var.vault_lock.min_retention_days
    error_message = "vault_lock: min_retention_days at least 1 and max_retention_days at least min_retention_days."
  }
  validation {
    condition     = var.vault_lock.changeable_for_days == null ? true : var.vault_lock.changeable_for_days >= 3
    error_message = "vault_lock.changeable_for_days must be at least 3 (AWS's minimum cooling-off period) or null."
  }
}

variable "rds_backup_replication" {
  description = "RDS DB instances (by identifier, in this region) whose automated backups and transaction logs are replicated to the DR region, encrypted with the DR key: point-in-time restore there. retention_period: days kept in the DR region (1-35)."
  type = map(object({
    retention_period = optional(number, 7)
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for id, r in var.rds_backup_replication : can(regex("^[a-z][a-z0-9-]{0,62}$", id)) && r.retention_period >= 1 && r.retention_period <= 35])
    error_message = "rds_backup_replication: keys are DB instance identifiers (a-z, 0-9, hyphens); retention_period 1-35 days."
  }
}

variable "kms_key_deletion_window_in_days" {
  description = "Waiting period (7-30 days) before a vault key, once scheduled for deletion, is deleted."
  type        = number
  default     = 30

  validation {
    condition     = var.kms_key_deletion_window_in_days >= 7 && var.kms_key_deletion_window_in_days <= 30
    error_message = "kms_key_deletion_window_in_days must be 7-30."
  }
}

variable "tags" {
  description = "Tags added to every resource (the provider's default_tags carry the standard set)."
  type        = map(string)
  default     = {}
}
