locals {
  role_arn        = var.create_role ? module.role[0].iam_role_arn : var.role_arn
  logs_kms_key    = coalesce(var.cloudwatch_logs_kms_key_arn, var.kms_key_arn)
  log_group_name  = "/aws/lambda/${var.function_name}"
  tags            = merge(var.tags, { Name = var.function_name })
  local_code_hash = var.local_package == null ? null : (var.local_package.source_code_hash != null ? var.local_package.source_code_hash : filebase64sha256(var.local_package.path))
}

# The log group exists (encrypted, with retention) before the function can write its first line, so
# Lambda never creates an unencrypted group that keeps logs forever.
module "log_group" {
  source = "../cloudwatch-log-group"

  name              = local.log_group_name
  retention_in_days = var.cloudwatch_logs_retention_in_days
  kms_key_arn       = local.logs_kms_key
  log_group_class   = var.cloudwatch_logs_class
  tags              = local.tags
}

resource "aws_lambda_function" "this" {
  # checkov:skip=CKV_AWS_115: reserved concurrency is the reserved_concurrent_executions input; reserving by default would take capacity from the account pool (and fails on accounts with a low limit)
  # checkov:skip=CKV_AWS_116: a dead-letter target only applies to asynchronous invocations; set dead_letter_target_arn for those functions
  # checkov:skip=CKV_AWS_117: the VPC is the optional vpc_config input; functions that only call AWS APIs do not need one
  # checkov:skip=CKV_AWS_272: code signing is the optional code_signing_config_arn input; artefacts are built and hashed in CI
  function_name = var.function_name
  description   = var.description
  role          = local.role_arn
  handler       = var.handler
  runtime       = var.runtime
  architectures = [var.architecture]
  memory_size   = var.memory_size
  timeout       = var.timeout
  layers        = var.layers
  publish       = var.publish

  filename          = var.local_package == null ? null : var.local_package.path
  source_code_hash  = local.local_code_hash
  s3_bucket         = var.s3_package == null ? null : var.s3_package.bucket
  s3_key            = var.s3_package == null ? null : var.s3_package.key
  s3_object_version = var.s3_package == null ? null : var.s3_package.object_version

  code_signing_config_arn        = var.code_signing_config_arn
  kms_key_arn                    = var.kms_key_arn
  reserved_concurrent_executions = var.reserved_concurrent_executions

  ephemeral_storage {
    size = var.ephemeral_storage_size
  }

  tracing_config {
    mode = var.tracing_mode
  }

  # The module's log group has Lambda's default name, so Text logging needs no logging_config; the block
  # is only sent for JSON logging (moto 5.2.5 does not return LoggingConfig, so an unconditional block
  # would show a change on every plan in the local environment).
  dynamic "logging_config" {
    for_each = var.logging.log_format == "JSON" ? [var.logging] : []
    content {
      log_group             = module.log_group.cloudwatch_log_group_name
      log_format            = logging_config.value.log_format
      application_log_level = logging_config.value.application_log_level
      system_log_level      = logging_config.value.system_log_level
    }
  }

  dynamic "environment" {
    for_each = length(var.environment_variables) > 0 ? [true] : []
    content {
      variables = var.environment_variables
    }
  }

  dynamic "dead_letter_config" {
    for_each = var.dead_letter_target_arn == null ? [] : [var.dead_letter_target_arn]
    content {
      target_arn = dead_letter_config.value
    }
  }

  dynamic "vpc_config" {
    for_each = var.vpc_config == null ? [] : [var.vpc_config]
    content {
      subnet_ids                  = vpc_config.value.subnet_ids
      security_group_ids          = vpc_config.value.security_group_ids
      ipv6_allowed_for_dual_stack = vpc_config.value.ipv6_allowed_for_dual_stack
    }
  }

  tags = local.tags

  # The role's policies must be in place before the first invocation can log, trace or attach to the VPC.
  depends_on = [module.log_group, module.role]
}

resource "aws_lambda_alias" "this" {
  for_each = var.aliases

  name             = each.key
  description      = each.value.description
  function_name    = aws_lambda_function.this.function_name
  function_version = each.value.function_version != null ? each.value.function_version : (var.publish ? aws_lambda_function.this.version : "$LATEST")

  dynamic "routing_config" {
    for_each = length(each.value.routing_additional_version_weights) > 0 ? [true] : []
    content {
      additional_version_weights = each.value.routing_additional_version_weights
    }
  }
}

resource "aws_lambda_permission" "this" {
  for_each = var.allowed_triggers

  statement_id   = each.key
  function_name  = aws_lambda_function.this.function_name
  action         = each.value.action
  principal      = each.value.principal
  source_arn     = each.value.source_arn
  source_account = each.value.source_account
  qualifier      = each.value.qualifier

  depends_on = [aws_lambda_alias.this]
}

resource "aws_lambda_function_url" "this" {
  count = var.function_url == null ? 0 : 1

  function_name      = aws_lambda_function.this.function_name
  qualifier          = var.function_url.qualifier
  authorization_type = var.function_url.authorization_type
  invoke_mode        = var.function_url.invoke_mode

  dynamic "cors" {
    for_each = var.function_url.cors == null ? [] : [var.function_url.cors]
    content {
      allow_credentials = cors.value.allow_credentials
      allow_headers     = cors.value.allow_headers
      allow_methods     = cors.value.allow_methods
      allow_origins     = cors.value.allow_origins
      expose_headers    = cors.value.expose_headers
      max_age           = cors.value.max_age
    }
  }

  depends_on = [aws_lambda_alias.this]
}
