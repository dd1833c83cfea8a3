# Secrets, generated values, resource policies and replicas (mock provider, no AWS).

mock_provider "aws" {
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
  }
  mock_data "aws_caller_identity" {
    defaults = { account_id = "111122223333" }
  }
  mock_data "aws_region" {
    defaults = { name = "ap-northeast-2" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_resource "aws_secretsmanager_secret" {
    defaults = { arn = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:connectly-test/mock-AbCdEf" }
  }
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
      description = "AUTH token of the shared Redis"
      generate    = { length = 64 }
    }
    orders-db = {
      name     = "connectly/test/orders-db"
      generate = { template = { engine = "postgres", host = "db.internal", port = "5432", username = "orders", dbname = "orders" } }
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
}

run "generated_values_are_write_only" {
  command = plan

  assert {
    condition     = toset(keys(aws_secretsmanager_secret_version.generated)) == toset(["redis-auth", "orders-db"])
    error_message = "Only secrets with generate get a value from Terraform; the others are put by their owners."
  }
  assert {
    condition     = alltrue([for v in aws_secretsmanager_secret_version.generated : v.secret_string_wo_version == 1 && v.secret_string == null])
    error_message = "Generated values must go through the write-only argument (version 1), never secret_string."
  }
  assert {
    condition = (
      data.aws_secretsmanager_random_password.this["redis-auth"].password_length == 64 &&
      data.aws_secretsmanager_random_password.this["orders-db"].password_length == 32 &&
      data.aws_secretsmanager_random_password.this["orders-db"].exclude_characters == "\"'/@\\`" &&
      data.aws_secretsmanager_random_password.this["orders-db"].include_space == false &&
      data.aws_secretsmanager_random_password.this["orders-db"].require_each_included_type == true
    )
    error_message = "Passwords: the requested length (32 by default), no quote, slash, @, backslash, backtick or space, every character type."
  }
}

run "resource_policy_denies_other_accounts_and_allows_readers" {
  command = plan

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
