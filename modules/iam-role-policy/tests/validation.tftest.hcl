mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group
}

variables {
  name             = "platform-test-task"
  trusted_services = ["ecs-tasks.amazonaws.com"]
}

run "name_invalid" {
  command = plan
  variables {
    name = "role with spaces"
  }
  expect_failures = [var.name]
}

run "path_invalid" {
  command = plan
  variables {
    path = "platform"
  }
  expect_failures = [var.path]
}

run "description_too_long" {
  command = plan
  variables {
    description = format("%s%s", join("", [for i in range(1000) : "d"]), "d")
  }
  expect_failures = [var.description]
}

run "trusted_services_invalid" {
  command = plan
  variables {
    trusted_services = ["ecs-tasks"]
  }
  expect_failures = [var.trusted_services]
}

run "trusted_accounts_invalid" {
  command = plan
  variables {
    trusted_accounts = ["12345"]
  }
  expect_failures = [var.trusted_accounts]
}

run "external_id_invalid" {
  command = plan
  variables {
    trusted_accounts_external_id = "x"
  }
  expect_failures = [var.trusted_accounts_external_id]
}

run "oidc_key_invalid" {
  command = plan
  variables {
    oidc_providers = { "git hub" = { provider_arn = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com", subjects = ["repo:o/r:ref:refs/heads/main"] } }
  }
  expect_failures = [var.oidc_providers]
}

run "oidc_provider_arn_invalid" {
  command = plan
  variables {
    oidc_providers = { github = { provider_arn = "token.actions.githubusercontent.com", subjects = ["repo:o/r:ref:refs/heads/main"] } }
  }
  expect_failures = [var.oidc_providers]
}

run "oidc_audience_wildcard" {
  command = plan
  variables {
    oidc_providers = { github = { provider_arn = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com", audiences = ["*"], subjects = ["repo:o/r:ref:refs/heads/main"] } }
  }
  expect_failures = [var.oidc_providers]
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

run "permissions_boundary_invalid" {
  command = plan
  variables {
    permissions_boundary_arn = "platform-boundary"
  }
  expect_failures = [var.permissions_boundary_arn]
}

run "inline_policy_name_invalid" {
  command = plan
  variables {
    inline_policies = { "bad name" = jsonencode({ Version = "2012-10-17", Statement = [] }) }
  }
  expect_failures = [var.inline_policies]
}

run "inline_policy_not_json" {
  command = plan
  variables {
    inline_policies = { p = "not json" }
  }
  expect_failures = [var.inline_policies]
}

run "inline_policy_allows_everything" {
  command = plan
  variables {
    inline_policies = { admin = jsonencode({ Version = "2012-10-17", Statement = { Effect = "Allow", Action = "*", Resource = "*" } }) }
  }
  expect_failures = [var.inline_policies]
}

run "managed_policy_key_invalid" {
  command = plan
  variables {
    managed_policy_arns = { "bad key" = "arn:aws:iam::aws:policy/ReadOnlyAccess" }
  }
  expect_failures = [var.managed_policy_arns]
}

run "managed_policy_arn_invalid" {
  command = plan
  variables {
    managed_policy_arns = { ro = "ReadOnlyAccess" }
  }
  expect_failures = [var.managed_policy_arns]
}

run "managed_policy_too_many" {
  command = plan
  variables {
    managed_policy_arns = { for i in range(21) : "p${i}" => "arn:aws:iam::111122223333:policy/p${i}" }
  }
  expect_failures = [var.managed_policy_arns]
}

run "max_session_duration_too_short" {
  command = plan
  variables {
    max_session_duration = 900
  }
  expect_failures = [var.max_session_duration]
}

run "max_session_duration_too_long" {
  command = plan
  variables {
    max_session_duration = 43201
  }
  expect_failures = [var.max_session_duration]
}
