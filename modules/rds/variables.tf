################################################################################
# General
################################################################################

variable "name" {
  description = "DB instance identifier and prefix of every resource the module creates. 1-60 characters: lowercase letters, digits and hyphens, starting with a letter, no two consecutive hyphens, not ending with a hyphen."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,58}[a-z0-9])?$", var.name)) && !strcontains(var.name, "--")
    error_message = "name must be 1-60 characters of lowercase letters, digits and hyphens, start with a letter, not end with a hyphen and not contain two consecutive hyphens."
  }
}

variable "tags" {
  description = "Tags for every resource, merged over the provider's default_tags. The module adds Name."
  type        = map(string)
  default     = {}
  nullable    = false
}

################################################################################
# Engine and instance
################################################################################

variable "engine" {
  description = "Database engine: postgres (default), mysql or mariadb."
  type        = string
  default     = "postgres"
  nullable    = false

  validation {
    condition     = contains(["postgres", "mysql", "mariadb"], var.engine)
    error_message = "engine must be postgres, mysql or mariadb."
  }
}

variable "engine_version" {
  description = "Engine version. A major version (17) or major.minor (8.0) lets auto_minor_version_upgrade move the minor version. Defaults: postgres 17, mysql 8.0, mariadb 10.11."
  type        = string
  default     = null

  validation {
    condition     = var.engine_version == null || can(regex("^[0-9]+(\\.[0-9]+){0,2}$", var.engine_version))
    error_message = "engine_version must look like 17, 16.4, 8.0 or 8.0.39."
  }
}

variable "instance_class" {
  description = "Instance class, e.g. db.t4g.medium or db.m7g.large (Performance Insights needs at least db.t4g.medium for PostgreSQL)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", var.instance_class))
    error_message = "instance_class must be an RDS instance class such as db.t4g.medium or db.m7g.large."
  }
}

variable "multi_az" {
  description = "Keep a synchronous standby in another Availability Zone."
  type        = bool
  default     = true
  nullable    = false
}

variable "db_name" {
  description = "Name of the database created with the instance. Null creates none (PostgreSQL then has only the postgres database)."
  type        = string
  default     = null

  validation {
    condition     = var.db_name == null || can(regex("^[A-Za-z][A-Za-z0-9_]{0,62}$", var.db_name))
    error_message = "db_name must start with a letter and contain only letters, digits and underscores (at most 63 characters)."
  }
}

variable "username" {
  description = "Master user name. Its password is generated and rotated by RDS in Secrets Manager (manage_master_user_password); the module never sees it."
  type        = string
  default     = "dbadmin"
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_]{0,15}$", var.username)) && !contains(["rdsadmin", "rdsrepladmin"], lower(var.username))
    error_message = "username must be 1-16 letters, digits or underscores starting with a letter, and not a name RDS reserves (rdsadmin, rdsrepladmin)."
  }
}

variable "port" {
  description = "Port the database listens on. Defaults to 5432 (postgres) or 3306 (mysql, mariadb)."
  type        = number
  default     = null

  validation {
    condition     = var.port == null ? true : var.port >= 1150 && var.port <= 65535
    error_message = "port must be between 1150 and 65535."
  }
}

variable "allocated_storage" {
  description = "Initial storage in GiB."
  type        = number
  default     = 20
  nullable    = false

  validation {
    condition     = var.allocated_storage >= 20 && var.allocated_storage <= 65536
    error_message = "allocated_storage must be between 20 and 65536 GiB."
  }
}

variable "max_allocated_storage" {
  description = "Upper limit in GiB for storage autoscaling; 0 turns autoscaling off."
  type        = number
  default     = 100
  nullable    = false

  validation {
    condition     = var.max_allocated_storage == 0 || var.max_allocated_storage >= var.allocated_storage
    error_message = "max_allocated_storage must be 0 (no autoscaling) or at least allocated_storage."
  }
}

variable "storage_type" {
  description = "Storage type: gp3 (default), gp2, io1 or io2."
  type        = string
  default     = "gp3"
  nullable    = false

  validation {
    condition     = contains(["gp3", "gp2", "io1", "io2"], var.storage_type)
    error_message = "storage_type must be gp3, gp2, io1 or io2."
  }
}

variable "iops" {
  description = "Provisioned IOPS (io1, io2, or gp3 of 400 GiB and more). Null uses the storage type's baseline."
  type        = number
  default     = null
}

variable "storage_throughput" {
  description = "gp3 throughput in MiB/s (gp3 of 400 GiB and more). Null uses the baseline."
  type        = number
  default     = null
}

variable "snapshot_identifier" {
  description = "Create the instance from this DB snapshot (ID or ARN). Null creates an empty database."
  type        = string
  default     = null
}

variable "apply_immediately" {
  description = "Apply modifications at once instead of in the next maintenance window."
  type        = bool
  default     = false
  nullable    = false
}

variable "auto_minor_version_upgrade" {
  description = "Apply minor engine upgrades automatically in the maintenance window."
  type        = bool
  default     = true
  nullable    = false
}

variable "allow_major_version_upgrade" {
  description = "Allow a change of engine_version to a new major version."
  type        = bool
  default     = false
  nullable    = false
}

variable "ca_cert_identifier" {
  description = "Certificate authority of the server certificate. null leaves it unset: the instance keeps the CA that RDS picks (on AWS the region's default). Use null only against the moto emulator, whose create response reports rds-ca-default, so a set value makes the provider modify the new instance and wait 80 s more (docs/emulator.md)."
  type        = string
  default     = "rds-ca-rsa2048-g1"

  validation {
    condition     = var.ca_cert_identifier == null || contains(["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"], coalesce(var.ca_cert_identifier, "-"))
    error_message = "ca_cert_identifier must be rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1 or null (emulator only)."
  }
}

################################################################################
# Encryption and credentials
################################################################################

variable "kms_key_arn" {
  description = "ARN of the customer-managed KMS key (the platform's rds key) that encrypts storage, snapshots and backups."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }
}

variable "master_user_secret_kms_key_id" {
  description = "KMS key ARN for the master user secret RDS keeps in Secrets Manager (e.g. the platform's secrets key). Defaults to kms_key_arn; the AWS-managed aws/secretsmanager key is never used."
  type        = string
  default     = null

  validation {
    condition     = var.master_user_secret_kms_key_id == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.master_user_secret_kms_key_id))
    error_message = "master_user_secret_kms_key_id must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }
}

variable "iam_database_authentication_enabled" {
  description = "Allow IAM database authentication (rds-db:connect) in addition to passwords."
  type        = bool
  default     = true
  nullable    = false
}

################################################################################
# Backups and deletion
################################################################################

variable "backup_retention_period" {
  description = "Days to keep automated backups (7-35)."
  type        = number
  default     = 7
  nullable    = false

  validation {
    condition     = var.backup_retention_period >= 7 && var.backup_retention_period <= 35 && floor(var.backup_retention_period) == var.backup_retention_period
    error_message = "backup_retention_period must be a whole number of days from 7 to 35."
  }
}

variable "backup_window" {
  description = "Daily backup window in UTC (hh24:mi-hh24:mi, at least 30 minutes). Default 16:00-17:00 UTC = 01:00-02:00 KST. Must not overlap maintenance_window."
  type        = string
  default     = "16:00-17:00"
  nullable    = false

  validation {
    condition     = can(regex("^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$", var.backup_window))
    error_message = "backup_window must look like 16:00-17:00 (24-hour UTC)."
  }
}

variable "maintenance_window" {
  description = "Weekly maintenance window in UTC (ddd:hh24:mi-ddd:hh24:mi). Default Sunday 17:30-18:30 UTC = Monday 02:30-03:30 KST."
  type        = string
  default     = "sun:17:30-sun:18:30"
  nullable    = false

  validation {
    condition     = can(regex("^(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]-(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]$", var.maintenance_window))
    error_message = "maintenance_window must look like sun:17:30-sun:18:30 (lowercase day, 24-hour UTC)."
  }
}

variable "deletion_protection" {
  description = "Refuse to delete the instance. Turn off in a separate apply before destroying it."
  type        = bool
  default     = true
  nullable    = false
}

variable "skip_final_snapshot" {
  description = "Delete the instance without a final snapshot. Keep false in production."
  type        = bool
  default     = false
  nullable    = false
}

variable "final_snapshot_identifier" {
  description = "Name of the snapshot taken when the instance is deleted. Defaults to <name>-final."
  type        = string
  default     = null

  validation {
    condition     = var.final_snapshot_identifier == null || can(regex("^[A-Za-z]([A-Za-z0-9-]{0,253}[A-Za-z0-9])?$", var.final_snapshot_identifier))
    error_message = "final_snapshot_identifier must start with a letter and contain only letters, digits and hyphens."
  }
}

variable "delete_automated_backups" {
  description = "Delete the automated backups together with the instance. False keeps them for their retention period."
  type        = bool
  default     = false
  nullable    = false
}

################################################################################
# Monitoring and logs
################################################################################

variable "performance_insights_enabled" {
  description = "Turn on Performance Insights, encrypted with performance_insights_kms_key_id."
  type        = bool
  default     = true
  nullable    = false
}

variable "performance_insights_kms_key_id" {
  description = "KMS key ARN for Performance Insights data. Defaults to kms_key_arn."
  type        = string
  default     = null

  validation {
    condition     = var.performance_insights_kms_key_id == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.performance_insights_kms_key_id))
    error_message = "performance_insights_kms_key_id must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }
}

variable "performance_insights_retention_period" {
  description = "Days to keep Performance Insights data: 7 (free), a multiple of 31 up to 713, or 731."
  type        = number
  default     = 7
  nullable    = false

  validation {
    condition     = var.performance_insights_retention_period == 7 || var.performance_insights_retention_period == 731 || (var.performance_insights_retention_period % 31 == 0 && var.performance_insights_retention_period >= 31 && var.performance_insights_retention_period <= 713)
    error_message = "performance_insights_retention_period must be 7, a multiple of 31 up to 713, or 731."
  }
}

variable "monitoring_interval" {
  description = "Enhanced Monitoring interval in seconds (1, 5, 10, 15, 30 or 60); 0 turns it off."
  type        = number
  default     = 60
  nullable    = false

  validation {
    condition     = contains([0, 1, 5, 10, 15, 30, 60], var.monitoring_interval)
    error_message = "monitoring_interval must be 0, 1, 5, 10, 15, 30 or 60."
  }
}

variable "create_monitoring_role" {
  description = "Create the Enhanced Monitoring role (../iam-role-policy, trusted by monitoring.rds.amazonaws.com, with AmazonRDSEnhancedMonitoringRole). When false, pass monitoring_role_arn."
  type        = bool
  default     = true
  nullable    = false
}

variable "monitoring_role_arn" {
  description = "Existing Enhanced Monitoring role, used when create_monitoring_role = false."
  type        = string
  default     = null

  validation {
    condition     = var.monitoring_role_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", var.monitoring_role_arn))
    error_message = "monitoring_role_arn must be an IAM role ARN."
  }

  validation {
    condition     = var.create_monitoring_role || var.monitoring_interval == 0 || var.monitoring_role_arn != null
    error_message = "monitoring_role_arn is required when create_monitoring_role = false and monitoring_interval > 0."
  }
}

variable "monitoring_role_permissions_boundary_arn" {
  description = "Permissions boundary for the monitoring role, where the account requires one."
  type        = string
  default     = null
}

variable "enabled_cloudwatch_logs_exports" {
  description = "Logs exported to CloudWatch Logs. Defaults: postgres [postgresql, upgrade]; mysql and mariadb [audit, error, general, slowquery]."
  type        = set(string)
  default     = null

  validation {
    condition = var.enabled_cloudwatch_logs_exports == null || alltrue([
      for l in coalesce(var.enabled_cloudwatch_logs_exports, []) : contains(
        var.engine == "postgres" ? ["postgresql", "upgrade", "iam-db-auth-error"] : ["audit", "error", "general", "slowquery", "iam-db-auth-error"],
        l
      )
    ])
    error_message = "enabled_cloudwatch_logs_exports may contain postgresql, upgrade, iam-db-auth-error for postgres, and audit, error, general, slowquery, iam-db-auth-error for mysql and mariadb."
  }
}

variable "create_cloudwatch_log_group" {
  description = "Create the log groups /aws/rds/instance/<name>/<log> (../cloudwatch-log-group) before the instance, so that they are encrypted and expire instead of being created by RDS without either."
  type        = bool
  default     = true
  nullable    = false
}

variable "cloudwatch_log_group_kms_key_arn" {
  description = "KMS key ARN for the log groups (the platform's logs key; its policy must allow logs.<region>.amazonaws.com). Defaults to kms_key_arn."
  type        = string
  default     = null

  validation {
    condition     = var.cloudwatch_log_group_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.cloudwatch_log_group_kms_key_arn))
    error_message = "cloudwatch_log_group_kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }
}

variable "cloudwatch_log_group_retention_in_days" {
  description = "Days to keep the exported logs (a value CloudWatch Logs accepts; at least 365 is the platform standard)."
  type        = number
  default     = 365
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.cloudwatch_log_group_retention_in_days)
    error_message = "cloudwatch_log_group_retention_in_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "cloudwatch_log_group_class" {
  description = "Log group class: STANDARD or INFREQUENT_ACCESS. null leaves the argument out (AWS applies STANDARD): use null on the moto emulator, which does not return the class and would replace the log groups on every plan."
  type        = string
  default     = "STANDARD"

  validation {
    condition     = var.cloudwatch_log_group_class == null || contains(["STANDARD", "INFREQUENT_ACCESS"], coalesce(var.cloudwatch_log_group_class, "STANDARD"))
    error_message = "cloudwatch_log_group_class must be STANDARD, INFREQUENT_ACCESS or null."
  }
}

################################################################################
# Network
################################################################################

variable "vpc_id" {
  description = "VPC of the instance's security group."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id must be a VPC ID (vpc-...)."
  }
}

variable "subnet_ids" {
  description = "Private subnets for the DB subnet group, in at least two Availability Zones."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "subnet_ids must be subnet IDs (subnet-...)."
  }

  validation {
    condition     = !var.create_db_subnet_group || length(var.subnet_ids) >= 2
    error_message = "subnet_ids must list at least two subnets (in different Availability Zones) when create_db_subnet_group = true."
  }
}

variable "create_db_subnet_group" {
  description = "Create a DB subnet group from subnet_ids. When false, db_subnet_group_name must name an existing one."
  type        = bool
  default     = true
  nullable    = false
}

variable "db_subnet_group_name" {
  description = "Existing DB subnet group, used when create_db_subnet_group = false."
  type        = string
  default     = null

  validation {
    condition     = var.create_db_subnet_group || var.db_subnet_group_name != null
    error_message = "db_subnet_group_name is required when create_db_subnet_group = false: the default subnet group is never used."
  }
}

variable "create_security_group" {
  description = "Create a security group for the instance (../security-group) that admits only allowed_security_groups and allowed_cidr_blocks on the database port."
  type        = bool
  default     = true
  nullable    = false
}

variable "allowed_security_groups" {
  description = "Security groups allowed to connect on the database port, keyed by a rule name (e.g. { api = \"sg-0123...\" })."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for id in values(var.allowed_security_groups) : can(regex("^sg-[0-9a-f]+$", id))])
    error_message = "allowed_security_groups values must be security group IDs (sg-...)."
  }
}

variable "allowed_cidr_blocks" {
  description = "IPv4 CIDR blocks allowed to connect on the database port, keyed by a rule name (e.g. { vpn = \"10.100.0.0/16\" }). /0 blocks are refused."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for c in values(var.allowed_cidr_blocks) : can(cidrhost(c, 0)) && !strcontains(c, ":")])
    error_message = "allowed_cidr_blocks values must be IPv4 CIDR blocks such as 10.0.0.0/16."
  }

  validation {
    condition     = alltrue([for c in values(var.allowed_cidr_blocks) : !endswith(c, "/0")])
    error_message = "allowed_cidr_blocks must not contain a /0 block: a database is never open to the whole network."
  }
}

variable "vpc_security_group_ids" {
  description = "Existing security groups to attach in addition to (or, with create_security_group = false, instead of) the module's own."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for id in var.vpc_security_group_ids : can(regex("^sg-[0-9a-f]+$", id))])
    error_message = "vpc_security_group_ids must be security group IDs (sg-...)."
  }

  validation {
    condition     = var.create_security_group || length(var.vpc_security_group_ids) > 0
    error_message = "With create_security_group = false, vpc_security_group_ids must name at least one security group: the VPC's default security group is never used."
  }
}

################################################################################
# Parameter group
################################################################################

variable "create_db_parameter_group" {
  description = "Create a DB parameter group with the engine's secure defaults plus `parameters`. When false, parameter_group_name must name an existing one."
  type        = bool
  default     = true
  nullable    = false
}

variable "parameter_group_name" {
  description = "Existing DB parameter group, used when create_db_parameter_group = false."
  type        = string
  default     = null

  validation {
    condition     = var.create_db_parameter_group || var.parameter_group_name != null
    error_message = "parameter_group_name is required when create_db_parameter_group = false."
  }
}

variable "family" {
  description = "Parameter group family. Defaults from engine and engine_version, e.g. postgres17, mysql8.0, mariadb10.11."
  type        = string
  default     = null

  validation {
    condition     = var.family == null || can(regex("^(postgres[0-9]+|mysql[0-9]+\\.[0-9]+|mariadb[0-9]+\\.[0-9]+)$", var.family))
    error_message = "family must look like postgres17, mysql8.0 or mariadb10.11."
  }
}

variable "parameters" {
  description = <<-EOT
    DB parameters by name, merged over the module's defaults (postgres: rds.force_ssl = 1, log_statement = ddl,
    log_min_duration_statement = 1000; mysql/mariadb: require_secure_transport = 1, slow_query_log = 1,
    long_query_time = 1). apply_method: immediate (dynamic parameters) or pending-reboot (static ones).
  EOT
  type = map(object({
    value        = string
    apply_method = optional(string, "immediate")
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for p in values(var.parameters) : contains(["immediate", "pending-reboot"], p.apply_method)])
    error_message = "parameters[*].apply_method must be immediate or pending-reboot."
  }
}
