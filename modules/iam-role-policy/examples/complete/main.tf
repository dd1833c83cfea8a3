# Two roles: a CI role that only GitHub Actions workflows of one repository (main branch or the prod
# environment) can assume through OIDC, with a permissions boundary and an inline policy; and an ECS
# task role with an AWS-managed policy, also assumable from a tooling account with MFA.

provider "aws" {
  region = "ap-northeast-2"

  default_tags {
    tags = {
      Environment = "example"
      ManagedBy   = "layer"
    }
  }
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

# GitHub Actions identity provider (one per account).
resource "aws_iam_openid_connect_provider" "github" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}

# The boundary every CI-created role must carry (kept small for the example).
data "aws_iam_policy_document" "boundary" {
  statement {
    sid       = "AllowPlatformServices"
    actions   = ["s3:GetObject", "s3:PutObject", "logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["arn:${data.aws_partition.current.partition}:s3:::example-artifacts/*", "arn:${data.aws_partition.current.partition}:logs:ap-northeast-2:${data.aws_caller_identity.current.account_id}:log-group:/example/*"]
  }
}

resource "aws_iam_policy" "boundary" {
  name   = "example-boundary"
  policy = data.aws_iam_policy_document.boundary.json
}

data "aws_iam_policy_document" "artifacts" {
  statement {
    sid       = "PublishArtifacts"
    actions   = ["s3:PutObject"]
    resources = ["arn:${data.aws_partition.current.partition}:s3:::example-artifacts/builds/*"]
  }
}

# CI role: assumable only by workflows of one repository, on main or in the prod environment.
module "github_ci" {
  source = "../../"

  name        = "example-github-ci"
  description = "GitHub Actions deploys from my-org/infra"

  oidc_providers = {
    github = {
      provider_arn = aws_iam_openid_connect_provider.github.arn
      subjects = [
        "repo:my-org/infra:ref:refs/heads/main",
        "repo:my-org/infra:environment:prod",
      ]
    }
  }

  permissions_boundary_arn = aws_iam_policy.boundary.arn
  max_session_duration     = 3600

  inline_policies = {
    publish-artifacts = data.aws_iam_policy_document.artifacts.json
  }

  tags = { Purpose = "ci" }
}

# ECS task role with an AWS-managed policy, assumable by ECS tasks and by a tooling account with MFA.
module "task" {
  source = "../../"

  name             = "example-api-task"
  trusted_services = ["ecs-tasks.amazonaws.com"]

  trusted_accounts             = ["111122223333"]
  trusted_accounts_require_mfa = true

  managed_policy_arns = {
    xray = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AWSXRayDaemonWriteAccess"
  }

  permissions_boundary_arn = aws_iam_policy.boundary.arn
}
