mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group
}

variables {
  name             = "platform-test-task"
  trusted_services = ["ecs-tasks.amazonaws.com"]
}

# Merged validation runs (issue 20: one provider start instead of 11); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs_1" {
  command = plan
  variables {
    # name_invalid
    name = "role with spaces"

    # path_invalid
    path = "platform"

    # description_too_long
    description = format("%s%s", join("", [for i in range(1000) : "d"]), "d")

    # trusted_services_invalid
    trusted_services = ["ecs-tasks"]

    # trusted_accounts_invalid
    trusted_accounts = ["12345"]

    # external_id_invalid
    trusted_accounts_external_id = "x"

    # oidc_key_invalid
    oidc_providers = { "git hub" = { provider_arn = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com", subjects = ["repo:o/r:ref:refs/heads/main"] } }

    # permissions_boundary_invalid
    permissions_boundary_arn = "platform-boundary"

    # inline_policy_name_invalid
    inline_policies = { "bad name" = jsonencode({ Version = "2012-10-17", Statement = [] }) }

    # managed_policy_key_invalid
    managed_policy_arns = { "bad key" = "arn:aws:iam::aws:policy/ReadOnlyAccess" }

    # max_session_duration_too_short
    max_session_duration = 900
  }
  expect_failures = [
    var.name,                         # name_invalid
    var.path,                         # path_invalid
    var.description,                  # description_too_long
    var.trusted_services,             # trusted_services_invalid
    var.trusted_accounts,             # trusted_accounts_invalid
    var.trusted_accounts_external_id, # external_id_invalid
    var.oidc_providers,               # oidc_key_invalid
    var.permissions_boundary_arn,     # permissions_boundary_invalid
    var.inline_policies,              # inline_policy_name_invalid
    var.managed_policy_arns,          # managed_policy_key_invalid
    var.max_session_duration,         # max_session_duration_too_short
  ]
}

# Merged validation runs (issue 20: one provider start instead of 4); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs_2" {
  command = plan
  variables {
    # oidc_provider_arn_invalid
    oidc_providers = { github = { provider_arn = "token.actions.githubusercontent.com", subjects = ["repo:o/r:ref:refs/heads/main"] } }

    # inline_policy_not_json
    inline_policies = { p = "not json" }

    # managed_policy_arn_invalid
    managed_policy_arns = { ro = "ReadOnlyAccess" }

    # max_session_duration_too_long
    max_session_duration = 43201
  }
  expect_failures = [
    var.oidc_providers,       # oidc_provider_arn_invalid
    var.inline_policies,      # inline_policy_not_json
    var.managed_policy_arns,  # managed_policy_arn_invalid
    var.max_session_duration, # max_session_duration_too_long
  ]
}

# Merged validation runs (issue 20: one provider start instead of 3); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs_3" {
  command = plan
  variables {
    # oidc_audience_wildcard
    oidc_providers = { github = { provider_arn = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com", audiences = ["*"], subjects = ["repo:o/r:ref:refs/heads/main"] } }

    # inline_policy_allows_everything
    inline_policies = { admin = jsonencode({ Version = "2012-10-17", Statement = { Effect = "Allow", Action = "*", Resource = "*" } }) }

    # managed_policy_too_many
    managed_policy_arns = { for i in range(21) : "p${i}" => "arn:aws:iam::111122223333:policy/p${i}" }
  }
  expect_failures = [
    var.oidc_providers,      # oidc_audience_wildcard
    var.inline_policies,     # inline_policy_allows_everything
    var.managed_policy_arns, # managed_policy_too_many
  ]
}

run "oidc_subjects_empty" {
  command = plan
  variables {
    oidc_providers = { github = { provider_arn = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com", subjects = [] } }
  }
  expect_failures = [var.oidc_providers]
}

run "oidc_subject_wildcard" {
  command = plan
  variables {
    oidc_providers = { eks = { provider_arn = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.ap-northeast-2.amazonaws.com/id/ABC", subjects = ["*"] } }
  }
  expect_failures = [var.oidc_providers]
}

run "oidc_github_whole_org" {
  command = plan
  variables {
    oidc_providers = { github = { provider_arn = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com", subjects = ["repo:my-org/*"] } }
  }
  expect_failures = [var.oidc_providers]
}

