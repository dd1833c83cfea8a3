# Rotation: the module's PostgreSQL single-user function (VPC, permissions, schedule) or an external one.
# The zip is not needed: source_code_hash is given, so the file is never read. Rotation of generated
# database credentials (a template naming the instance): tests/emulator/generate.tftest.hcl.

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

override_data {
  target = module.rotation_function[0].data.aws_caller_identity.current
  values = { account_id = "111122223333" }
}

override_resource {
  target          = module.security_group[0].aws_security_group.this
  override_during = plan
  values = {
    id  = "sg-0aaaaaaaaaaaaaaaa"
    arn = "arn:aws:ec2:ap-northeast-2:111122223333:security-group/sg-0aaaaaaaaaaaaaaaa"
  }
}

override_resource {
  target          = module.rotation_function[0].aws_lambda_function.this
  override_during = plan
  values = {
    arn = "arn:aws:lambda:ap-northeast-2:111122223333:function:connectly-test-postgres-rotation"
  }
}

variables {
  name        = "connectly-test"
  kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555"
  secrets = {
    orders-db = {
      rotation = {}
    }
    billing-db = {
      rotation = { schedule_expression = "rate(7 days)", duration = "3h", rotate_immediately = true }
    }
    plain = {}
  }
  rotation_function = {
    package                  = { source_code_hash = "UO/4LmtiKyI0M8BX8E7A8Y0vsdISgqteFe7eJ7XOTtE=" }
    rds_instance_identifiers = ["connectly-test-shared"]
    logs_kms_key_arn         = "arn:aws:kms:ap-northeast-2:111122223333:key/77777777-2222-3333-4444-555555555555"
    vpc = {
      vpc_id               = "vpc-0123456789abcdef0"
      subnet_ids           = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
      database_cidr_blocks = { data-a = "10.10.128.0/22", data-b = "10.10.132.0/22" }
    }
  }
}

run "module_function_rotates_postgres_secrets" {
  command = plan

  assert {
    condition     = length(module.rotation_function) == 1 && toset(keys(aws_secretsmanager_secret_rotation.this)) == toset(["orders-db", "billing-db"])
    error_message = "One function, and rotation for exactly the secrets that ask for it."
  }
  assert {
    condition = (
      module.rotation_function[0].lambda_function_name == "connectly-test-postgres-rotation" &&
      aws_secretsmanager_secret_rotation.this["orders-db"].rotation_lambda_arn == module.rotation_function[0].lambda_function_arn
    )
    error_message = "Secrets without lambda_arn are rotated by the module's function."
  }
  assert {
    condition = (
      one(aws_secretsmanager_secret_rotation.this["orders-db"].rotation_rules).automatically_after_days == 30 &&
      one(aws_secretsmanager_secret_rotation.this["orders-db"].rotation_rules).schedule_expression == null &&
      aws_secretsmanager_secret_rotation.this["orders-db"].rotate_immediately == false
    )
    error_message = "Default schedule: every 30 days, first rotation at the first scheduled time."
  }
  assert {
    condition = (
      one(aws_secretsmanager_secret_rotation.this["billing-db"].rotation_rules).schedule_expression == "rate(7 days)" &&
      one(aws_secretsmanager_secret_rotation.this["billing-db"].rotation_rules).automatically_after_days == null &&
      one(aws_secretsmanager_secret_rotation.this["billing-db"].rotation_rules).duration == "3h" &&
      aws_secretsmanager_secret_rotation.this["billing-db"].rotate_immediately == true
    )
    error_message = "schedule_expression, duration and rotate_immediately are passed through."
  }
  assert {
    condition = (
      module.rotation_function[0].lambda_function_arn == "arn:aws:lambda:ap-northeast-2:111122223333:function:connectly-test-postgres-rotation" &&
      output.rotation_function_arn == module.rotation_function[0].lambda_function_arn
    )
    error_message = "The function's ARN is an output."
  }
  # was run "function_settings" (same inputs)
  assert {
    condition = (
      module.rotation_function[0].lambda_function_name == "connectly-test-postgres-rotation" &&
      output.rotation_function_security_group_id == "sg-0aaaaaaaaaaaaaaaa"
    )
    error_message = "The function and its security group are created."
  }
  assert {
    condition = (
      module.security_group[0].security_group_name == "connectly-test-postgres-rotation-lambda" &&
      length(module.security_group[0].egress_rule_ids) == 3 && length(module.security_group[0].ingress_rule_ids) == 0
    )
    error_message = "The security group has egress only: PostgreSQL to each database CIDR block and HTTPS to the API."
  }
  # was run "function_permissions_are_scoped" (same inputs)
  assert {
    condition = (
      local.function_statements.RotateOwnSecrets.resources == ["arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:*"] &&
      one(local.function_statements.RotateOwnSecrets.conditions).variable == "secretsmanager:resource/AllowRotationLambdaArn" &&
      one(local.function_statements.RotateOwnSecrets.conditions).values == ["arn:aws:lambda:ap-northeast-2:111122223333:function:connectly-test-postgres-rotation"] &&
      !contains(local.function_statements.RotateOwnSecrets.actions, "secretsmanager:*")
    )
    error_message = "The function may only touch secrets whose rotation names it."
  }
  assert {
    condition = (
      local.function_statements.DecryptThroughSecretsManager.resources == [var.kms_key_arn] &&
      one(local.function_statements.DecryptThroughSecretsManager.conditions).values == ["secretsmanager.ap-northeast-2.amazonaws.com"]
    )
    error_message = "The function may use the secrets key only through Secrets Manager."
  }
  assert {
    condition     = local.function_statements.DescribeDatabases.resources == ["arn:aws:rds:ap-northeast-2:111122223333:db:connectly-test-shared"]
    error_message = "DescribeDBInstances only on the instances named (rds_instance_identifiers and the templates)."
  }
  assert {
    condition = (
      local.environment.PGSSLMODE == "verify-full" && local.environment.PASSWORD_LENGTH == "32" &&
      !contains(keys(local.environment), "SECRETS_MANAGER_ENDPOINT")
    )
    error_message = "TLS is verified by default; passwords are 32 characters."
  }
}

run "external_rotation_function" {
  command = plan

  variables {
    secrets = {
      orders-db = {
        rotation = { lambda_arn = "arn:aws:lambda:ap-northeast-2:111122223333:function:team-rotation", automatically_after_days = 7 }
      }
    }
    rotation_function = {}
  }

  assert {
    condition     = length(module.rotation_function) == 0 && length(module.security_group) == 0
    error_message = "An external function needs no function from this module (nor its zip or logs key)."
  }
  assert {
    condition = (
      aws_secretsmanager_secret_rotation.this["orders-db"].rotation_lambda_arn == "arn:aws:lambda:ap-northeast-2:111122223333:function:team-rotation" &&
      one(aws_secretsmanager_secret_rotation.this["orders-db"].rotation_rules).automatically_after_days == 7
    )
    error_message = "The external function and schedule are used."
  }
}

run "function_for_other_layers" {
  command = plan

  variables {
    secrets                  = {}
    create_rotation_function = true
    rotation_function = {
      package          = { source_code_hash = "UO/4LmtiKyI0M8BX8E7A8Y0vsdISgqteFe7eJ7XOTtE=" }
      logs_kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/77777777-2222-3333-4444-555555555555"
    }
  }

  assert {
    condition     = length(module.rotation_function) == 1 && length(aws_secretsmanager_secret_rotation.this) == 0
    error_message = "create_rotation_function creates the function without any secret of this module."
  }
  assert {
    condition     = !contains(keys(local.function_statements), "DescribeDatabases")
    error_message = "Without RDS identifiers there is no rds:DescribeDBInstances permission."
  }
}

run "function_outside_a_vpc" {
  command = plan

  variables {
    rotation_function = {
      package          = { source_code_hash = "UO/4LmtiKyI0M8BX8E7A8Y0vsdISgqteFe7eJ7XOTtE=" }
      logs_kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/77777777-2222-3333-4444-555555555555"
    }
  }

  assert {
    condition     = length(module.rotation_function) == 1 && length(module.security_group) == 0 && output.rotation_function_security_group_id == null
    error_message = "Without vpc the function gets no security group (for databases reachable without a VPC)."
  }
}
