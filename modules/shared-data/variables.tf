################################################################################
# General
################################################################################

variable "name" {
  description = "Prefix of the shared data stores: the PostgreSQL instance is NAME-postgres, the Redis/Valkey replication group NAME-redis. 1-34 lowercase letters, digits and hyphens, starting with a letter."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,32}[a-z0-9])?$", var.name)) && !strcontains(var.name, "--")
    error_message = "name must be 1-34 lowercase letters, digits and hyphens, start with a letter, not end with a hyphen and not contain two consecutive hyphens."
  }
}

variable "tags" {
  description = "Tags for every resource, merged over the provider's default_tags. The modules add Name."
  type        = map(string)
  default     = {}
  nullable    = false
}

################################################################################
# Network and keys
################################################################################

variable "vpc_id" {
  description = "VPC of the data stores (network layer output vpc_id)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id must be a VPC ID (vpc-...)."
  }
}

variable "subnet_ids" {
  description = "The data subnets (network layer output data_subnet_ids), in at least two Availability Zones."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(var.subnet_ids) >= 2 && alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "subnet_ids must list at least two subnet IDs (subnet-...)."
  }
}

variable "allowed_security_groups" {
  description = "Security groups of the clients allowed on both stores' ports, keyed by a rule name (e.g. { api = \"sg-...\" })."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for id in values(var.allowed_security_groups) : can(regex("^sg-[0-9a-f]+$", id))])
    error_message = "allowed_security_groups values must be security group IDs (sg-...)."
  }
}

variable "allowed_cidr_blocks" {
  description = "IPv4 CIDR blocks allowed on both stores' ports, keyed by a rule name (e.g. the private subnets). /0 is refused."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for c in values(var.allowed_cidr_blocks) : can(cidrnetmask(c)) && !endswith(c, "/0")])
    error_message = "allowed_cidr_blocks values must be IPv4 CIDR blocks, none of them /0."
  }
}

variable "rotation_security_group_id" {
  description = "Security group of the secrets layer's rotation function (output rotation_function_security_group_id): allowed on the PostgreSQL port so that it can rotate application users' passwords. null: none."
  type        = string
  default     = null

  validation {
    condition     = var.rotation_security_group_id == null || can(regex("^sg-[0-9a-f]+$", coalesce(var.rotation_security_group_id, "-")))
    error_message = "rotation_security_group_id must be a security group ID (sg-...)."
  }
}

variable "kms_key_arn" {
  description = "The platform's rds key (kms layer output key_arns.rds): PostgreSQL storage, snapshots and Performance Insights, and (unless redis_kms_key_arn is set) the cache at rest."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }
}

variable "redis_kms_key_arn" {
  description = "Key for the cache at rest, when it is not kms_key_arn. Its key policy must let ElastiCache use it (kms:ViaService elasticache.REGION.amazonaws.com)."
  type        = string
  default     = null

  validation {
    condition     = var.redis_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", coalesce(var.redis_kms_key_arn, "-")))
    error_message = "redis_kms_key_arn must be a KMS key ARN."
  }
}

variable "secrets_kms_key_arn" {
  description = "The platform's secrets key (kms layer output key_arns.secrets): the PostgreSQL master password secret that RDS keeps and rotates."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.secrets_kms_key_arn))
    error_message = "secrets_kms_key_arn must be a KMS key ARN."
  }
}

variable "logs_kms_key_arn" {
  description = "The platform's logs key (kms layer output key_arns.logs): the stores' log groups."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.logs_kms_key_arn))
    error_message = "logs_kms_key_arn must be a KMS key ARN."
  }
}

variable "cloudwatch_log_group_class" {
  description = "Class of the log groups: STANDARD or INFREQUENT_ACCESS; null leaves it out (the moto emulator does not return it and would replace the groups on every plan)."
  type        = string
  default     = "STANDARD"

  validation {
    condition     = var.cloudwatch_log_group_class == null || contains(["STANDARD", "INFREQUENT_ACCESS"], coalesce(var.cloudwatch_log_group_class, "STANDARD"))
    error_message = "cloudwatch_log_group_class must be STANDARD, INFREQUENT_ACCESS or null."
  }
}

################################################################################
# PostgreSQL (../rds)
################################################################################

variable "create_postgres" {
  description = "Create the shared PostgreSQL instance."
  type        = bool
  default     = true
  nullable    = false
}

variable "postgres" {
  description = <<-EOT
    The shared PostgreSQL (modules/rds; every setting not listed keeps that module's secure default: multi-AZ,
    TLS only, IAM authentication, encrypted storage, Performance Insights, Enhanced Monitoring, exported logs).
    The master password is managed by RDS in Secrets Manager (encrypted with secrets_kms_key_arn) and rotated
    by RDS; application users are rotated by the secrets layer's single-user function.
    create_db_parameter_group = false with parameter_group_name uses an existing group, and
    performance_insights = false turns Performance Insights off (both for the emulator, which reports the
    module's parameters and Performance Insights as a change on every plan).
  EOT
  type = object({
    engine_version            = optional(string, "17")
    instance_class            = optional(string, "db.t4g.medium")
    allocated_storage         = optional(number, 50)
    max_allocated_storage     = optional(number, 500)
    multi_az                  = optional(bool, true)
    db_name                   = optional(string, "connectly")
    username                  = optional(string, "dbadmin")
    backup_retention_period   = optional(number, 14)
    deletion_protection       = optional(bool, true)
    skip_final_snapshot       = optional(bool, false)
    apply_immediately         = optional(bool, false)
    monitoring_interval       = optional(number, 60)
    performance_insights      = optional(bool, true)
    create_db_parameter_group = optional(bool, true)
    parameter_group_name      = optional(string)
    parameters = optional(map(object({
      value        = string
      apply_method = optional(string, "immediate")
    })), {})
  })
  default  = {}
  nullable = false
}

variable "postgres_ca_cert_identifier" {
  description = "Certificate authority of the PostgreSQL server certificate (modules/rds ca_cert_identifier). A separate input because null must reach the instance: null leaves the CA unset (RDS picks its default), for the moto emulator only, whose create response reports rds-ca-default, so a set CA makes the provider modify the new instance and wait 80 s more (docs/emulator.md)."
  type        = string
  default     = "rds-ca-rsa2048-g1"

  validation {
    condition     = var.postgres_ca_cert_identifier == null || contains(["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"], coalesce(var.postgres_ca_cert_identifier, "-"))
    error_message = "postgres_ca_cert_identifier must be rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1 or null (emulator only)."
  }
}

################################################################################
# Redis / Valkey (../elasticache)
################################################################################

variable "create_redis" {
  description = "Create the shared Redis/Valkey replication group. Set false where ElastiCache is not available: the moto emulator cannot read a replication group back or delete a cache subnet group (docs/emulator.md)."
  type        = bool
  default     = true
  nullable    = false
}

variable "redis" {
  description = <<-EOT
    The shared cache (modules/elasticache; unlisted settings keep that module's secure defaults: TLS in transit,
    encryption at rest, multi-AZ with automatic failover, snapshots, slow and engine logs).
    auth_token_secret_arn: the Secrets Manager secret holding the AUTH token (the secrets layer's generated
    token); required when create_redis = true.
  EOT
  type = object({
    engine                = optional(string, "valkey")
    engine_version        = optional(string)
    node_type             = optional(string, "cache.t4g.small")
    num_cache_clusters    = optional(number, 2)
    auth_token_secret_arn = optional(string)
    parameters            = optional(map(string), {})
    apply_immediately     = optional(bool, false)
    skip_final_snapshot   = optional(bool, false)
  })
  default  = {}
  nullable = false

  validation {
    condition     = !var.create_redis || can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[^*]+$", var.redis.auth_token_secret_arn))
    error_message = "redis.auth_token_secret_arn must be the ARN of the Secrets Manager secret with the AUTH token when create_redis = true."
  }
}
