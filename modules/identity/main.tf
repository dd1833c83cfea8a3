################################################################################
# Identity as code: who may run Terraform in this account.
#   GitHub OIDC provider -> plan role   (pull requests and main: read-only, reads the state, takes locks)
#                        -> apply role  (the protected GitHub environment only: writes the state, assumes
#                                         platform-terraform)
#   platform-terraform   (what every layer's provider assumes: administrator, within a permissions boundary)
################################################################################

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  oidc_host  = "token.actions.githubusercontent.com"
  oidc_arn   = var.create_oidc_provider ? aws_iam_openid_connect_provider.github[0].arn : "arn:${local.partition}:iam::${local.account_id}:oidc-provider/${local.oidc_host}"
  boundary   = "platform-terraform-boundary"
  lock_table = var.terraform_state.lock_table_arn == null ? [] : [var.terraform_state.lock_table_arn]
  plan_subs = [
    "repo:${var.github_repository}:pull_request",
    "repo:${var.github_repository}:ref:refs/heads/main",
    "repo:${var.github_repository}:environment:*-promotion", # deploy.yml's promote job checks the source for drift
  ]
  apply_subs  = ["repo:${var.github_repository}:environment:${var.environment}"]
  state_paths = ["${var.terraform_state.bucket_arn}/*"]
}

resource "aws_iam_openid_connect_provider" "github" {
  count = var.create_oidc_provider ? 1 : 0

  url            = "https://${local.oidc_host}"
  client_id_list = ["sts.amazonaws.com"]
  # AWS validates GitHub's certificate against its trusted CAs; the thumbprint is required by the API only.
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"]

  tags = merge(var.tags, { Name = "github-actions" })
}

locals {
  trust_policies = {
    for role, subjects in { plan = local.plan_subs, apply = local.apply_subs } : role => {
      Version                    = "2012-10-17"
      Statement = [{
        Sid       = "GitHubActions"
        Effect    = "Allow"
        Action    = "sts:AssumeRoleWithWebIdentity"
        Principal = { Federated = local.oidc_arn }
        Condition = {
          StringEquals = { "${local.oidc_host}:aud" = "sts.amazonaws.com" }
          StringLike   = { "${local.oidc_host}:sub" = subjects }
        }
      }]
    }
  }
}

################################################################################
# State access
################################################################################

locals {
  state_policies = {
    for role in ["plan", "apply"] : role => {
      Version = "2012-10-17"
      Statement = concat([
        { Sid = "StateList", Effect = "Allow", Action = ["s3:ListBucket"], Resource = [var.terraform_state.bucket_arn] },
        { Sid = "StateObjects", Effect = "Allow", Action = role == "plan" ? ["s3:GetObject"] : ["s3:GetObject", "s3:PutObject"], Resource = local.state_paths },
        # Locks: S3 lock files (use_lockfile); plan takes a lock while it reads.
        { Sid = "StateLockFiles", Effect = "Allow", Action = ["s3:PutObject", "s3:DeleteObject"], Resource = ["${var.terraform_state.bucket_arn}/*.tflock"] },
        { Sid = "StateKey", Effect = "Allow", Action = role == "plan" ? ["kms:Decrypt"] : ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], Resource = [var.terraform_state.kms_key_arn] },
        ], [for table in local.lock_table : {
          Sid = "LockTable", Effect = "Allow", Action = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:DescribeTable"], Resource = [table]
      }])
    }
  }
}

resource "aws_iam_role" "plan" {
  name                 = "github-plan"
  description          = "GitHub Actions plans of ${var.github_repository} (pull requests, main): read-only"
  assume_role_policy   = jsonencode(local.trust_policies["plan"])
  max_session_duration = var.max_session_duration

  tags = merge(var.tags, { Name = "github-plan" })
}

resource "aws_iam_role_policy_attachment" "plan_read_only" {
  role       = aws_iam_role.plan.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_role_policy" "plan_state" {
  name   = "terraform-state"
  role   = aws_iam_role.plan.id
  policy = jsonencode(local.state_policies["plan"])
}

# Plans: the provider assumes platform-terraform-read (workflows set LAYER_ASSUME_ROLE), read-only.
resource "aws_iam_role" "platform_terraform_read" {
  name        = "platform-terraform-read"
  description = "What the layers' providers run as in plans (LAYER_ASSUME_ROLE=platform-terraform-read): read-only"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PlanRole", Effect = "Allow", Action = ["sts:AssumeRole", "sts:TagSession"]
      Principal = { AWS = aws_iam_role.plan.arn }
    }]
  })
  max_session_duration = var.max_session_duration

  tags = merge(var.tags, { Name = "platform-terraform-read" })
}

resource "aws_iam_role_policy_attachment" "platform_terraform_read" {
  role       = aws_iam_role.platform_terraform_read.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_role_policy" "plan_assume" {
  name = "assume-platform-terraform-read"
  role = aws_iam_role.plan.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "AssumePlatformTerraformRead", Effect = "Allow", Action = ["sts:AssumeRole", "sts:TagSession"], Resource = aws_iam_role.platform_terraform_read.arn }]
  })
}

resource "aws_iam_role" "apply" {
  name                 = "github-apply-${var.environment}"
  description          = "GitHub Actions applies of ${var.github_repository}, environment ${var.environment} only"
  assume_role_policy   = jsonencode(local.trust_policies["apply"])
  max_session_duration = var.max_session_duration

  tags = merge(var.tags, { Name = "github-apply-${var.environment}" })
}

resource "aws_iam_role_policy" "apply_state" {
  name   = "terraform-state"
  role   = aws_iam_role.apply.id
  policy = jsonencode(local.state_policies["apply"])
}

resource "aws_iam_role_policy" "apply_assume" {
  name = "assume-platform-terraform"
  role = aws_iam_role.apply.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "AssumePlatformTerraform", Effect = "Allow", Action = ["sts:AssumeRole", "sts:TagSession"], Resource = aws_iam_role.platform_terraform.arn }]
  })
}

################################################################################
# platform-terraform, within a permissions boundary: it may do what the platform's layers do, but not
# change the boundary, touch the identity roles (its own trust and policies, the GitHub roles, the OIDC
# provider), or change the account and its organisation membership. The modules create their roles
# without a boundary, so a role created by a layer is not bounded (README: what is left).
################################################################################

locals {
  boundary_arn = "arn:${local.partition}:iam::${local.account_id}:policy/${local.boundary}"
  boundary_policy = {
    Version = "2012-10-17"
    Statement = [
      { Sid = "Everything", Effect = "Allow", Action = "*", Resource = "*" },
      {
        Sid    = "NoBoundaryChanges", Effect = "Deny", Resource = local.boundary_arn,
        Action = ["iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion"]
      },
      {
        Sid = "NoIdentityRoleChanges", Effect = "Deny", Action = "iam:*",
        Resource = [
          "arn:${local.partition}:iam::${local.account_id}:role/github-*",
          "arn:${local.partition}:iam::${local.account_id}:role/platform-terraform",
          "arn:${local.partition}:iam::${local.account_id}:role/platform-terraform-read",
          "arn:${local.partition}:iam::${local.account_id}:oidc-provider/${local.oidc_host}",
        ]
      },
      {
        Sid    = "NoAccountOrOrganisationChanges", Effect = "Deny", Resource = "*",
        Action = ["organizations:LeaveOrganization", "account:CloseAccount", "account:PutAlternateContact", "iam:CreateAccountAlias", "iam:DeleteAccountAlias"]
      },
    ]
  }
}

resource "aws_iam_policy" "boundary" {
  # checkov:skip=CKV_AWS_1: a permissions boundary: its Allow * is the ceiling, the Deny statements are the limits
  # checkov:skip=CKV_AWS_62: a permissions boundary grants nothing by itself; the Deny statements limit platform-terraform
  # checkov:skip=CKV_AWS_63: a permissions boundary grants nothing by itself; the Deny statements limit platform-terraform
  # checkov:skip=CKV_AWS_286: a permissions boundary grants nothing by itself; the Deny statements limit platform-terraform
  # checkov:skip=CKV_AWS_287: a permissions boundary grants nothing by itself; the Deny statements limit platform-terraform
  # checkov:skip=CKV_AWS_288: a permissions boundary grants nothing by itself; the Deny statements limit platform-terraform
  # checkov:skip=CKV_AWS_289: a permissions boundary grants nothing by itself; the Deny statements limit platform-terraform
  # checkov:skip=CKV_AWS_290: a permissions boundary grants nothing by itself; the Deny statements limit platform-terraform
  # checkov:skip=CKV_AWS_355: a permissions boundary grants nothing by itself; the Deny statements limit platform-terraform
  # checkov:skip=CKV2_AWS_40: a permissions boundary grants nothing by itself; the Deny statements limit platform-terraform
  name        = local.boundary
  description = "Permissions boundary of platform-terraform and of every role it creates"
  policy      = jsonencode(local.boundary_policy)

  tags = merge(var.tags, { Name = local.boundary })
}

resource "aws_iam_role" "platform_terraform" {
  name        = "platform-terraform"
  description = "What the platform's layers run as (provider.assume_role), within ${local.boundary}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "ApplyRoleAndAdministrators", Effect = "Allow", Action = ["sts:AssumeRole", "sts:TagSession"]
      Principal = { AWS = concat([aws_iam_role.apply.arn], var.platform_admin_principal_arns) }
    }]
  })
  permissions_boundary = local.boundary_arn
  depends_on           = [aws_iam_policy.boundary]
  max_session_duration = var.max_session_duration

  tags = merge(var.tags, { Name = "platform-terraform" })
}

resource "aws_iam_role_policy_attachment" "platform_terraform" {
  # checkov:skip=CKV_AWS_274: the platform's layers manage every service; the permissions boundary (above) is what limits this role
  role       = aws_iam_role.platform_terraform.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/AdministratorAccess"
}
