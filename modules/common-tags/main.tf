# No resources: this module only computes the standard tag set and the name prefix.
# framework/layer/interface/tags.py (build_tags, build_name_prefix) computes the same values.

locals {
  standard_tags = {
    Environment = var.environment
    Owner       = var.owner
    CostCenter  = var.cost_center
    ManagedBy   = var.managed_by
    Project     = var.project
    Repository  = var.repository
    Layer       = var.layer
  }

  # Optional tags that are null or empty are left out.
  tags = merge(
    var.extra_tags,
    { for key, value in local.standard_tags : key => value if value != null && value != "" },
  )

  name_prefix_head = var.project != null ? var.project : (var.organization != null ? var.organization : "")
  name_prefix      = local.name_prefix_head == "" ? var.environment : "${local.name_prefix_head}-${var.environment}"
}
