locals {
  create_replication_group = var.create && !var.serverless
  create_serverless        = var.create && var.serverless

  description = coalesce(var.description, "${var.name} (managed by Terraform)")

  engine_version = coalesce(var.engine_version, var.engine == "valkey" ? "8.0" : "7.1")
  engine_major   = split(".", local.engine_version)[0]
  parameter_group_family = coalesce(
    var.parameter_group_family,
    var.engine == "redis" && local.engine_major == "6" ? "redis6.x" : "${var.engine}${local.engine_major}",
  )

  # cluster-enabled must match the topology; everything else comes from var.parameters.
  parameters = merge(
    var.parameters,
    var.cluster_mode_enabled ? { "cluster-enabled" = "yes" } : {},
  )

  # A serverless cache always serves the primary endpoint on 6379 and the reader endpoint on 6380.
  from_port = var.serverless ? 6379 : var.port
  to_port   = var.serverless ? 6380 : var.port

  subnet_group_name    = var.create_subnet_group ? one(aws_elasticache_subnet_group.this[*].name) : var.subnet_group_name
  parameter_group_name = var.create_parameter_group ? one(aws_elasticache_parameter_group.this[*].name) : var.parameter_group_name

  security_group_ids = concat(
    [for sg in module.security_group : sg.security_group_id],
    var.security_group_ids,
  )

  # The AUTH token is read from Secrets Manager at plan time. aws_elasticache_replication_group.auth_token is
  # not a write-only argument in provider 5.x, so the token is also stored (encrypted) in the Terraform state.
  auth_token_string = one(data.aws_secretsmanager_secret_version.auth_token[*].secret_string)
  auth_token = (
    local.auth_token_string == null ? null :
    try(var.auth_token_secret.json_key, null) == null ? local.auth_token_string :
    jsondecode(local.auth_token_string)[var.auth_token_secret.json_key]
  )

  tags = merge(var.tags, { Name = var.name })
}

################################################################################
# Security group (../security-group): ingress on the cache port only, no egress
################################################################################

module "security_group" {
  source = "../security-group"
  count  = var.create && var.create_security_group ? 1 : 0

  name        = "${var.name}-elasticache"
  description = "ElastiCache ${var.name}: ${var.engine} clients on port ${local.from_port == local.to_port ? local.from_port : "${local.from_port}-${local.to_port}"}"
  vpc_id      = var.vpc_id

  ingress_rules = local.sg_ingress_rules
  # The cache only answers connections; it opens none of its own.
  egress_rules = {}

  tags = var.tags
}

locals {
  sg_ingress_rules = merge(
    {
      for key, sg_id in var.allowed_security_groups : "sg-${key}" => {
        description                  = "${var.engine} from security group ${key}"
        from_port                    = local.from_port
        to_port                      = local.to_port
        ip_protocol                  = "tcp"
        referenced_security_group_id = sg_id
        cidr_ipv4                    = null
      }
    },
    {
      for key, cidr in var.allowed_cidr_blocks : "cidr-${key}" => {
        description                  = "${var.engine} from ${key} (${cidr})"
        from_port                    = local.from_port
        to_port                      = local.to_port
        ip_protocol                  = "tcp"
        referenced_security_group_id = null
        cidr_ipv4                    = cidr
      }
    },
  )
}

################################################################################
# Subnet group and parameter group
################################################################################

resource "aws_elasticache_subnet_group" "this" {
  count = local.create_replication_group && var.create_subnet_group ? 1 : 0

  name        = var.name
  description = "Subnets of ElastiCache ${var.name}"
  subnet_ids  = var.subnet_ids

  tags = local.tags
}

resource "aws_elasticache_parameter_group" "this" {
  count = local.create_replication_group && var.create_parameter_group ? 1 : 0

  # The family is part of the name so that an engine major upgrade creates the new group before the old one goes.
  name        = "${var.name}-${replace(local.parameter_group_family, ".", "-")}"
  family      = local.parameter_group_family
  description = "Parameters of ElastiCache ${var.name}"

  dynamic "parameter" {
    for_each = local.parameters
    content {
      name  = parameter.key
      value = parameter.value
    }
  }

  tags = local.tags

  lifecycle {
    create_before_destroy = true
  }
}

################################################################################
# AUTH token from Secrets Manager
################################################################################

data "aws_secretsmanager_secret_version" "auth_token" {
  count = local.create_replication_group && var.auth_token_secret != null ? 1 : 0

  secret_id     = var.auth_token_secret.secret_arn
  version_id    = var.auth_token_secret.version_id
  version_stage = var.auth_token_secret.version_stage
}

################################################################################
# Logs (../cloudwatch-log-group): created before the replication group delivers to them
################################################################################

module "cloudwatch_log_group" {
  source   = "../cloudwatch-log-group"
  for_each = local.create_replication_group ? var.log_types : toset([])

  name              = "/aws/elasticache/${var.name}/${each.key}"
  retention_in_days = var.cloudwatch_log_group_retention_in_days
  kms_key_arn       = coalesce(var.cloudwatch_log_group_kms_key_arn, var.kms_key_arn)
  log_group_class   = var.cloudwatch_log_group_class

  tags = var.tags
}

################################################################################
# Replication group (node-based)
################################################################################

resource "aws_elasticache_replication_group" "this" {
  count = local.create_replication_group ? 1 : 0

  replication_group_id = var.name
  description          = local.description

  engine         = var.engine
  engine_version = local.engine_version
  node_type      = var.node_type
  port           = var.port

  cluster_mode            = var.cluster_mode_enabled ? "enabled" : "disabled"
  num_cache_clusters      = var.cluster_mode_enabled ? null : var.num_cache_clusters
  num_node_groups         = var.cluster_mode_enabled ? var.num_node_groups : null
  replicas_per_node_group = var.cluster_mode_enabled ? var.replicas_per_node_group : null

  automatic_failover_enabled  = var.automatic_failover_enabled
  multi_az_enabled            = var.multi_az_enabled
  preferred_cache_cluster_azs = var.cluster_mode_enabled ? null : var.preferred_cache_cluster_azs

  subnet_group_name    = local.subnet_group_name
  security_group_ids   = local.security_group_ids
  parameter_group_name = local.parameter_group_name

  at_rest_encryption_enabled = true
  kms_key_id                 = var.kms_key_arn
  transit_encryption_enabled = true

  auth_token                 = local.auth_token
  auth_token_update_strategy = local.auth_token == null ? null : var.auth_token_update_strategy
  user_group_ids             = length(var.user_group_ids) > 0 ? var.user_group_ids : null

  snapshot_retention_limit  = var.snapshot_retention_limit
  snapshot_window           = var.snapshot_window
  final_snapshot_identifier = var.skip_final_snapshot ? null : coalesce(var.final_snapshot_identifier, "${var.name}-final")
  snapshot_arns             = var.snapshot_arns
  snapshot_name             = var.snapshot_name

  maintenance_window         = var.maintenance_window
  auto_minor_version_upgrade = var.auto_minor_version_upgrade
  apply_immediately          = var.apply_immediately
  notification_topic_arn     = var.notification_topic_arn

  dynamic "log_delivery_configuration" {
    for_each = module.cloudwatch_log_group
    content {
      destination_type = "cloudwatch-logs"
      destination      = log_delivery_configuration.value.cloudwatch_log_group_name
      log_format       = var.log_format
      log_type         = log_delivery_configuration.key
    }
  }

  tags = local.tags
}

################################################################################
# Serverless cache
################################################################################

resource "aws_elasticache_serverless_cache" "this" {
  count = local.create_serverless ? 1 : 0

  name                 = var.name
  description          = local.description
  engine               = var.engine
  major_engine_version = local.engine_major

  kms_key_id         = var.kms_key_arn
  subnet_ids         = var.subnet_ids
  security_group_ids = local.security_group_ids
  user_group_id      = one(var.user_group_ids)

  snapshot_retention_limit = var.snapshot_retention_limit
  daily_snapshot_time      = split("-", var.snapshot_window)[0]

  dynamic "cache_usage_limits" {
    for_each = (var.serverless_cache_usage_limits.data_storage_maximum_gb != null || var.serverless_cache_usage_limits.ecpu_per_second_maximum != null) ? [var.serverless_cache_usage_limits] : []
    content {
      dynamic "data_storage" {
        for_each = cache_usage_limits.value.data_storage_maximum_gb != null ? [cache_usage_limits.value.data_storage_maximum_gb] : []
        content {
          maximum = data_storage.value
          unit    = "GB"
        }
      }
      dynamic "ecpu_per_second" {
        for_each = cache_usage_limits.value.ecpu_per_second_maximum != null ? [cache_usage_limits.value.ecpu_per_second_maximum] : []
        content {
          maximum = ecpu_per_second.value
        }
      }
    }
  }

  tags = local.tags
}
