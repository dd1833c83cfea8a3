# Generated from tag-rules.json and templates/variables.tf.tmpl by `python -m layer.interface.tag_rules_gen`:
# edit those, not this file. framework/layer/interface/tag_rules.py is generated from the same data.

variable "environment" {
  description = "Environment name, the Environment tag and the end of name_prefix: 2-32 characters, lowercase letters, digits and hyphens, starting with a letter."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,31}$", var.environment))
    error_message = "environment must match ^[a-z][a-z0-9-]{1,31}$ (for example \"prod\" or \"dev-eu\")."
  }
}

variable "owner" {
  description = "Team or person accountable for the resources (the Owner tag): not empty, at most 256 characters."
  type        = string
  nullable    = false

  validation {
    condition     = length(trimspace(var.owner)) > 0
    error_message = "owner must not be empty."
  }

  validation {
    condition     = length(var.owner) <= 256
    error_message = "owner must be at most 256 characters (the AWS limit for a tag value)."
  }
}

variable "cost_center" {
  description = "Cost center the spend is charged to (the CostCenter tag): 2-32 letters, digits or hyphens."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z0-9-]{2,32}$", var.cost_center))
    error_message = "cost_center must match ^[A-Za-z0-9-]{2,32}$."
  }
}

variable "managed_by" {
  description = "What manages the resources (the ManagedBy tag)."
  type        = string
  default     = "terraform"
  nullable    = false

  validation {
    condition     = length(trimspace(var.managed_by)) > 0 && length(var.managed_by) <= 256
    error_message = "managed_by must not be empty and must be at most 256 characters."
  }
}

variable "project" {
  description = "Project slug (the Project tag, and the start of name_prefix): 2-32 lowercase letters, digits and hyphens, starting with a letter. null leaves the tag out."
  type        = string
  default     = null

  validation {
    condition     = var.project == null || can(regex("^[a-z][a-z0-9-]{1,31}$", var.project))
    error_message = "project must be null or match ^[a-z][a-z0-9-]{1,31}$."
  }
}

variable "organization" {
  description = "Organization slug that starts name_prefix when project is null (not a tag): same rules as project."
  type        = string
  default     = null

  validation {
    condition     = var.organization == null || can(regex("^[a-z][a-z0-9-]{1,31}$", var.organization))
    error_message = "organization must be null or match ^[a-z][a-z0-9-]{1,31}$."
  }
}

variable "repository" {
  description = "Source repository of the configuration (the Repository tag), for example \"github.com/acme/platform\". null leaves the tag out."
  type        = string
  default     = null

  validation {
    condition     = var.repository == null || try(length(trimspace(var.repository)) > 0 && length(var.repository) <= 256, false)
    error_message = "repository must be null, or not empty and at most 256 characters."
  }
}

variable "layer" {
  description = "The layer that owns the resources (the Layer tag), for example \"network/vpc\". null leaves the tag out."
  type        = string
  default     = null

  validation {
    condition     = var.layer == null || try(length(trimspace(var.layer)) > 0 && length(var.layer) <= 256, false)
    error_message = "layer must be null, or not empty and at most 256 characters."
  }
}

variable "extra_tags" {
  description = "Further tags merged into the set. They may not redefine a standard key (Environment, Owner, CostCenter, ManagedBy, Project, Repository, Layer)."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for k in keys(var.extra_tags) : length(k) >= 1 && length(k) <= 128])
    error_message = "extra_tags keys must be 1-128 characters (AWS limit)."
  }

  validation {
    condition     = alltrue([for v in values(var.extra_tags) : length(v) <= 256])
    error_message = "extra_tags values must be at most 256 characters (AWS limit)."
  }

  validation {
    condition     = alltrue([for k in keys(var.extra_tags) : !startswith(lower(k), "aws:")])
    error_message = "extra_tags keys must not start with \"aws:\" (reserved by AWS, in any case)."
  }

  validation {
    condition     = length(setintersection(keys(var.extra_tags), ["Environment", "Owner", "CostCenter", "ManagedBy", "Project", "Repository", "Layer"])) == 0
    error_message = "extra_tags must not redefine a standard tag key; set the matching input instead."
  }
}
