locals {
  # The secrets layer's rotation function logs in as application users to change their passwords.
  postgres_allowed_security_groups = merge(
    var.allowed_security_groups,
    var.rotation_security_group_id == null ? {} : { secrets-rotation = var.rotation_security_group_id },
  )
  redis_kms_key_arn = coalesce(var.redis_kms_key_arn, var.kms_key_arn)
}

################################################################################
# The shared PostgreSQL
################################################################################

module "postgres" {
  # checkov:skip=CKV_AWS_157: multi-AZ is postgres.multi_az, default true (modules/rds); checkov cannot read optional() object defaults
  # checkov:skip=CKV_AWS_133: backups are postgres.backup_retention_period, default 14 days, at least 7 (modules/rds validation); checkov cannot read optional() object defaults
  # checkov:skip=CKV_AWS_118: Enhanced Monitoring is postgres.monitoring_interval, default 60 s; checkov cannot read optional() object defaults
  # checkov:skip=CKV_AWS_293: deletion protection is postgres.deletion_protection, default true; only the emulator turns it off; checkov cannot read optional() object defaults
  source = "../rds"
  count  = var.create_postgres ? 1 : 0

  name           = "${var.name}-postgres"
  engine         = "postgres"
  engine_version = var.postgres.engine_version
  instance_class = var.postgres.instance_class
  multi_az       = var.postgres.multi_az
  db_name        = var.postgres.db_name
  username       = var.postgres.username

  allocated_storage     = var.postgres.allocated_storage
  max_allocated_storage = var.postgres.max_allocated_storage

  # Storage, snapshots and Performance Insights under the rds key; the master password is generated,
  # kept and rotated by RDS in Secrets Manager under the secrets key (no password passes through Terraform).
  kms_key_arn                   = var.kms_key_arn
  master_user_secret_kms_key_id = var.secrets_kms_key_arn

  vpc_id                  = var.vpc_id
  subnet_ids              = var.subnet_ids
  allowed_security_groups = local.postgres_allowed_security_groups
  allowed_cidr_blocks     = var.allowed_cidr_blocks

  backup_retention_period = var.postgres.backup_retention_period
  deletion_protection     = var.postgres.deletion_protection
  skip_final_snapshot     = var.postgres.skip_final_snapshot
  apply_immediately       = var.postgres.apply_immediately
  monitoring_interval     = var.postgres.monitoring_interval

  performance_insights_enabled = var.postgres.performance_insights
  ca_cert_identifier           = var.postgres_ca_cert_identifier

  create_db_parameter_group = var.postgres.create_db_parameter_group
  parameter_group_name      = var.postgres.parameter_group_name
  parameters                = var.postgres.parameters

  cloudwatch_log_group_kms_key_arn = var.logs_kms_key_arn
  cloudwatch_log_group_class       = var.cloudwatch_log_group_class

  tags = var.tags
}

################################################################################
# The shared Redis / Valkey
################################################################################

module "redis" {
  source = "../elasticache"
  count  = var.create_redis ? 1 : 0

  name           = "${var.name}-redis"
  description    = "Shared ${var.redis.engine} of ${var.name}"
  engine         = var.redis.engine
  engine_version = var.redis.engine_version
  node_type      = var.redis.node_type

  num_cache_clusters = var.redis.num_cache_clusters

  kms_key_arn       = local.redis_kms_key_arn
  auth_token_secret = { secret_arn = var.redis.auth_token_secret_arn }

  vpc_id                  = var.vpc_id
  subnet_ids              = var.subnet_ids
  allowed_security_groups = var.allowed_security_groups
  allowed_cidr_blocks     = var.allowed_cidr_blocks

  parameters          = var.redis.parameters
  apply_immediately   = var.redis.apply_immediately
  skip_final_snapshot = var.redis.skip_final_snapshot

  cloudwatch_log_group_kms_key_arn = var.logs_kms_key_arn
  cloudwatch_log_group_class       = var.cloudwatch_log_group_class

  tags = var.tags
}
