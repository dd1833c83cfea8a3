# One run per input validation of the lambda module: each must reject bad input.

mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group
  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:ap-northeast-2:111122223333:log-group:/aws/lambda/test-fn"
    }
  }
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::111122223333:role/test-fn"
    }
  }
  mock_resource "aws_lambda_function" {
    defaults = {
      arn           = "arn:aws:lambda:ap-northeast-2:111122223333:function:test-fn"
      qualified_arn = "arn:aws:lambda:ap-northeast-2:111122223333:function:test-fn:1"
      invoke_arn    = "arn:aws:apigateway:ap-northeast-2:lambda:path/2015-03-31/functions/arn:aws:lambda:ap-northeast-2:111122223333:function:test-fn/invocations"
      version       = "1"
    }
  }
}

variables {
  function_name = "test-fn"
  handler       = "handler.handler"
  runtime       = "python3.12"
  kms_key_arn   = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555"
  local_package = {
    path = "tests/fixtures/function.zip"
  }
  tags = {
    Team = "platform"
  }
}

run "function_name_invalid" {
  command = plan

  variables {
    function_name = "my function"
  }

  expect_failures = [var.function_name]
}

run "local_package_not_zip" {
  command = plan

  variables {
    local_package = { path = "src/handler.py" }
  }

  expect_failures = [var.local_package]
}

run "package_both" {
  command = plan

  variables {
    s3_package = { bucket = "b", key = "k.zip", object_version = "v1" }
  }

  expect_failures = [var.s3_package]
}

run "package_none" {
  command = plan

  variables {
    local_package = null
  }

  expect_failures = [var.s3_package]
}

run "handler_empty" {
  command = plan

  variables {
    handler = ""
  }

  expect_failures = [var.handler]
}

run "runtime_deprecated" {
  command = plan

  variables {
    runtime = "python2.7"
  }

  expect_failures = [var.runtime]
}

run "architecture_invalid" {
  command = plan

  variables {
    architecture = "arm"
  }

  expect_failures = [var.architecture]
}

run "memory_too_small" {
  command = plan

  variables {
    memory_size = 64
  }

  expect_failures = [var.memory_size]
}

run "timeout_too_long" {
  command = plan

  variables {
    timeout = 901
  }

  expect_failures = [var.timeout]
}

run "ephemeral_storage_too_small" {
  command = plan

  variables {
    ephemeral_storage_size = 256
  }

  expect_failures = [var.ephemeral_storage_size]
}

run "layers_not_arns" {
  command = plan

  variables {
    layers = ["my-layer"]
  }

  expect_failures = [var.layers]
}

run "environment_reserved_key" {
  command = plan

  variables {
    environment_variables = { AWS_REGION = "x" }
  }

  expect_failures = [var.environment_variables]
}

run "kms_key_not_arn" {
  command = plan

  variables {
    kms_key_arn = "alias/lambda"
  }

  expect_failures = [var.kms_key_arn]
}

run "tracing_mode_invalid" {
  command = plan

  variables {
    tracing_mode = "Off"
  }

  expect_failures = [var.tracing_mode]
}

run "reserved_concurrency_negative" {
  command = plan

  variables {
    reserved_concurrent_executions = -1
  }

  expect_failures = [var.reserved_concurrent_executions]
}

run "dead_letter_not_sqs_or_sns" {
  command = plan

  variables {
    dead_letter_target_arn    = "arn:aws:s3:::bucket"
    attach_dead_letter_policy = true
  }

  expect_failures = [var.dead_letter_target_arn]
}

run "vpc_without_security_group" {
  command = plan

  variables {
    vpc_config = { subnet_ids = ["subnet-1"], security_group_ids = [] }
  }

  expect_failures = [var.vpc_config]
}

run "log_format_invalid" {
  command = plan

  variables {
    logging = { log_format = "XML" }
  }

  expect_failures = [var.logging]
}

run "log_levels_need_json" {
  command = plan

  variables {
    logging = { application_log_level = "INFO" }
  }

  expect_failures = [var.logging]
}

run "role_arn_invalid" {
  command = plan

  variables {
    create_role = false
    role_arn    = "my-role"
  }

  expect_failures = [var.role_arn]
}

run "role_arn_with_create_role" {
  command = plan

  variables {
    role_arn = "arn:aws:iam::111122223333:role/shared-lambda"
  }

  expect_failures = [var.role_arn]
}

run "dead_letter_policy_without_target" {
  command = plan

  variables {
    attach_dead_letter_policy = true
  }

  expect_failures = [var.dead_letter_target_arn]
}

run "dead_letter_target_without_policy" {
  command = plan

  variables {
    dead_letter_target_arn = "arn:aws:sqs:ap-northeast-2:111122223333:test-fn-dlq"
  }

  expect_failures = [var.dead_letter_target_arn]
}

run "policy_statement_bad_sid" {
  command = plan

  variables {
    policy_statements = { "read-config" = { actions = ["ssm:GetParameter"], resources = ["arn:aws:ssm:ap-northeast-2:111122223333:parameter/x"] } }
  }

  expect_failures = [var.policy_statements]
}

run "policy_statement_wildcard" {
  command = plan

  variables {
    policy_statements = { ReadAll = { actions = ["s3:GetObject"], resources = ["*"] } }
  }

  expect_failures = [var.policy_statements]
}

run "policy_arn_invalid" {
  command = plan

  variables {
    policy_arns = { x = "ReadOnlyAccess" }
  }

  expect_failures = [var.policy_arns]
}

run "alias_name_numeric" {
  command = plan

  variables {
    aliases = { "123" = {} }
  }

  expect_failures = [var.aliases]
}

run "alias_weight_out_of_range" {
  command = plan

  variables {
    aliases = { live = { function_version = "1", routing_additional_version_weights = { "2" = 1.5 } } }
  }

  expect_failures = [var.aliases]
}

run "trigger_bad_statement_id" {
  command = plan

  variables {
    allowed_triggers = { "bad id!" = { principal = "111122223333" } }
  }

  expect_failures = [var.allowed_triggers]
}

run "trigger_service_without_source_arn" {
  command = plan

  variables {
    allowed_triggers = { Events = { principal = "events.amazonaws.com" } }
  }

  expect_failures = [var.allowed_triggers]
}

run "trigger_s3_without_source_account" {
  command = plan

  variables {
    allowed_triggers = { S3 = { principal = "s3.amazonaws.com", source_arn = "arn:aws:s3:::bucket" } }
  }

  expect_failures = [var.allowed_triggers]
}

run "trigger_any_principal" {
  command = plan

  variables {
    allowed_triggers = { Anyone = { principal = "*" } }
  }

  expect_failures = [var.allowed_triggers]
}

run "function_url_bad_auth_type" {
  command = plan

  variables {
    function_url = { authorization_type = "COGNITO" }
  }

  expect_failures = [var.function_url]
}

run "function_url_public_not_asked" {
  command = plan

  variables {
    function_url = { authorization_type = "NONE" }
  }

  expect_failures = [var.function_url]
}
