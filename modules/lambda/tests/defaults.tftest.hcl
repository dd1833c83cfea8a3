# Secure defaults and toggles of the lambda module (mock provider: no AWS calls).

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

run "secure_defaults" {
  command = plan

  assert {
    condition     = aws_lambda_function.this.function_name == "test-fn" && aws_lambda_function.this.runtime == "python3.12" && aws_lambda_function.this.handler == "handler.handler"
    error_message = "Name, runtime and handler must pass through."
  }

  assert {
    condition     = aws_lambda_function.this.filename == "tests/fixtures/function.zip" && aws_lambda_function.this.source_code_hash == filebase64sha256("tests/fixtures/function.zip")
    error_message = "A local package must be deployed with its filebase64sha256 hash."
  }

  assert {
    condition     = aws_lambda_function.this.tracing_config[0].mode == "Active"
    error_message = "X-Ray tracing must be Active by default."
  }

  assert {
    condition     = aws_lambda_function.this.kms_key_arn == var.kms_key_arn
    error_message = "Environment variables must be encrypted with the customer-managed key."
  }

  assert {
    condition     = module.log_group.cloudwatch_log_group_name == "/aws/lambda/${aws_lambda_function.this.function_name}" && length(aws_lambda_function.this.logging_config) == 0
    error_message = "The module's log group must have the function's default log group name (Text logging needs no logging_config)."
  }

  assert {
    condition     = aws_lambda_function.this.architectures == tolist(["x86_64"]) && aws_lambda_function.this.memory_size == 128 && aws_lambda_function.this.timeout == 3
    error_message = "Default architecture, memory and timeout."
  }

  assert {
    condition     = aws_lambda_function.this.tags["Name"] == "test-fn" && aws_lambda_function.this.tags["Team"] == "platform"
    error_message = "Tags must carry Name and the caller's tags."
  }

  assert {
    condition     = length(module.role) == 1
    error_message = "The module must create its own role by default."
  }

  assert {
    condition     = keys(local.inline_policies) == ["kms", "logs", "xray"]
    error_message = "The default role gets exactly the logs, X-Ray and KMS policies."
  }

  assert {
    condition     = toset(data.aws_iam_policy_document.logs.statement[0].actions) == toset(["logs:CreateLogStream", "logs:PutLogEvents"])
    error_message = "The role may only write to its log group (no logs:CreateLogGroup)."
  }

  assert {
    condition     = data.aws_iam_policy_document.kms.statement[0].resources == toset([var.kms_key_arn])
    error_message = "KMS decrypt must be limited to the function's key."
  }

  assert {
    condition     = length(aws_lambda_function.this.dead_letter_config) == 0 && length(aws_lambda_function.this.vpc_config) == 0 && length(aws_lambda_function.this.environment) == 0
    error_message = "No DLQ, VPC or environment by default."
  }

  assert {
    condition     = length(aws_lambda_alias.this) == 0 && length(aws_lambda_permission.this) == 0 && length(aws_lambda_function_url.this) == 0
    error_message = "No aliases, triggers or URL by default."
  }
}

run "existing_role_and_s3_package" {
  command = plan

  variables {
    create_role   = false
    role_arn      = "arn:aws:iam::111122223333:role/shared-lambda"
    local_package = null
    s3_package = {
      bucket         = "artefacts"
      key            = "test-fn/1.2.3.zip"
      object_version = "3HL4kqtJlcpXroDTDmJ"
    }
  }

  assert {
    condition     = length(module.role) == 0 && aws_lambda_function.this.role == "arn:aws:iam::111122223333:role/shared-lambda"
    error_message = "role_arn must replace the module's role."
  }

  assert {
    condition     = aws_lambda_function.this.s3_bucket == "artefacts" && aws_lambda_function.this.s3_key == "test-fn/1.2.3.zip" && aws_lambda_function.this.s3_object_version == "3HL4kqtJlcpXroDTDmJ"
    error_message = "The S3 artefact must be pinned by bucket, key and version."
  }

  assert {
    condition     = aws_lambda_function.this.filename == null
    error_message = "An S3 package has no local file."
  }
}

run "vpc_dlq_environment_and_custom_policies" {
  command = plan

  variables {
    vpc_config = {
      subnet_ids         = ["subnet-0aaa", "subnet-0bbb"]
      security_group_ids = ["sg-0ccc"]
    }
    dead_letter_target_arn         = "arn:aws:sqs:ap-northeast-2:111122223333:test-fn-dlq"
    attach_dead_letter_policy      = true
    reserved_concurrent_executions = 10
    environment_variables          = { GREETING = "hi" }
    policy_statements = {
      ReadConfig = {
        actions   = ["ssm:GetParameter"]
        resources = ["arn:aws:ssm:ap-northeast-2:111122223333:parameter/test-fn/*"]
      }
    }
    policy_arns = { insights = "arn:aws:iam::aws:policy/CloudWatchLambdaInsightsExecutionRolePolicy" }
  }

  assert {
    condition     = toset(aws_lambda_function.this.vpc_config[0].subnet_ids) == toset(["subnet-0aaa", "subnet-0bbb"])
    error_message = "The VPC config must pass through."
  }

  assert {
    condition     = keys(local.inline_policies) == ["custom", "dead-letter", "kms", "logs", "vpc", "xray"]
    error_message = "VPC, DLQ and custom statements must each add one inline policy."
  }

  assert {
    condition     = contains(data.aws_iam_policy_document.vpc[0].statement[1].resources, "arn:aws:ec2:ap-northeast-2:111122223333:subnet/subnet-0aaa") && contains(data.aws_iam_policy_document.vpc[0].statement[1].resources, "arn:aws:ec2:ap-northeast-2:111122223333:security-group/sg-0ccc")
    error_message = "ENI creation must be limited to the function's subnets and security groups."
  }

  assert {
    condition     = data.aws_iam_policy_document.vpc[0].statement[2].resources == toset(["arn:aws:ec2:ap-northeast-2:111122223333:network-interface/*"])
    error_message = "ENI management must be limited to network interfaces of the account and region."
  }

  assert {
    condition     = data.aws_iam_policy_document.dead_letter[0].statement[0].actions == toset(["sqs:SendMessage"]) && data.aws_iam_policy_document.dead_letter[0].statement[0].resources == toset([var.dead_letter_target_arn])
    error_message = "An SQS DLQ needs sqs:SendMessage on that queue only."
  }

  assert {
    condition     = aws_lambda_function.this.dead_letter_config[0].target_arn == var.dead_letter_target_arn && aws_lambda_function.this.reserved_concurrent_executions == 10
    error_message = "DLQ and reserved concurrency must pass through."
  }

  assert {
    condition     = aws_lambda_function.this.environment[0].variables["GREETING"] == "hi"
    error_message = "Environment variables must pass through."
  }

  assert {
    condition     = data.aws_iam_policy_document.custom[0].statement[0].sid == "ReadConfig"
    error_message = "policy_statements keys become Sids."
  }
}

run "sns_dead_letter_and_json_logs" {
  command = plan

  variables {
    dead_letter_target_arn    = "arn:aws:sns:ap-northeast-2:111122223333:test-fn-failures"
    attach_dead_letter_policy = true
    tracing_mode              = "PassThrough"
    logging                   = { log_format = "JSON", application_log_level = "INFO", system_log_level = "WARN" }
  }

  assert {
    condition     = data.aws_iam_policy_document.dead_letter[0].statement[0].actions == toset(["sns:Publish"])
    error_message = "An SNS DLQ needs sns:Publish."
  }

  assert {
    condition     = aws_lambda_function.this.logging_config[0].log_format == "JSON" && aws_lambda_function.this.logging_config[0].application_log_level == "INFO" && aws_lambda_function.this.logging_config[0].log_group == "/aws/lambda/test-fn"
    error_message = "JSON logging and levels must pass through."
  }

  assert {
    condition     = aws_lambda_function.this.tracing_config[0].mode == "PassThrough"
    error_message = "tracing_mode must pass through."
  }
}

run "aliases_triggers_and_url" {
  command = apply

  variables {
    publish = true
    aliases = {
      live   = { description = "production" }
      canary = { function_version = "1", routing_additional_version_weights = { "2" = 0.1 } }
    }
    allowed_triggers = {
      ApiGateway = {
        principal  = "apigateway.amazonaws.com"
        source_arn = "arn:aws:execute-api:ap-northeast-2:111122223333:abc123/*/*"
        qualifier  = "live"
      }
    }
    function_url = { qualifier = "live" }
  }

  assert {
    condition     = aws_lambda_alias.this["live"].function_version == "1" && aws_lambda_alias.this["canary"].routing_config[0].additional_version_weights["2"] == 0.1
    error_message = "Aliases point at the published version unless told otherwise."
  }

  assert {
    condition     = aws_lambda_permission.this["ApiGateway"].statement_id == "ApiGateway" && aws_lambda_permission.this["ApiGateway"].principal == "apigateway.amazonaws.com" && aws_lambda_permission.this["ApiGateway"].qualifier == "live"
    error_message = "Triggers become lambda permissions keyed by statement id."
  }

  assert {
    condition     = aws_lambda_permission.this["ApiGateway"].source_arn == "arn:aws:execute-api:ap-northeast-2:111122223333:abc123/*/*" && aws_lambda_permission.this["ApiGateway"].action == "lambda:InvokeFunction"
    error_message = "A trigger must be limited to its source ARN."
  }

  assert {
    condition     = aws_lambda_function_url.this[0].authorization_type == "AWS_IAM"
    error_message = "A function URL must use AWS_IAM by default."
  }

  assert {
    condition     = output.lambda_aliases["live"].function_version == "1" && output.lambda_role_arn == "arn:aws:iam::111122223333:role/test-fn"
    error_message = "Outputs must expose aliases and the role."
  }
}

run "alias_to_latest_without_publish" {
  command = plan

  variables {
    aliases = { live = {} }
  }

  assert {
    condition     = aws_lambda_alias.this["live"].function_version == "$LATEST"
    error_message = "Without publish an alias points at $LATEST."
  }
}

run "public_url_when_asked" {
  command = plan

  variables {
    function_url = {
      authorization_type    = "NONE"
      allow_unauthenticated = true
      cors                  = { allow_origins = ["https://example.com"], allow_methods = ["GET"] }
    }
  }

  assert {
    condition     = aws_lambda_function_url.this[0].authorization_type == "NONE" && aws_lambda_function_url.this[0].cors[0].allow_origins == toset(["https://example.com"])
    error_message = "An explicitly requested public URL must be created with its CORS settings."
  }
}
