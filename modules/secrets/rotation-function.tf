################################################################################
# The PostgreSQL single-user rotation function (functions/postgres-single-user)
################################################################################

locals {
  create_function = var.create_rotation_function || length(local.own_rotation) > 0
  rf              = var.rotation_function
  function_name   = "${var.name}-postgres-rotation"
  # Known before the function exists, so the role's policy can name it without a dependency cycle.
  function_arn = "arn:${local.partition}:lambda:${local.region}:${local.account_id}:function:${local.function_name}"
  package_path = coalesce(local.rf.package.path, "${path.module}/functions/build/postgres-single-user.zip")

  rds_instance_identifiers = distinct(concat(
    local.rf.rds_instance_identifiers,
    [for s in values(local.own_rotation) : s.generate.template["dbInstanceIdentifier"] if try(s.generate.template["dbInstanceIdentifier"], null) != null],
  ))

  function_statements = merge(
    {
      # Only secrets whose rotation names this function (the condition AWS's own rotation templates use):
      # the ARN pattern alone would cover every secret of the account and region.
      RotateOwnSecrets = {
        effect    = "Allow"
        actions   = ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"]
        resources = ["arn:${local.partition}:secretsmanager:${local.region}:${local.account_id}:secret:*"]
        conditions = [{
          test     = "StringEquals"
          variable = "secretsmanager:resource/AllowRotationLambdaArn"
          values   = [local.function_arn]
        }]
      }
      DecryptThroughSecretsManager = {
        effect    = "Allow"
        actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
        resources = [var.kms_key_arn]
        conditions = [{
          test     = "StringEquals"
          variable = "kms:ViaService"
          values   = ["secretsmanager.${local.region}.amazonaws.com"]
        }]
      }
    },
    length(local.rds_instance_identifiers) == 0 ? {} : {
      DescribeDatabases = {
        effect     = "Allow"
        actions    = ["rds:DescribeDBInstances"]
        resources  = [for id in local.rds_instance_identifiers : "arn:${local.partition}:rds:${local.region}:${local.account_id}:db:${id}"]
        conditions = []
      }
    },
  )

  environment = merge(
    {
      PGSSLMODE          = local.rf.ssl_mode
      PASSWORD_LENGTH    = tostring(local.rf.password_length)
      EXCLUDE_CHARACTERS = local.rf.exclude_characters
    },
    local.rf.ssl_root_cert == null ? {} : { PGSSLROOTCERT = local.rf.ssl_root_cert },
    local.rf.secrets_manager_endpoint == null ? {} : { SECRETS_MANAGER_ENDPOINT = local.rf.secrets_manager_endpoint },
  )
}

# Egress only: the database port to the database subnets, 443 to the Secrets Manager API. No ingress.
module "security_group" {
  source = "../security-group"
  count  = local.create_function && local.rf.vpc != null ? 1 : 0

  name        = "${local.function_name}-lambda"
  description = "Secrets rotation function ${local.function_name}: PostgreSQL and the Secrets Manager API"
  vpc_id      = local.rf.vpc.vpc_id

  egress_rules = merge(
    {
      for k, cidr in local.rf.vpc.database_cidr_blocks : "postgres-${k}" => {
        description = "PostgreSQL to ${k}"
        from_port   = local.rf.vpc.database_port
        to_port     = local.rf.vpc.database_port
        ip_protocol = "tcp"
        cidr_ipv4   = cidr
      }
    },
    {
      for k, cidr in local.rf.vpc.https_egress_cidr_blocks : "https-${k}" => {
        description = "Secrets Manager API (HTTPS) via ${k}"
        from_port   = 443
        to_port     = 443
        ip_protocol = "tcp"
        cidr_ipv4   = cidr
      }
    },
  )

  tags = var.tags
}

module "rotation_function" {
  source = "../lambda"
  count  = local.create_function ? 1 : 0

  function_name = local.function_name
  description   = "Secrets Manager rotation: PostgreSQL single user (${var.name})"
  handler       = "lambda_function.lambda_handler"
  runtime       = local.rf.runtime
  architecture  = local.rf.architecture
  timeout       = local.rf.timeout
  memory_size   = local.rf.memory_size

  local_package = {
    path             = local.package_path
    source_code_hash = local.rf.package.source_code_hash
  }

  # Non-secret settings only.
  environment_variables = local.environment
  kms_key_arn           = coalesce(local.rf.kms_key_arn, var.kms_key_arn)

  cloudwatch_logs_kms_key_arn       = local.rf.logs_kms_key_arn
  cloudwatch_logs_retention_in_days = local.rf.log_retention_in_days
  cloudwatch_logs_class             = var.rotation_function_log_group_class

  vpc_config = local.rf.vpc == null ? null : {
    subnet_ids         = local.rf.vpc.subnet_ids
    security_group_ids = [module.security_group[0].security_group_id]
  }

  policy_statements = local.function_statements

  # Secrets Manager may invoke it for this module's rotated secrets, each by its exact ARN.
  allowed_triggers = {
    for k in keys(local.own_rotation) : "secretsmanager-${k}" => {
      principal  = "secretsmanager.amazonaws.com"
      source_arn = aws_secretsmanager_secret.this[k].arn
    }
  }

  tags = var.tags
}
