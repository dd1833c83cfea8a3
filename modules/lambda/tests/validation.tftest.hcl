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

# Merged validation runs (issue 20: one provider start instead of 22); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
# Variable checks, several per run (issue 20: each run starts the provider): each run breaks several
# variables at once, each with the value its former one-check run used (named in the comment above it), and
# a run passes only if every listed variable fails, so a check that stops failing still fails its run.
# A variable with several checks appears in several runs; a check that reads other variables runs apart
# from the runs that set those.
run "invalid_inputs_1" {
  command = plan
  variables {
    # function_name_invalid
    function_name = "my function"

    # local_package_not_zip
    local_package = { path = "src/handler.py" }

    # handler_empty
    handler = ""

    # runtime_deprecated
    runtime = "python2.7"

    # architecture_invalid
    architecture = "arm"

    # memory_too_small
    memory_size = 64

    # timeout_too_long
    timeout = 901

    # ephemeral_storage_too_small
    ephemeral_storage_size = 256

    # layers_not_arns
    layers = ["my-layer"]

    # environment_reserved_key
    environment_variables = { AWS_REGION = "x" }

    # kms_key_not_arn
    kms_key_arn = "alias/lambda"

    # tracing_mode_invalid
    tracing_mode = "Off"

    # reserved_concurrency_negative
    reserved_concurrent_executions = -1

    # dead_letter_not_sqs_or_sns
    dead_letter_target_arn    = "arn:aws:s3:::bucket"
    attach_dead_letter_policy = true

    # vpc_without_security_group
    vpc_config = { subnet_ids = ["subnet-1"], security_group_ids = [] }

    # log_format_invalid
    logging = { log_format = "XML" }

    # role_arn_with_create_role
    role_arn = "arn:aws:iam::111122223333:role/shared-lambda"

    # policy_statement_bad_sid
    policy_statements = { "read-config" = { actions = ["ssm:GetParameter"], resources = ["arn:aws:ssm:ap-northeast-2:111122223333:parameter/x"] } }

    # policy_arn_invalid
    policy_arns = { x = "ReadOnlyAccess" }

    # alias_name_numeric
    aliases = { "123" = {} }

    # trigger_bad_statement_id
    allowed_triggers = { "bad id!" = { principal = "111122223333" } }

    # function_url_bad_auth_type
    function_url = { authorization_type = "COGNITO" }
  }
  expect_failures = [
    var.function_name,                  # function_name_invalid
    var.local_package,                  # local_package_not_zip
    var.handler,                        # handler_empty
    var.runtime,                        # runtime_deprecated
    var.architecture,                   # architecture_invalid
    var.memory_size,                    # memory_too_small
    var.timeout,                        # timeout_too_long
    var.ephemeral_storage_size,         # ephemeral_storage_too_small
    var.layers,                         # layers_not_arns
    var.environment_variables,          # environment_reserved_key
    var.kms_key_arn,                    # kms_key_not_arn
    var.tracing_mode,                   # tracing_mode_invalid
    var.reserved_concurrent_executions, # reserved_concurrency_negative
    var.dead_letter_target_arn,         # dead_letter_not_sqs_or_sns
    var.vpc_config,                     # vpc_without_security_group
    var.logging,                        # log_format_invalid
    var.role_arn,                       # role_arn_with_create_role
    var.policy_statements,              # policy_statement_bad_sid
    var.policy_arns,                    # policy_arn_invalid
    var.aliases,                        # alias_name_numeric
    var.allowed_triggers,               # trigger_bad_statement_id
    var.function_url,                   # function_url_bad_auth_type
  ]
}

# Merged validation runs (issue 20: one provider start instead of 7); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs_2" {
  command = plan
  variables {
    # package_both
    s3_package = { bucket = "b", key = "k.zip", object_version = "v1" }

    # log_levels_need_json
    logging = { application_log_level = "INFO" }

    # role_arn_invalid
    create_role = false
    role_arn    = "my-role"

    # policy_statement_wildcard
    policy_statements = { ReadAll = { actions = ["s3:GetObject"], resources = ["*"] } }

    # alias_weight_out_of_range
    aliases = { live = { function_version = "1", routing_additional_version_weights = { "2" = 1.5 } } }

    # trigger_service_without_source_arn
    allowed_triggers = { Events = { principal = "events.amazonaws.com" } }

    # function_url_public_not_asked
    function_url = { authorization_type = "NONE" }
  }
  expect_failures = [
    var.s3_package,        # package_both
    var.logging,           # log_levels_need_json
    var.role_arn,          # role_arn_invalid
    var.policy_statements, # policy_statement_wildcard
    var.aliases,           # alias_weight_out_of_range
    var.allowed_triggers,  # trigger_service_without_source_arn
    var.function_url,      # function_url_public_not_asked
  ]
}

# Merged validation runs (issue 20: one provider start instead of 3); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs_3" {
  command = plan
  variables {
    # package_none
    local_package = null

    # dead_letter_policy_without_target
    attach_dead_letter_policy = true

    # trigger_s3_without_source_account
    allowed_triggers = { S3 = { principal = "s3.amazonaws.com", source_arn = "arn:aws:s3:::bucket" } }
  }
  expect_failures = [
    var.s3_package,             # package_none
    var.dead_letter_target_arn, # dead_letter_policy_without_target
    var.allowed_triggers,       # trigger_s3_without_source_account
  ]
}

# Merged validation runs (issue 20: one provider start instead of 2); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs_4" {
  command = plan
  variables {
    # dead_letter_target_without_policy
    dead_letter_target_arn = "arn:aws:sqs:ap-northeast-2:111122223333:test-fn-dlq"

    # trigger_any_principal
    allowed_triggers = { Anyone = { principal = "*" } }
  }
  expect_failures = [
    var.dead_letter_target_arn, # dead_letter_target_without_policy
    var.allowed_triggers,       # trigger_any_principal
  ]
}

