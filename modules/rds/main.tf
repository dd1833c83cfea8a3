data "aws_partition" "current" {}

locals {
  engine_defaults = {
    postgres = {
      version = "17"
      port    = 5432
      logs    = ["postgresql", "upgrade"]
      # TLS only; DDL and statements slower than 1 s in the postgresql log.
      parameters = {
        "rds.force_ssl"              = { value = "1", apply_method = "immediate" }
        "log_statement"              = { value = "ddl", apply_method = "immediate" }
        "log_min_duration_statement" = { value = "1000", apply_method = "immediate" }
      }
    }
    mysql = {
      version = "8.0"
      port    = 3306
      logs    = ["audit", "error", "general", "slowquery"]
      parameters = {
        "require_secure_transport" = { value = "1", apply_method = "immediate" }
        "slow_query_log"           = { value = "1", apply_method = "immediate" }
        "long_query_time"          = { value = "1", apply_method = "immediate" }
      }
    }
    mariadb = {
      version = "10.11"
      port    = 3306
      logs    = ["audit", "error", "general", "slowquery"]
      parameters = {
        "require_secure_transport" = { value = "1", apply_method = "immediate" }
        "slow_query_log"           = { value = "1", apply_method = "immediate" }
        "long_query_time"          = { value = "1", apply_method = "immediate" }
      }
    }
  }
  defaults = local.engine_defaults[var.engine]

  engine_version = coalesce(var.engine_version, local.defaults.version)
  version_parts  = split(".", local.engine_version)
  # postgres families carry the major version (postgres17); mysql and mariadb major.minor (mysql8.0).
  family = coalesce(
    var.family,
    var.engine == "postgres" ? "postgres${local.version_parts[0]}" : "${var.engine}${join(".", slice(local.version_parts, 0, min(2, length(local.version_parts))))}",
  )
  parameters = merge(local.defaults.parameters, var.parameters)

  port         = coalesce(var.port, local.defaults.port)
  logs_exports = var.enabled_cloudwatch_logs_exports != null ? var.enabled_cloudwatch_logs_exports : toset(local.defaults.logs)

  db_subnet_group_name = var.create_db_subnet_group ? aws_db_subnet_group.this[0].name : var.db_subnet_group_name
  parameter_group_name = var.create_db_parameter_group ? aws_db_parameter_group.this[0].name : var.parameter_group_name
  monitoring_role_arn = (
    var.monitoring_interval == 0 ? null :
    var.create_monitoring_role ? module.monitoring_role[0].iam_role_arn : var.monitoring_role_arn
  )

  tags = merge(var.tags, { Name = var.name })
}

################################################################################
# Security group (../security-group): database port from the given sources, no egress
################################################################################

module "security_group" {
  source = "../security-group"
  count  = var.create_security_group ? 1 : 0

  name        = "${var.name}-rds"
  description = "RDS ${var.name}: ${var.engine} clients on port ${local.port}"
  vpc_id      = var.vpc_id

  ingress_rules = local.sg_ingress_rules
  # The database only answers connections; it opens none of its own.
  egress_rules = {}

  tags = var.tags
}

locals {
  sg_ingress_rules = merge(
    {
      for key, sg_id in var.allowed_security_groups : "sg-${key}" => {
        description                  = "${var.engine} from security group ${key}"
        from_port                    = local.port
        to_port                      = local.port
        ip_protocol                  = "tcp"
        referenced_security_group_id = sg_id
        cidr_ipv4                    = null
      }
    },
    {
      for key, cidr in var.allowed_cidr_blocks : "cidr-${key}" => {
        description                  = "${var.engine} from ${key} (${cidr})"
        from_port                    = local.port
        to_port                      = local.port
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

resource "aws_db_subnet_group" "this" {
  count = var.create_db_subnet_group ? 1 : 0

  name        = var.name
  description = "Subnets of RDS ${var.name}"
  subnet_ids  = var.subnet_ids

  tags = local.tags
}

resource "aws_db_parameter_group" "this" {
  count = var.create_db_parameter_group ? 1 : 0

  # A prefix, not a fixed name: a major upgrade (new family) creates the new group before the old one goes.
  name_prefix = "${var.name}-"
  family      = local.family
  description = "Parameters of RDS ${var.name} (${local.family})"

  dynamic "parameter" {
    for_each = local.parameters
    content {
      name         = parameter.key
      value        = parameter.value.value
      apply_method = parameter.value.apply_method
    }
  }

  tags = local.tags

  lifecycle {
    create_before_destroy = true
  }
}

################################################################################
# Enhanced Monitoring role (../iam-role-policy)
################################################################################

module "monitoring_role" {
  source = "../iam-role-policy"
  count  = var.create_monitoring_role && var.monitoring_interval > 0 ? 1 : 0

  name                     = "${var.name}-rds-monitoring"
  trusted_services         = ["monitoring.rds.amazonaws.com"]
  permissions_boundary_arn = var.monitoring_role_permissions_boundary_arn
  managed_policy_arns = {
    enhanced_monitoring = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
  }

  tags = var.tags
}

################################################################################
# Log groups (../cloudwatch-log-group), created before the instance exports to them
################################################################################

module "cloudwatch_log_group" {
  source   = "../cloudwatch-log-group"
  for_each = var.create_cloudwatch_log_group ? local.logs_exports : toset([])

  name              = "/aws/rds/instance/${var.name}/${each.key}"
  retention_in_days = var.cloudwatch_log_group_retention_in_days
  kms_key_arn       = coalesce(var.cloudwatch_log_group_kms_key_arn, var.kms_key_arn)
  log_group_class   = var.cloudwatch_log_group_class

  tags = var.tags
}

################################################################################
# DB instance
################################################################################

resource "aws_db_instance" "this" {
  # checkov:skip=CKV_AWS_353: Performance Insights defaults to on (var.performance_insights_enabled, asserted by tests/); callers such as shared-data pass it from an object default checkov cannot evaluate
  identifier = var.name

  engine                      = var.engine
  engine_version              = local.engine_version
  instance_class              = var.instance_class
  auto_minor_version_upgrade  = var.auto_minor_version_upgrade
  allow_major_version_upgrade = var.allow_major_version_upgrade
  multi_az                    = var.multi_az

  db_name  = var.db_name
  username = var.username
  port     = local.port

  # RDS generates the master password, keeps it in Secrets Manager under this key and rotates it.
  manage_master_user_password   = true
  master_user_secret_kms_key_id = coalesce(var.master_user_secret_kms_key_id, var.kms_key_arn)

  iam_database_authentication_enabled = var.iam_database_authentication_enabled

  allocated_storage     = var.allocated_storage
  max_allocated_storage = var.max_allocated_storage
  storage_type          = var.storage_type
  iops                  = var.iops
  storage_throughput    = var.storage_throughput
  storage_encrypted     = true
  kms_key_id            = var.kms_key_arn

  db_subnet_group_name   = local.db_subnet_group_name
  vpc_security_group_ids = concat(module.security_group[*].security_group_id, var.vpc_security_group_ids)
  publicly_accessible    = false
  ca_cert_identifier     = var.ca_cert_identifier

  parameter_group_name = local.parameter_group_name

  backup_retention_period   = var.backup_retention_period
  backup_window             = var.backup_window
  maintenance_window        = var.maintenance_window
  copy_tags_to_snapshot     = true
  delete_automated_backups  = var.delete_automated_backups
  deletion_protection       = var.deletion_protection
  skip_final_snapshot       = var.skip_final_snapshot
  final_snapshot_identifier = var.skip_final_snapshot ? null : coalesce(var.final_snapshot_identifier, "${var.name}-final")
  snapshot_identifier       = var.snapshot_identifier

  performance_insights_enabled          = var.performance_insights_enabled
  performance_insights_kms_key_id       = var.performance_insights_enabled ? coalesce(var.performance_insights_kms_key_id, var.kms_key_arn) : null
  performance_insights_retention_period = var.performance_insights_enabled ? var.performance_insights_retention_period : null

  monitoring_interval = var.monitoring_interval
  monitoring_role_arn = local.monitoring_role_arn

  enabled_cloudwatch_logs_exports = local.logs_exports

  apply_immediately = var.apply_immediately

  tags = local.tags

  # The log groups must exist first: otherwise RDS creates them itself, unencrypted and never expiring.
  depends_on = [module.cloudwatch_log_group]
}
