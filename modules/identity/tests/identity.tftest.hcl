mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group

  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::111122223333:role/mock" }
  }
  mock_resource "aws_iam_policy" {
    defaults = { arn = "arn:aws:iam::111122223333:policy/platform-terraform-boundary" }
  }
  mock_resource "aws_iam_openid_connect_provider" {
    defaults = { arn = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }
  }
}

variables {
  github_repository = "connectly/platform"
  environment       = "prod"
  terraform_state = {
    bucket_arn     = "arn:aws:s3:::prod-connectly"
    kms_key_arn    = "arn:aws:kms:ap-northeast-2:111122223333:key/00000000-0000-0000-0000-000000000000"
    lock_table_arn = "arn:aws:dynamodb:ap-northeast-2:111122223333:table/prod-connectly-tf-lock"
  }
}

run "roles_trust_and_boundary" {
  command = plan

  assert {
    condition     = aws_iam_openid_connect_provider.github[0].url == "https://token.actions.githubusercontent.com" && aws_iam_openid_connect_provider.github[0].client_id_list == toset(["sts.amazonaws.com"])
    error_message = "The account gets GitHub's OIDC provider for the sts.amazonaws.com audience."
  }
  assert {
    condition     = local.trust_policies["plan"].Statement[0].Condition.StringLike["token.actions.githubusercontent.com:sub"] == ["repo:connectly/platform:pull_request", "repo:connectly/platform:ref:refs/heads/main", "repo:connectly/platform:environment:*-promotion"] && local.trust_policies["plan"].Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:aud"] == "sts.amazonaws.com"
    error_message = "The plan role trusts the repository's pull requests and main branch only."
  }
  assert {
    condition     = local.trust_policies["apply"].Statement[0].Condition.StringLike["token.actions.githubusercontent.com:sub"] == ["repo:connectly/platform:environment:prod"] && aws_iam_role.apply.name == "github-apply-prod"
    error_message = "The apply role trusts the protected GitHub environment of this account only."
  }
  assert {
    condition     = aws_iam_role.platform_terraform.name == "platform-terraform" && aws_iam_role.platform_terraform.permissions_boundary == "arn:aws:iam::111122223333:policy/platform-terraform-boundary"
    error_message = "platform-terraform runs within the permissions boundary."
  }
  assert {
    condition     = toset([for s in local.boundary_policy.Statement : s.Sid if s.Effect == "Deny"]) == toset(["NoBoundaryChanges", "NoIdentityRoleChanges", "NoAccountOrOrganisationChanges"])
    error_message = "The boundary denies changes to itself, to the identity roles and to the account."
  }
  assert {
    condition     = toset(one([for s in local.state_policies["plan"].Statement : s.Action if s.Sid == "StateObjects"])) == toset(["s3:GetObject"]) && contains(one([for s in local.state_policies["apply"].Statement : s.Action if s.Sid == "StateObjects"]), "s3:PutObject")
    error_message = "The plan role reads the state and never writes it; the apply role writes it."
  }
}

run "invalid_inputs_are_refused" {
  command = plan

  variables {
    github_repository = "platform"
    environment       = "Prod"
    terraform_state   = { bucket_arn = "prod-connectly", kms_key_arn = "alias/terraform-state" }
  }

  expect_failures = [
    var.github_repository,
    var.environment,
    var.terraform_state,
  ]
}
