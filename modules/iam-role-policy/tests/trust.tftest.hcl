mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group
}

variables {
  name             = "platform-test-task"
  trusted_services = ["ecs-tasks.amazonaws.com"]
  tags             = { Team = "platform" }
}

run "service_role_defaults" {
  command = plan

  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Principal.Service == ["ecs-tasks.amazonaws.com"]
    error_message = "The trust policy must name the trusted service."
  }

  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Action == "sts:AssumeRole" && length(jsondecode(aws_iam_role.this.assume_role_policy).Statement) == 1
    error_message = "A service-only role has exactly one sts:AssumeRole statement."
  }

  assert {
    condition     = aws_iam_role.this.max_session_duration == 3600 && aws_iam_role.this.permissions_boundary == null && aws_iam_role.this.path == "/"
    error_message = "Defaults: 1 hour sessions, no boundary, path /."
  }

  assert {
    condition     = length(aws_iam_role_policy.this) == 0 && length(aws_iam_role_policy_attachment.this) == 0
    error_message = "No policy by default."
  }

  assert {
    condition     = length(aws_iam_role_policies_exclusive.this) == 1 && length(aws_iam_role_policy_attachments_exclusive.this) == 1
    error_message = "Exclusive policy management is on by default."
  }

  assert {
    condition     = length(aws_iam_instance_profile.this) == 0
    error_message = "No instance profile by default."
  }

  assert {
    condition     = aws_iam_role.this.tags["Name"] == "platform-test-task" && aws_iam_role.this.tags["Team"] == "platform"
    error_message = "Tags must carry Name and the caller's tags."
  }
}

run "accounts_with_external_id_and_mfa" {
  command = plan

  variables {
    trusted_services             = []
    trusted_accounts             = ["111122223333", "444455556666"]
    trusted_accounts_external_id = "partner-1234"
    trusted_accounts_require_mfa = true
  }

  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Principal.AWS == ["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root"]
    error_message = "Trusted accounts become account root principals."
  }

  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Condition.StringEquals["sts:ExternalId"] == "partner-1234"
    error_message = "The external ID must be required."
  }

  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Condition.Bool["aws:MultiFactorAuthPresent"] == "true"
    error_message = "MFA must be required when asked."
  }
}

run "accounts_without_conditions" {
  command = plan

  variables {
    trusted_services = []
    trusted_accounts = ["111122223333"]
  }

  assert {
    condition     = !can(jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Condition)
    error_message = "No Condition key when neither external ID nor MFA is asked for."
  }
}

run "github_actions_oidc" {
  command = plan

  variables {
    trusted_services = []
    oidc_providers = {
      github = {
        provider_arn = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
        subjects     = ["repo:my-org/infra:ref:refs/heads/main", "repo:my-org/infra:environment:prod"]
      }
    }
  }

  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Action == "sts:AssumeRoleWithWebIdentity"
    error_message = "OIDC trust uses sts:AssumeRoleWithWebIdentity."
  }

  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Principal.Federated == "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
    error_message = "The federated principal is the provider ARN."
  }

  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:aud"] == ["sts.amazonaws.com"]
    error_message = "The audience defaults to sts.amazonaws.com."
  }

  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Condition.StringLike["token.actions.githubusercontent.com:sub"] == ["repo:my-org/infra:ref:refs/heads/main", "repo:my-org/infra:environment:prod"]
    error_message = "The subjects are constrained."
  }
}

run "all_trust_kinds_together" {
  command = plan

  variables {
    trusted_accounts = ["111122223333"]
    oidc_providers = {
      eks = {
        provider_arn = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.ap-northeast-2.amazonaws.com/id/ABC"
        subjects     = ["system:serviceaccount:apps:api"]
      }
    }
  }

  assert {
    condition     = [for s in jsondecode(aws_iam_role.this.assume_role_policy).Statement : s.Sid] == ["TrustedServices", "TrustedAccounts", "Oidceks"]
    error_message = "One statement per trust kind and per OIDC provider."
  }

  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[2].Condition.StringLike["oidc.eks.ap-northeast-2.amazonaws.com/id/ABC:sub"] == ["system:serviceaccount:apps:api"]
    error_message = "The condition key is the provider's host and path."
  }
}

run "nobody_trusted_is_rejected" {
  command = plan

  variables {
    trusted_services = []
  }

  expect_failures = [aws_iam_role.this]
}
