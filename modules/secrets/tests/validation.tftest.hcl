# One run per input validation: each must reject its bad value (plan only).

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

variables {
  name        = "connectly-test"
  kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555"
}

# Variable checks, several per run (issue 20: each run starts the provider): each run breaks several
# variables at once, each with the value its former one-check run used (named in the comment above it), and
# a run passes only if every listed variable fails, so a check that stops failing still fails its run.
# A variable with several checks appears in several runs; a check that reads other variables runs apart
# from the runs that set those.
run "invalid_inputs_1" {
  command = plan

  variables {
    # name_format
    name = "Connectly_Test"
    # kms_key_arn_format
    kms_key_arn = "alias/secrets"
    # secret_key_format
    secrets = { "bad key!" = {} }
    # organization_id_format
    organization_id = "123456789012"
    # log_group_class
    rotation_function_log_group_class = "COLD"
  }
  expect_failures = [var.name, var.kms_key_arn, var.secrets, var.organization_id, var.rotation_function_log_group_class]
}

run "secret_name_format" {
  command = plan

  variables {
    secrets = { a = { name = "has spaces in it" } }
  }

  expect_failures = [var.secrets]
}

run "recovery_window" {
  command = plan

  variables {
    secrets = { a = { recovery_window_in_days = 3 } }
  }

  expect_failures = [var.secrets]
}

run "readers_are_arns" {
  command = plan

  variables {
    secrets = { a = { readers = ["*"] } }
  }

  expect_failures = [var.secrets]
}

run "generate_length" {
  command = plan

  variables {
    secrets = { a = { generate = { length = 8 } } }
  }

  expect_failures = [var.secrets]
}

run "template_without_password" {
  command = plan

  variables {
    secrets = { a = { generate = { template = { username = "app", password = "hunter2" } } } }
  }

  expect_failures = [var.secrets]
}

run "rotation_one_schedule" {
  command = plan

  variables {
    secrets = { a = { rotation = { lambda_arn = "arn:aws:lambda:ap-northeast-2:111122223333:function:f", automatically_after_days = 7, schedule_expression = "rate(7 days)" } } }
  }

  expect_failures = [var.secrets]
}

run "rotation_days_range" {
  command = plan

  variables {
    secrets = { a = { rotation = { lambda_arn = "arn:aws:lambda:ap-northeast-2:111122223333:function:f", automatically_after_days = 91 } } }
  }

  expect_failures = [var.secrets]
}

run "rotation_schedule_expression" {
  command = plan

  variables {
    secrets = { a = { rotation = { lambda_arn = "arn:aws:lambda:ap-northeast-2:111122223333:function:f", schedule_expression = "every week" } } }
  }

  expect_failures = [var.secrets]
}

run "rotation_rate_at_most_90_days" {
  command = plan

  variables {
    secrets = { a = { rotation = { lambda_arn = "arn:aws:lambda:ap-northeast-2:111122223333:function:f", schedule_expression = "rate(120 days)" } } }
  }

  expect_failures = [var.secrets]
}

run "rotation_duration" {
  command = plan

  variables {
    secrets = { a = { rotation = { lambda_arn = "arn:aws:lambda:ap-northeast-2:111122223333:function:f", duration = "90m" } } }
  }

  expect_failures = [var.secrets]
}

run "rotation_lambda_arn" {
  command = plan

  variables {
    secrets = { a = { rotation = { lambda_arn = "arn:aws:lambda:ap-northeast-2:111122223333:function:f:live" } } }
  }

  expect_failures = [var.secrets]
}

run "invalid_inputs_13" {
  command = plan

  variables {
    # replica_key_in_its_region
    replica_regions = { ap-northeast-1 = { kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555" } }
    # ssl_mode_never_plain
    rotation_function = { ssl_mode = "disable" }
  }
  expect_failures = [var.replica_regions, var.rotation_function]
}

run "replicate_needs_regions" {
  command = plan

  variables {
    secrets = { a = { replicate = true } }
  }

  expect_failures = [var.replica_regions]
}

run "password_length" {
  command = plan

  variables {
    rotation_function = { password_length = 12 }
  }

  expect_failures = [var.rotation_function]
}

run "logs_key_format" {
  command = plan

  variables {
    rotation_function = { logs_kms_key_arn = "alias/logs" }
  }

  expect_failures = [var.rotation_function]
}

run "logs_key_required_with_function" {
  command = plan

  variables {
    create_rotation_function = true
    rotation_function        = { package = { source_code_hash = "abc=" } }
  }

  expect_failures = [var.rotation_function]
}

run "vpc_shape" {
  command = plan

  variables {
    rotation_function = { vpc = { vpc_id = "vpc-0123456789abcdef0", subnet_ids = [], database_cidr_blocks = {} } }
  }

  expect_failures = [var.rotation_function]
}

run "rds_identifiers" {
  command = plan

  variables {
    rotation_function = { rds_instance_identifiers = ["Shared_DB"] }
  }

  expect_failures = [var.rotation_function]
}

run "zip_must_exist" {
  command = plan

  variables {
    create_rotation_function = true
    rotation_function = {
      package          = { path = "does/not/exist.zip" }
      logs_kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/77777777-2222-3333-4444-555555555555"
    }
  }

  expect_failures = [var.rotation_function]
}

