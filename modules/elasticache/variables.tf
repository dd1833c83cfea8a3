################################################################################
# General
################################################################################

variable "create" {
  description = "Create the module's resources. Set to false where ElastiCache is not available, e.g. the local moto emulator, which cannot read a replication group back (see README, Emulator notes)."
  type        = bool
  default     = true
  nullable    = false
}

variable "name" {
  description = "Name of the cache: the replication group ID (or serverless cache name) and the prefix of every resource the module creates. 1-40 characters: lowercase letters, digits and hyphens, starting with a letter, no two consecutive hyphens, not ending with a hyphen."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$", var.name)) && !strcontains(var.name, "--")
    error_message = "name must be 1-40 characters of lowercase letters, digits and hyphens, start with a letter, not end with a hyphen and not contain two consecutive hyphens."
  }
}

variable "description" {
  description = "Description of the replication group / serverless cache. Defaults to \"<name> (managed by Terraform)\"."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for every resource, merged over the provider's default_tags. The module adds Name."
  type        = map(string)
  default     = {}
  nullable    = false
}

################################################################################
# Engine and topology
################################################################################

variable "serverless" {
  description = "Create an ElastiCache Serverless cache (aws_elasticache_serverless_cache) instead of a node-based replication group. Serverless caches have no subnet group, parameter group, node type or log delivery; the topology inputs below are ignored."
  type        = bool
  default     = false
  nullable    = false
}

variable "engine" {
  description = "Cache engine: redis or valkey."
  type        = string
  default     = "redis"
  nullable    = false

  validation {
    condition     = contains(["redis", "valkey"], var.engine)
    error_message = "engine must be redis or valkey."
  }
}

variable "engine_version" {
  description = "Engine version, e.g. 7.1 (redis) or 8.0 (valkey). Defaults to 7.1 for redis and 8.0 for valkey. For a serverless cache only the major version is used."
  type        = string
  default     = null

  validation {
    condition     = var.engine_version == null || can(regex("^[0-9]+(\\.[0-9x]+){0,2}$", var.engine_version))
    error_message = "engine_version must look like 7.1, 7.0 or 8.0."
  }
}

variable "node_type" {
  description = "Node instance type, e.g. cache.t4g.small or cache.r7g.large."
  type        = string
  default     = "cache.t4g.small"
  nullable    = false

  validation {
    condition     = can(regex("^cache\\.[a-z0-9]+\\.[a-z0-9]+$", var.node_type))
    error_message = "node_type must be an ElastiCache node type such as cache.t4g.small or cache.r7g.large."
  }
}

variable "port" {
  description = "Port the cache listens on (also the port the security group opens)."
  type        = number
  default     = 6379
  nullable    = false

  validation {
    condition     = var.port >= 1024 && var.port <= 65535
    error_message = "port must be between 1024 and 65535."
  }
}

variable "cluster_mode_enabled" {
  description = "Cluster mode (sharding): when true the data is split over num_node_groups shards with replicas_per_node_group replicas each, and the parameter group gets cluster-enabled = yes. When false there is one shard of num_cache_clusters nodes."
  type        = bool
  default     = false
  nullable    = false
}

variable "num_cache_clusters" {
  description = "Cluster mode disabled: number of nodes (one primary plus replicas). At least 2 for multi-AZ and automatic failover."
  type        = number
  default     = 2
  nullable    = false

  validation {
    condition     = var.num_cache_clusters >= 1 && var.num_cache_clusters <= 6 && floor(var.num_cache_clusters) == var.num_cache_clusters
    error_message = "num_cache_clusters must be a whole number from 1 to 6."
  }
}

variable "num_node_groups" {
  description = "Cluster mode enabled: number of shards (node groups)."
  type        = number
  default     = 2
  nullable    = false

  validation {
    condition     = var.num_node_groups >= 1 && var.num_node_groups <= 500 && floor(var.num_node_groups) == var.num_node_groups
    error_message = "num_node_groups must be a whole number from 1 to 500."
  }
}

variable "replicas_per_node_group" {
  description = "Cluster mode enabled: replicas in each shard. At least 1 for multi-AZ and automatic failover."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.replicas_per_node_group >= 0 && var.replicas_per_node_group <= 5 && floor(var.replicas_per_node_group) == var.replicas_per_node_group
    error_message = "replicas_per_node_group must be a whole number from 0 to 5."
  }
}

variable "automatic_failover_enabled" {
  description = "Promote a replica automatically when the primary fails. Needs at least one replica. Cluster mode always requires it."
  type        = bool
  default     = true
  nullable    = false

  validation {
    condition     = !var.automatic_failover_enabled || (var.cluster_mode_enabled ? var.replicas_per_node_group >= 1 : var.num_cache_clusters >= 2)
    error_message = "automatic_failover_enabled needs at least one replica: num_cache_clusters >= 2 (cluster mode disabled) or replicas_per_node_group >= 1 (cluster mode enabled)."
  }

  validation {
    condition     = var.automatic_failover_enabled || !var.cluster_mode_enabled
    error_message = "cluster mode (cluster_mode_enabled = true) requires automatic_failover_enabled = true."
  }
}

variable "multi_az_enabled" {
  description = "Place the replicas in other Availability Zones than the primary and fail over across AZs. Requires automatic_failover_enabled."
  type        = bool
  default     = true
  nullable    = false

  validation {
    condition     = !var.multi_az_enabled || var.automatic_failover_enabled
    error_message = "multi_az_enabled requires automatic_failover_enabled = true."
  }
}

variable "preferred_cache_cluster_azs" {
  description = "Cluster mode disabled: Availability Zones for the nodes, first is the primary. Null lets ElastiCache choose."
  type        = list(string)
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

variable "maintenance_window" {
  description = "Weekly maintenance window in UTC (ddd:hh24:mi-ddd:hh24:mi). Default: Sunday 19:00-20:00 UTC = Monday 04:00-05:00 KST. Must not overlap snapshot_window."
  type        = string
  default     = "sun:19:00-sun:20:00"
  nullable    = false

  validation {
    condition     = can(regex("^(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]-(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]$", var.maintenance_window))
    error_message = "maintenance_window must look like sun:19:00-sun:20:00 (lowercase day, 24-hour UTC)."
  }
}

variable "notification_topic_arn" {
  description = "SNS topic ARN for ElastiCache events (failover, maintenance). Null sends none."
  type        = string
  default     = null

  validation {
    condition     = var.notification_topic_arn == null || can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:.+$", var.notification_topic_arn))
    error_message = "notification_topic_arn must be an SNS topic ARN."
  }
}

################################################################################
# Encryption and authentication
################################################################################

variable "kms_key_arn" {
  description = "ARN of the customer-managed KMS key that encrypts the data at rest (nodes, snapshots; the serverless cache)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }
}

variable "auth_token_secret" {
  description = <<-EOT
    Redis AUTH token read from Secrets Manager (replication group only). secret_arn: the secret;
    version_id / version_stage: which version (default AWSCURRENT); json_key: read this key of a JSON
    secret instead of the whole string. The token must be 16-128 printable characters without @, " or /.
    Exactly one of auth_token_secret and user_group_ids must be set.
  EOT
  type = object({
    secret_arn    = string
    version_id    = optional(string)
    version_stage = optional(string)
    json_key      = optional(string)
  })
  default = null

  validation {
    condition     = var.auth_token_secret == null || can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[^*]+$", var.auth_token_secret.secret_arn))
    error_message = "auth_token_secret.secret_arn must be the exact ARN of a Secrets Manager secret (no wildcards)."
  }
}

variable "auth_token_update_strategy" {
  description = "How a changed AUTH token is applied: ROTATE (old and new both valid until the next change), SET (only the new one) or DELETE."
  type        = string
  default     = "ROTATE"
  nullable    = false

  validation {
    condition     = contains(["ROTATE", "SET", "DELETE"], var.auth_token_update_strategy)
    error_message = "auth_token_update_strategy must be ROTATE, SET or DELETE."
  }
}

variable "user_group_ids" {
  description = "RBAC user group IDs (aws_elasticache_user_group) instead of an AUTH token. A serverless cache takes exactly one. Exactly one of auth_token_secret and user_group_ids must be set."
  type        = set(string)
  default     = []
  nullable    = false

  validation {
    condition     = !var.create || (var.auth_token_secret == null) != (length(var.user_group_ids) == 0)
    error_message = "Set exactly one authentication method: auth_token_secret (Redis AUTH) or user_group_ids (RBAC)."
  }

  validation {
    condition     = !var.create || !var.serverless || (length(var.user_group_ids) == 1 && var.auth_token_secret == null)
    error_message = "A serverless cache authenticates with RBAC only: set exactly one user_group_ids entry and no auth_token_secret."
  }
}

################################################################################
# Network
################################################################################

variable "vpc_id" {
  description = "VPC of the cache and its security group."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id must be a VPC ID (vpc-...)."
  }
}

variable "subnet_ids" {
  description = "Private subnets for the subnet group (replication group) or the serverless cache. At least two, in different Availability Zones, for multi-AZ."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(var.subnet_ids) >= 2 && alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "subnet_ids must list at least two subnet IDs (subnet-...)."
  }
}

variable "create_security_group" {
  description = "Create a security group for the cache (../security-group) that admits only allowed_security_groups and allowed_cidr_blocks on the cache port."
  type        = bool
  default     = true
  nullable    = false
}

variable "allowed_security_groups" {
  description = "Security groups allowed to connect on the cache port, keyed by a rule name (e.g. { api = \"sg-0123...\" })."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for id in values(var.allowed_security_groups) : can(regex("^sg-[0-9a-f]+$", id))])
    error_message = "allowed_security_groups values must be security group IDs (sg-...)."
  }
}

variable "allowed_cidr_blocks" {
  description = "IPv4 CIDR blocks allowed to connect on the cache port, keyed by a rule name (e.g. { app_subnets = \"10.0.0.0/16\" }). 0.0.0.0/0 is refused."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for c in values(var.allowed_cidr_blocks) : can(cidrhost(c, 0)) && !strcontains(c, ":")])
    error_message = "allowed_cidr_blocks values must be IPv4 CIDR blocks such as 10.0.0.0/16."
  }

  validation {
    condition     = alltrue([for c in values(var.allowed_cidr_blocks) : !endswith(c, "/0")])
    error_message = "allowed_cidr_blocks must not contain a /0 block: a cache is never open to the whole network."
  }
}

variable "security_group_ids" {
  description = "Existing security groups to attach in addition to (or, with create_security_group = false, instead of) the module's own."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for id in var.security_group_ids : can(regex("^sg-[0-9a-f]+$", id))])
    error_message = "security_group_ids must be security group IDs (sg-...)."
  }

  validation {
    condition     = var.create_security_group || length(var.security_group_ids) > 0
    error_message = "With create_security_group = false, security_group_ids must name at least one security group: the VPC's default security group is never used."
  }
}

################################################################################
# Subnet group and parameter group
################################################################################

variable "create_subnet_group" {
  description = "Create a subnet group from subnet_ids (replication group only). When false, subnet_group_name must name an existing one."
  type        = bool
  default     = true
  nullable    = false
}

variable "subnet_group_name" {
  description = "Existing subnet group to use when create_subnet_group = false."
  type        = string
  default     = null

  validation {
    condition     = var.create_subnet_group || var.serverless || var.subnet_group_name != null
    error_message = "subnet_group_name is required when create_subnet_group = false: the default subnet group is never used."
  }
}

variable "create_parameter_group" {
  description = "Create a parameter group with `parameters` (replication group only). When false, parameter_group_name must name an existing one."
  type        = bool
  default     = true
  nullable    = false
}

variable "parameter_group_name" {
  description = "Existing parameter group to use when create_parameter_group = false."
  type        = string
  default     = null

  validation {
    condition     = var.create_parameter_group || var.serverless || var.parameter_group_name != null
    error_message = "parameter_group_name is required when create_parameter_group = false."
  }
}

variable "parameter_group_family" {
  description = "Parameter group family. Defaults from engine and engine_version: redis7, redis6.x, valkey7, valkey8."
  type        = string
  default     = null

  validation {
    condition     = var.parameter_group_family == null || can(regex("^(redis|valkey)[0-9]+(\\.x)?$", var.parameter_group_family))
    error_message = "parameter_group_family must look like redis7, redis6.x or valkey8."
  }
}

variable "parameters" {
  description = "Engine parameters by name, e.g. { \"maxmemory-policy\" = \"allkeys-lru\" }. cluster-enabled is set by the module from cluster_mode_enabled."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = !contains(keys(var.parameters), "cluster-enabled")
    error_message = "Do not set cluster-enabled in parameters: the module sets it from cluster_mode_enabled."
  }
}

################################################################################
# Snapshots
################################################################################

variable "snapshot_retention_limit" {
  description = "Days to keep automatic daily snapshots (1-35)."
  type        = number
  default     = 7
  nullable    = false

  validation {
    condition     = var.snapshot_retention_limit >= 1 && var.snapshot_retention_limit <= 35 && floor(var.snapshot_retention_limit) == var.snapshot_retention_limit
    error_message = "snapshot_retention_limit must be a whole number of days from 1 to 35: snapshots are always kept."
  }
}

variable "snapshot_window" {
  description = "Daily snapshot window in UTC (hh24:mi-hh24:mi); for a serverless cache its start time is the daily snapshot time. Default 17:00-18:00 UTC = 02:00-03:00 KST."
  type        = string
  default     = "17:00-18:00"
  nullable    = false

  validation {
    condition     = can(regex("^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$", var.snapshot_window))
    error_message = "snapshot_window must look like 17:00-18:00 (24-hour UTC)."
  }
}

variable "skip_final_snapshot" {
  description = "Delete the replication group without a final snapshot. Keep false in production."
  type        = bool
  default     = false
  nullable    = false
}

variable "final_snapshot_identifier" {
  description = "Name of the snapshot taken when the replication group is deleted. Defaults to <name>-final."
  type        = string
  default     = null
}

variable "snapshot_arns" {
  description = "Replication group: S3 ARNs of RDB snapshots to seed the new cache from."
  type        = list(string)
  default     = null
}

variable "snapshot_name" {
  description = "Replication group: ElastiCache snapshot to restore the new cache from."
  type        = string
  default     = null
}

################################################################################
# Logs
################################################################################

variable "log_types" {
  description = "Replication group logs delivered to CloudWatch Logs: slow-log and/or engine-log. Each gets an encrypted log group /aws/elasticache/<name>/<type>."
  type        = set(string)
  default     = ["slow-log", "engine-log"]
  nullable    = false

  validation {
    condition     = alltrue([for t in var.log_types : contains(["slow-log", "engine-log"], t)])
    error_message = "log_types may contain only slow-log and engine-log."
  }
}

variable "log_format" {
  description = "Format of the delivered log lines: json or text."
  type        = string
  default     = "json"
  nullable    = false

  validation {
    condition     = contains(["json", "text"], var.log_format)
    error_message = "log_format must be json or text."
  }
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
  description = "Days to keep the slow and engine logs (a value CloudWatch Logs accepts; at least 365 is the platform standard)."
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
# Serverless
################################################################################

variable "serverless_cache_usage_limits" {
  description = "Serverless only: upper limits on stored data (GB) and ElastiCache Processing Units per second. Null leaves a dimension unlimited."
  type = object({
    data_storage_maximum_gb = optional(number)
    ecpu_per_second_maximum = optional(number)
  })
  default  = {}
  nullable = false

  validation {
    condition = (
      (var.serverless_cache_usage_limits.data_storage_maximum_gb == null ? true : var.serverless_cache_usage_limits.data_storage_maximum_gb >= 1 && var.serverless_cache_usage_limits.data_storage_maximum_gb <= 5000) &&
      (var.serverless_cache_usage_limits.ecpu_per_second_maximum == null ? true : var.serverless_cache_usage_limits.ecpu_per_second_maximum >= 1000 && var.serverless_cache_usage_limits.ecpu_per_second_maximum <= 15000000)
    )
    error_message = "serverless_cache_usage_limits: data_storage_maximum_gb must be 1-5000 and ecpu_per_second_maximum 1000-15000000."
  }
}
