################################################################################
# General
################################################################################

variable "name" {
  description = "Prefix of the exporter services: NAME-cloudwatch (YACE) and NAME-pg-KEY (one PostgreSQL exporter per postgres_exporters entry). 1-30 letters, digits and hyphens, starting with a letter."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9-]{0,29}$", var.name))
    error_message = "name must be 1-30 letters, digits and hyphens, starting with a letter."
  }
}

variable "tags" {
  description = "Tags for every resource, merged over the provider's default_tags."
  type        = map(string)
  default     = {}
  nullable    = false
}

################################################################################
# Where the exporters run and where their metrics go
################################################################################

variable "cluster_arn" {
  description = "ECS cluster the exporter services run in (the services layer's cluster_arn)."
  type        = string
  nullable    = false
}

variable "vpc_id" {
  description = "VPC of the exporters' security groups."
  type        = string
  nullable    = false
}

variable "subnet_ids" {
  description = "Private subnets of the exporter tasks (no public IP)."
  type        = list(string)
  nullable    = false
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key (the platform's logs key) of the exporters' log groups."
  type        = string
  nullable    = false
}

variable "prometheus_workspace_arn" {
  description = "Amazon Managed Prometheus workspace the ADOT sidecars remote-write to (the monitoring layer's prometheus_workspace_arn)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:aps:[a-z0-9-]+:[0-9]{12}:workspace/ws-[A-Za-z0-9-]+$", var.prometheus_workspace_arn))
    error_message = "prometheus_workspace_arn must be an Amazon Managed Prometheus workspace ARN (arn:aws:aps:REGION:ACCOUNT:workspace/ws-...)."
  }
}

variable "prometheus_endpoint" {
  description = "The workspace's endpoint, https://aps-workspaces.REGION.amazonaws.com/workspaces/ws-.../ (the monitoring layer's prometheus_endpoint)."
  type        = string
  nullable    = false
}

variable "scrape_interval" {
  description = "How often ADOT scrapes each exporter and YACE reads CloudWatch (30s-5m, written like 60s or 1m). Keep it equal to cloudwatch_exporter's job period: one sample per CloudWatch period."
  type        = string
  default     = "60s"
  nullable    = false

  validation {
    condition     = can(regex("^[0-9]+[sm]$", var.scrape_interval)) && try(tonumber(regex("^[0-9]+", var.scrape_interval)) * (endswith(var.scrape_interval, "m") ? 60 : 1) >= 30 && tonumber(regex("^[0-9]+", var.scrape_interval)) * (endswith(var.scrape_interval, "m") ? 60 : 1) <= 300, false)
    error_message = "scrape_interval must be 30s-300s (or 1m-5m), written like 60s or 1m."
  }
}

################################################################################
# CloudWatch exporter (YACE)
################################################################################

variable "cloudwatch_exporter" {
  description = <<-EOT
    The CloudWatch exporter (YACE, prometheus-community/yet-another-cloudwatch-exporter). Its series are named
    aws_<namespace>_<metric>_<statistic> with dimension_<Name> labels. discovery_jobs, keyed by a name: type is a
    CloudWatch namespace (AWS/ApplicationELB, AWS/S3, ...); only tagged resources are discovered (search_tags:
    tag key => value regex, all must match); dimension_name_requirements: only metrics with exactly these
    dimensions (e.g. [LoadBalancer], so per-AZ and per-target-group copies are not summed twice); metrics:
    CloudWatch metric name => statistics (Sum, Average, Maximum, Minimum, SampleCount, pNN); period and length
    in seconds; delay: seconds behind now (CloudWatch publishes late); nil_to_zero: 0 instead of NaN when
    CloudWatch has no datapoint (sparse 5xx counts). regions default to the provider's region. null: no YACE.
  EOT
  type = object({
    image               = optional(string, "quay.io/prometheuscommunity/yet-another-cloudwatch-exporter:v0.63.0")
    config_writer_image = optional(string, "public.ecr.aws/docker/library/busybox:1.37.0")
    discovery_jobs = map(object({
      type                        = string
      regions                     = optional(list(string))
      search_tags                 = optional(map(string), {})
      dimension_name_requirements = optional(list(string), [])
      period                      = optional(number, 60)
      length                      = optional(number, 60)
      delay                       = optional(number, 120)
      nil_to_zero                 = optional(bool, true)
      metrics                     = map(list(string))
    }))
  })
  default = null

  validation {
    condition     = var.cloudwatch_exporter == null || try(length(var.cloudwatch_exporter.discovery_jobs) > 0 && alltrue([for j in values(var.cloudwatch_exporter.discovery_jobs) : can(regex("^AWS/[A-Za-z0-9]+$", j.type)) && length(j.metrics) > 0]), false)
    error_message = "cloudwatch_exporter.discovery_jobs must define at least one job, each with a CloudWatch namespace type (AWS/ApplicationELB, AWS/S3, ...) and at least one metric."
  }

  validation {
    condition = var.cloudwatch_exporter == null || try(alltrue(flatten([
      for j in values(var.cloudwatch_exporter.discovery_jobs) : [
        for stats in values(j.metrics) : [
          for s in stats : contains(["Sum", "Average", "Maximum", "Minimum", "SampleCount"], s) || can(regex("^p([0-9]{1,2}(\\.[0-9]{1,2})?|100)$", s))
        ]
      ]
    ])) && alltrue([for j in values(var.cloudwatch_exporter.discovery_jobs) : alltrue([for stats in values(j.metrics) : length(stats) > 0])]), false)
    error_message = "cloudwatch_exporter.discovery_jobs[*].metrics: each metric needs at least one statistic, each Sum, Average, Maximum, Minimum, SampleCount or pNN (e.g. p99)."
  }

  validation {
    condition     = var.cloudwatch_exporter == null || try(alltrue([for j in values(var.cloudwatch_exporter.discovery_jobs) : j.period >= 60 && j.period % 60 == 0 && j.length >= j.period && j.delay >= 0]), false)
    error_message = "cloudwatch_exporter.discovery_jobs[*]: period must be a multiple of 60 seconds, length at least the period, delay 0 or more."
  }
}

################################################################################
# PostgreSQL exporters
################################################################################

variable "postgres_exporters" {
  description = <<-EOT
    One prometheus-community postgres_exporter service per database, keyed by the value of the dbinstance label
    its series carry (pg_up{dbinstance="KEY"}; the ADOT sidecar sets it). host, port, database; sslmode
    (require: RDS enforces TLS); credentials_secret_arn: a Secrets Manager secret holding JSON with username and
    password (a user with the pg_monitor role), read by the execution role at task start; database_cidr_blocks:
    where the database is, by name (e.g. the network layer's data_subnet_cidr_blocks by AZ): the tasks' egress
    on port. The exporter reads the credential at start: after a new value, restart the service (README).
  EOT
  type = map(object({
    host                   = string
    port                   = optional(number, 5432)
    database               = optional(string, "postgres")
    sslmode                = optional(string, "require")
    credentials_secret_arn = string
    database_cidr_blocks   = map(string)
    image                  = optional(string, "quay.io/prometheuscommunity/postgres-exporter:v0.17.1")
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for k in keys(var.postgres_exporters) : can(regex("^[a-z][a-z0-9-]{0,39}$", k)) && length("${var.name}-pg-${k}") <= 50])
    error_message = "postgres_exporters keys (the dbinstance label) must be 1-40 lowercase letters, digits and hyphens, starting with a letter, and NAME-pg-KEY (the service name) at most 50 characters."
  }

  validation {
    condition     = alltrue([for p in values(var.postgres_exporters) : can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@!-]+-[A-Za-z0-9]{6}$", p.credentials_secret_arn))])
    error_message = "postgres_exporters[*].credentials_secret_arn must be the exact ARN of a Secrets Manager secret, with its 6-character suffix."
  }

  validation {
    condition = alltrue([
      for p in values(var.postgres_exporters) :
      contains(["disable", "require", "verify-ca", "verify-full"], p.sslmode) && p.port >= 1 && p.port <= 65535 &&
      length(p.database_cidr_blocks) > 0 && alltrue([for c in values(p.database_cidr_blocks) : can(cidrhost(c, 0)) && c != "0.0.0.0/0"])
    ])
    error_message = "postgres_exporters[*]: sslmode must be disable, require, verify-ca or verify-full, port 1-65535, database_cidr_blocks one or more CIDR blocks by name (not 0.0.0.0/0)."
  }
}

variable "secrets_kms_key_arns" {
  description = "KMS keys that encrypt the postgres_exporters' credential secrets (the platform's secrets key); the execution roles may decrypt with them through Secrets Manager only."
  type        = list(string)
  default     = []
  nullable    = false
}

################################################################################
# Tasks
################################################################################

variable "availability_zone_rebalancing" {
  description = "Passed to ../ecs-service: ENABLED (AWS), or null only on the moto emulator."
  type        = string
  default     = "ENABLED"
}

variable "enable_ecs_managed_tags" {
  description = "Passed to ../ecs-service: true on AWS; false only on the moto emulator."
  type        = bool
  default     = true
  nullable    = false
}

variable "log_retention_in_days" {
  description = "Days to keep the exporters' logs (a value CloudWatch Logs accepts; 365 is the platform standard)."
  type        = number
  default     = 365
  nullable    = false
}

variable "log_group_class" {
  description = "Class of the exporters' log groups: STANDARD, INFREQUENT_ACCESS, or null only on the moto emulator (it does not return the class, so the groups would be replaced on every plan)."
  type        = string
  default     = "STANDARD"
}
