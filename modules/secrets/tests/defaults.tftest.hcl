# Secrets, resource policies and replicas (no AWS). Generated values: tests/emulator/generate.tftest.hcl.

# Terraform 1.11's mock providers reject a configuration with an ephemeral resource (the module asks for
# generated values with one), so the real provider runs offline: no credentials checked, no account looked
# up, and everything that would call AWS is overridden. No run generates a value (that would call
# GetRandomPassword): tests/emulator/ covers generation against the emulator.
provider "aws" {
  region                      = "ap-northeast-2"
  access_key                  = "offline"
  secret_key                  = "offline"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

override_data {
  target = data.aws_caller_identity.current
  values = { account_id = "111122223333" }
}

# The apply run creates nothing: the secrets and their policies are overridden.
override_resource {
  target = aws_secretsmanager_secret.this
  values = { arn = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:connectly-test/mock-AbCdEf" }
}

override_resource {
  target = aws_secretsmanager_secret_policy.this
}

variables {
  name        = "connectly-test"
  kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555"
  secrets = {
    api-key = {
      description = "Third-party API key, put by its owner"
      readers     = ["arn:aws:iam::111122223333:role/orders-task"]
    }
    redis-auth = {
      description = "AUTH token of the shared Redis, put by its owner"
    }
    orders-db = {
      name = "connectly/test/orders-db"
    }
  }
  tags = { Team = "platform" }
}

run "secure_defaults" {
  command = plan

  assert {
    condition     = length(aws_secretsmanager_secret.this) == 3 && alltrue([for s in aws_secretsmanager_secret.this : s.kms_key_id == var.kms_key_arn])
    error_message = "Every secret must be encrypted with the given customer-managed key."
  }
  assert {
    condition     = aws_secretsmanager_secret.this["api-key"].name == "connectly-test/api-key" && aws_secretsmanager_secret.this["orders-db"].name == "connectly/test/orders-db"
    error_message = "Names default to NAME/KEY; an explicit name wins."
  }
  assert {
    condition     = alltrue([for s in aws_secretsmanager_secret.this : s.recovery_window_in_days == 30])
    error_message = "Deleted secrets must be recoverable for 30 days by default."
  }
  assert {
    condition     = aws_secretsmanager_secret.this["api-key"].tags["Name"] == "connectly-test/api-key" && aws_secretsmanager_secret.this["api-key"].tags["Team"] == "platform"
    error_message = "Secrets must carry Name and the given tags."
  }
  assert {
    condition     = alltrue([for s in aws_secretsmanager_secret.this : length(s.replica) == 0])
    error_message = "No replicas without replica_regions."
  }
  assert {
    condition     = length(aws_secretsmanager_secret_rotation.this) == 0 && length(module.rotation_function) == 0 && length(module.security_group) == 0
    error_message = "Without rotation, neither rotation nor the rotation function may be created."
  }
  assert {
    condition     = output.rotation_function_arn == null && output.rotation_function_security_group_id == null
    error_message = "Function outputs are null when no function is created."
  }
  # was run "no_value_without_generate" (same inputs)
  assert {
    condition     = length(aws_secretsmanager_secret_version.generated) == 0
    error_message = "Without generate the module writes no value: the secret's owner puts one."
  }
  # was run "resource_policy_denies_other_accounts_and_allows_readers" (same inputs)
  assert {
    condition = alltrue([for k, d in data.aws_iam_policy_document.this : (
      d.statement[0].sid == "DenyOutsideAccount" && d.statement[0].effect == "Deny" &&
      d.statement[0].actions == toset(["secretsmanager:*"]) &&
      anytrue([for c in d.statement[0].condition : c.test == "StringNotEquals" && c.variable == "aws:PrincipalAccount" && c.values == tolist(["111122223333"])]) &&
      anytrue([for c in d.statement[0].condition : c.test == "BoolIfExists" && c.variable == "aws:PrincipalIsAWSService" && c.values == tolist(["false"])])
    )])
    error_message = "Every secret's policy must deny principals outside the account."
  }
  assert {
    condition = (
      length(data.aws_iam_policy_document.this["api-key"].statement) == 2 &&
      data.aws_iam_policy_document.this["api-key"].statement[1].effect == "Allow" &&
      data.aws_iam_policy_document.this["api-key"].statement[1].actions == toset(["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]) &&
      one(data.aws_iam_policy_document.this["api-key"].statement[1].principals).identifiers == toset(["arn:aws:iam::111122223333:role/orders-task"])
    )
    error_message = "Readers get GetSecretValue and DescribeSecret, nothing more."
  }
  assert {
    condition     = length(data.aws_iam_policy_document.this["redis-auth"].statement) == 1
    error_message = "A secret without readers has only the deny statement."
  }
  assert {
    condition     = alltrue([for p in aws_secretsmanager_secret_policy.this : p.block_public_policy == true])
    error_message = "Public policies must be blocked."
  }
}

run "organization_boundary" {
  command = plan

  variables {
    organization_id = "o-abcd123456"
  }

  assert {
    condition = (
      data.aws_iam_policy_document.this["api-key"].statement[0].sid == "DenyOutsideOrganization" &&
      anytrue([for c in data.aws_iam_policy_document.this["api-key"].statement[0].condition : c.variable == "aws:PrincipalOrgID" && c.values == tolist(["o-abcd123456"])]) &&
      !anytrue([for c in data.aws_iam_policy_document.this["api-key"].statement[0].condition : c.variable == "aws:PrincipalAccount"])
    )
    error_message = "With organization_id the policy denies principals outside the organization."
  }
}

run "replicas_for_dr" {
  command = plan

  variables {
    replica_regions = {
      ap-northeast-1 = { kms_key_arn = "arn:aws:kms:ap-northeast-1:111122223333:key/99999999-2222-3333-4444-555555555555" }
    }
    secrets = {
      orders-db = { replicate = true }
      local     = {}
    }
  }

  assert {
    condition = (
      length(aws_secretsmanager_secret.this["orders-db"].replica) == 1 &&
      one(aws_secretsmanager_secret.this["orders-db"].replica).region == "ap-northeast-1" &&
      one(aws_secretsmanager_secret.this["orders-db"].replica).kms_key_id == "arn:aws:kms:ap-northeast-1:111122223333:key/99999999-2222-3333-4444-555555555555"
    )
    error_message = "A replicated secret gets one replica per region, with that region's key."
  }
  assert {
    condition     = length(aws_secretsmanager_secret.this["local"].replica) == 0
    error_message = "Secrets without replicate stay in one region."
  }
}

run "outputs_by_key" {
  command = apply

  assert {
    condition     = toset(keys(output.secret_arns)) == toset(["api-key", "orders-db", "redis-auth"]) && startswith(output.secret_arns["api-key"], "arn:aws:secretsmanager:") && output.secret_names["redis-auth"] == "connectly-test/redis-auth"
    error_message = "secret_arns and secret_names are maps by key."
  }
}
