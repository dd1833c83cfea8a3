terraform {
  required_version = ">= 1.9.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100.0, < 6.0.0"
    }
  }
}

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

output "github_ci_role_arn" {
  description = "ARN of the CI role (put it in the workflow's role-to-assume)."
  value       = module.github_ci.iam_role_arn
}

output "task_role_arn" {
  description = "ARN of the ECS task role."
  value       = module.task.iam_role_arn
}
