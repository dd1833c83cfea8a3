data "aws_partition" "current" {}

locals {
  partition = data.aws_partition.current.partition
  tags      = merge(var.tags, { Name = var.name })

  account_conditions = merge(
    var.trusted_accounts_external_id == null ? {} : { StringEquals = { "sts:ExternalId" = var.trusted_accounts_external_id } },
    var.trusted_accounts_require_mfa ? { Bool = { "aws:MultiFactorAuthPresent" = "true" } } : {},
  )

  service_statements = length(var.trusted_services) == 0 ? [] : [{
    Sid       = "TrustedServices"
    Effect    = "Allow"
    Action    = "sts:AssumeRole"
    Principal = { Service = sort(var.trusted_services) }
  }]

  account_statements = length(var.trusted_accounts) == 0 ? [] : [merge(
    {
      Sid       = "TrustedAccounts"
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = [for a in sort(var.trusted_accounts) : "arn:${local.partition}:iam::${a}:root"] }
    },
    { for k, v in { Condition = local.account_conditions } : k => v if length(local.account_conditions) > 0 },
  )]

  # One statement per identity provider: the condition keys carry the provider's host name.
  oidc_statements = [for key, p in var.oidc_providers : {
    Sid       = "Oidc${replace(key, "/[^A-Za-z0-9]/", "")}"
    Effect    = "Allow"
    Action    = "sts:AssumeRoleWithWebIdentity"
    Principal = { Federated = p.provider_arn }
    Condition = {
      StringEquals = { "${split("oidc-provider/", p.provider_arn)[1]}:aud" = p.audiences }
      StringLike   = { "${split("oidc-provider/", p.provider_arn)[1]}:sub" = p.subjects }
    }
  }]

  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = concat(local.service_statements, local.account_statements, local.oidc_statements)
  })
}

resource "aws_iam_role" "this" {
  name                  = var.name
  path                  = var.path
  description           = var.description
  assume_role_policy    = local.assume_role_policy
  permissions_boundary  = var.permissions_boundary_arn
  max_session_duration  = var.max_session_duration
  force_detach_policies = var.force_detach_policies

  tags = local.tags

  lifecycle {
    precondition {
      condition     = length(var.trusted_services) + length(var.trusted_accounts) + length(var.oidc_providers) > 0
      error_message = "The role trusts nobody: set at least one of trusted_services, trusted_accounts or oidc_providers."
    }
  }
}

resource "aws_iam_role_policy" "this" {
  for_each = var.inline_policies

  name   = each.key
  role   = aws_iam_role.this.name
  policy = each.value
}

resource "aws_iam_role_policy_attachment" "this" {
  for_each = var.managed_policy_arns

  role       = aws_iam_role.this.name
  policy_arn = each.value
}

# Terraform owns the role's whole policy set: anything attached out of band is removed on the next apply.
resource "aws_iam_role_policies_exclusive" "this" {
  count = var.exclusive_policy_management ? 1 : 0

  role_name    = aws_iam_role.this.name
  policy_names = [for p in aws_iam_role_policy.this : p.name]
}

resource "aws_iam_role_policy_attachments_exclusive" "this" {
  count = var.exclusive_policy_management ? 1 : 0

  role_name   = aws_iam_role.this.name
  policy_arns = [for a in aws_iam_role_policy_attachment.this : a.policy_arn]
}

resource "aws_iam_instance_profile" "this" {
  count = var.create_instance_profile ? 1 : 0

  name = var.name
  path = var.path
  role = aws_iam_role.this.name

  tags = local.tags
}
