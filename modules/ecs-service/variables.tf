################################################################################
# General
################################################################################

variable "name" {
  description = "Service name; also the task definition family and the prefix of the roles, security group and log group. 1-50 characters: letters, digits, hyphens and underscores, starting with a letter."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_-]{0,49}$", var.name))
    error_message = "name must be 1-50 characters of letters, digits, hyphens and underscores, starting with a letter."
  }
}

variable "cluster_arn" {
  description = "ARN of the ECS cluster the service runs in."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:cluster/[A-Za-z0-9_-]{1,255}$", var.cluster_arn))
    error_message = "cluster_arn must be an ECS cluster ARN (arn:aws:ecs:REGION:ACCOUNT:cluster/NAME)."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer-managed KMS key (the platform's logs key) that encrypts the service's log group. Its policy must allow logs.<region>.amazonaws.com."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }
}

variable "tags" {
  description = "Tags for every resource, merged over the provider's default_tags. The module adds Name. Propagated from the service to its tasks."
  type        = map(string)
  default     = {}
  nullable    = false
}

################################################################################
# Task definition
################################################################################

variable "cpu" {
  description = "Task CPU units (256, 512, 1024, 2048, 4096, 8192 or 16384)."
  type        = number
  default     = 256
  nullable    = false

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.cpu)
    error_message = "cpu must be one of the Fargate sizes 256, 512, 1024, 2048, 4096, 8192 or 16384."
  }
}

variable "memory" {
  description = "Task memory in MiB; must be a Fargate combination with cpu (e.g. 256: 512-2048; 1024: 2048-8192 in 1024 steps)."
  type        = number
  default     = 512
  nullable    = false

  validation {
    condition = (
      var.cpu == 256 ? contains([512, 1024, 2048], var.memory) :
      var.cpu == 512 ? var.memory >= 1024 && var.memory <= 4096 && var.memory % 1024 == 0 :
      var.cpu == 1024 ? var.memory >= 2048 && var.memory <= 8192 && var.memory % 1024 == 0 :
      var.cpu == 2048 ? var.memory >= 4096 && var.memory <= 16384 && var.memory % 1024 == 0 :
      var.cpu == 4096 ? var.memory >= 8192 && var.memory <= 30720 && var.memory % 1024 == 0 :
      var.cpu == 8192 ? var.memory >= 16384 && var.memory <= 61440 && var.memory % 4096 == 0 :
      var.memory >= 32768 && var.memory <= 122880 && var.memory % 8192 == 0
    )
    error_message = "memory is not a valid Fargate combination with cpu (see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size)."
  }
}

variable "runtime_platform" {
  description = "CPU architecture (X86_64 or ARM64) and OS family of the task. The images must be built for it."
  type = object({
    cpu_architecture        = optional(string, "X86_64")
    operating_system_family = optional(string, "LINUX")
  })
  default  = {}
  nullable = false

  validation {
    condition     = contains(["X86_64", "ARM64"], var.runtime_platform.cpu_architecture) && var.runtime_platform.operating_system_family == "LINUX"
    error_message = "runtime_platform.cpu_architecture must be X86_64 or ARM64 and operating_system_family LINUX."
  }
}

variable "ephemeral_storage_size_in_gib" {
  description = "Task ephemeral storage in GiB (21-200). Null keeps the Fargate default of 20 GiB."
  type        = number
  default     = null

  validation {
    condition     = var.ephemeral_storage_size_in_gib == null ? true : var.ephemeral_storage_size_in_gib >= 21 && var.ephemeral_storage_size_in_gib <= 200
    error_message = "ephemeral_storage_size_in_gib must be between 21 and 200."
  }
}

variable "container_definitions" {
  description = <<-EOT
    Containers keyed by container name. image: repository with a tag or, better, a digest
    (repo@sha256:...); :latest is refused. secrets: environment variable => exact ARN of a Secrets Manager
    secret (with its 6-character suffix, optionally followed by :json-key:version-stage:version-id) or of an
    SSM parameter; the execution role may read exactly these. The root filesystem is read-only unless
    readonly_root_filesystem = false: mount a volume for writable paths (volumes = { tmp = {} } and
    mount_points = { tmp = { container_path = "/tmp" } }). port_mappings are keyed by port name.
    Logs always go to the module's encrypted log group. Containers never run privileged.
  EOT
  type = map(object({
    image              = string
    essential          = optional(bool, true)
    cpu                = optional(number)
    memory             = optional(number)
    memory_reservation = optional(number)
    command            = optional(list(string))
    entry_point        = optional(list(string))
    working_directory  = optional(string)
    user               = optional(string)
    port_mappings = optional(map(object({
      container_port = number
      protocol       = optional(string, "tcp")
      app_protocol   = optional(string)
    })), {})
    environment              = optional(map(string), {})
    secrets                  = optional(map(string), {})
    readonly_root_filesystem = optional(bool, true)
    mount_points = optional(map(object({
      container_path = string
      read_only      = optional(bool, false)
    })), {})
    health_check = optional(object({
      command      = list(string)
      interval     = optional(number, 30)
      timeout      = optional(number, 5)
      retries      = optional(number, 3)
      start_period = optional(number, 0)
    }))
    depends_on           = optional(map(string), {})
    docker_labels        = optional(map(string), {})
    stop_timeout         = optional(number)
    init_process_enabled = optional(bool)
  }))
  nullable = false

  validation {
    condition     = length(var.container_definitions) >= 1 && anytrue([for c in values(var.container_definitions) : c.essential])
    error_message = "container_definitions must define at least one container, and at least one must be essential."
  }

  validation {
    condition     = alltrue([for n in keys(var.container_definitions) : can(regex("^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$", n))])
    error_message = "container_definitions keys (container names) must be letters, digits, hyphens and underscores."
  }

  validation {
    condition = alltrue([
      for c in values(var.container_definitions) :
      can(regex("@sha256:[0-9a-f]{64}$", c.image)) || can(regex(":[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", element(split("/", c.image), length(split("/", c.image)) - 1)))
    ])
    error_message = "Every container image must be pinned: repository:tag or (recommended) repository@sha256:<digest>."
  }

  validation {
    condition     = alltrue([for c in values(var.container_definitions) : !endswith(c.image, ":latest")])
    error_message = "Container images must not use the mutable :latest tag; pin a version tag or a digest."
  }

  validation {
    condition = alltrue(flatten([
      for c in values(var.container_definitions) : [
        for arn in values(c.secrets) :
        can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@!-]+-[A-Za-z0-9]{6}(:[^:*?]*:[^:*?]*:[^:*?]*)?$", arn)) ||
        can(regex("^arn:aws[a-z-]*:ssm:[a-z0-9-]+:[0-9]{12}:parameter/[A-Za-z0-9/_.-]+$", arn))
      ]
    ]))
    error_message = "secrets values must be exact ARNs without wildcards: a Secrets Manager secret ARN including its 6-character suffix (optionally :json-key:version-stage:version-id) or an SSM parameter ARN."
  }

  validation {
    condition     = alltrue(flatten([for c in values(var.container_definitions) : [for p in values(c.port_mappings) : contains(["tcp", "udp"], p.protocol) && p.container_port >= 1 && p.container_port <= 65535]]))
    error_message = "port_mappings: container_port must be 1-65535 and protocol tcp or udp."
  }

  validation {
    condition = alltrue(flatten([
      for c in values(var.container_definitions) : [
        for dep, cond in c.depends_on : contains(keys(var.container_definitions), dep) && contains(["START", "COMPLETE", "SUCCESS", "HEALTHY"], cond)
      ]
    ]))
    error_message = "depends_on must name other containers of this task, each with START, COMPLETE, SUCCESS or HEALTHY."
  }

  validation {
    condition     = alltrue(flatten([for c in values(var.container_definitions) : [for v in keys(c.mount_points) : contains(keys(var.volumes), v)]]))
    error_message = "mount_points keys must name volumes defined in var.volumes."
  }
}

variable "volumes" {
  description = "Task volumes keyed by name. {} is a task-local (ephemeral) volume, e.g. for /tmp under a read-only root filesystem; efs_volume_configuration mounts EFS with TLS and IAM authorisation."
  type = map(object({
    efs_volume_configuration = optional(object({
      file_system_id  = string
      root_directory  = optional(string)
      access_point_id = optional(string)
      iam             = optional(string, "ENABLED")
    }))
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for v in values(var.volumes) : v.efs_volume_configuration == null || can(regex("^fs-[0-9a-f]+$", v.efs_volume_configuration.file_system_id))])
    error_message = "volumes[*].efs_volume_configuration.file_system_id must be an EFS file system ID (fs-...)."
  }
}

################################################################################
# Service
################################################################################

variable "desired_count" {
  description = "Number of tasks when the service is created. Afterwards Application Auto Scaling owns the count (the module ignores later changes to it)."
  type        = number
  default     = 2
  nullable    = false

  validation {
    condition     = var.desired_count >= 0 && floor(var.desired_count) == var.desired_count
    error_message = "desired_count must be a whole number of at least 0."
  }
}

variable "platform_version" {
  description = "Fargate platform version: LATEST (recommended; checkov CKV_AWS_332) or a version such as 1.4.0."
  type        = string
  default     = "LATEST"
  nullable    = false

  validation {
    condition     = var.platform_version == "LATEST" || can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+$", var.platform_version))
    error_message = "platform_version must be LATEST or a version such as 1.4.0."
  }
}

variable "capacity_provider_strategy" {
  description = "Capacity providers keyed by name (FARGATE, FARGATE_SPOT) with weight and base. Empty uses the FARGATE launch type."
  type = map(object({
    weight = optional(number, 1)
    base   = optional(number, 0)
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for k in keys(var.capacity_provider_strategy) : contains(["FARGATE", "FARGATE_SPOT"], k)])
    error_message = "capacity_provider_strategy keys must be FARGATE or FARGATE_SPOT."
  }
}

variable "deployment_minimum_healthy_percent" {
  description = "Lower limit of running tasks during a deployment, in percent of desired_count."
  type        = number
  default     = 100
  nullable    = false

  validation {
    condition     = var.deployment_minimum_healthy_percent >= 0 && var.deployment_minimum_healthy_percent <= 100
    error_message = "deployment_minimum_healthy_percent must be between 0 and 100."
  }
}

variable "deployment_maximum_percent" {
  description = "Upper limit of running tasks during a deployment, in percent of desired_count."
  type        = number
  default     = 200
  nullable    = false

  validation {
    condition     = var.deployment_maximum_percent >= 100 && var.deployment_maximum_percent <= 400
    error_message = "deployment_maximum_percent must be between 100 and 400."
  }
}

variable "health_check_grace_period_seconds" {
  description = "Seconds to ignore failing load balancer health checks after a task starts. Used only with load_balancers."
  type        = number
  default     = 60
  nullable    = false

  validation {
    condition     = var.health_check_grace_period_seconds >= 0 && var.health_check_grace_period_seconds <= 2147483647
    error_message = "health_check_grace_period_seconds must be 0 or more."
  }
}

variable "availability_zone_rebalancing" {
  description = "ENABLED lets ECS move tasks to even out Availability Zones after an imbalance. null leaves it unset: only for the moto emulator, which does not return it (every plan would show a change)."
  type        = string
  default     = "ENABLED"

  validation {
    condition     = var.availability_zone_rebalancing == null || contains(["ENABLED", "DISABLED"], coalesce(var.availability_zone_rebalancing, "x"))
    error_message = "availability_zone_rebalancing must be ENABLED or DISABLED."
  }
}

variable "enable_execute_command" {
  description = "Turn on ECS Exec (interactive shells in running tasks). Off by default; turning it on grants the task role the ssmmessages channel actions and starts the containers with an init process."
  type        = bool
  default     = false
  nullable    = false
}

variable "wait_for_steady_state" {
  description = "Make terraform apply wait until the deployment reaches a steady state (or the circuit breaker rolls it back)."
  type        = bool
  default     = false
  nullable    = false
}

variable "load_balancers" {
  description = "ALB/NLB target groups to register the tasks with, keyed by a name: target_group_arn (target type ip), container_name and container_port (one of that container's port_mappings)."
  type = map(object({
    target_group_arn = string
    container_name   = string
    container_port   = number
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for lb in values(var.load_balancers) : can(regex("^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:targetgroup/[A-Za-z0-9-]+/[0-9a-f]+$", lb.target_group_arn))])
    error_message = "load_balancers[*].target_group_arn must be a target group ARN."
  }

  validation {
    condition = alltrue([
      for lb in values(var.load_balancers) :
      contains(keys(var.container_definitions), lb.container_name) &&
      contains([for p in values(try(var.container_definitions[lb.container_name].port_mappings, {})) : p.container_port], lb.container_port)
    ])
    error_message = "load_balancers[*] must name a container of container_definitions and one of its port_mappings' container_port."
  }
}

################################################################################
# Network
################################################################################

variable "subnet_ids" {
  description = "Private subnets for the tasks (awsvpc). Tasks never get a public IP."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(var.subnet_ids) >= 1 && alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "subnet_ids must list at least one subnet ID (subnet-...)."
  }
}

variable "vpc_id" {
  description = "VPC of the service's security group (needed when create_security_group = true)."
  type        = string
  default     = null

  validation {
    condition     = var.vpc_id == null ? !var.create_security_group : can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id must be a VPC ID (vpc-...); it is required when create_security_group = true."
  }
}

variable "create_security_group" {
  description = "Create a security group for the tasks (../security-group) with security_group_ingress_rules and security_group_egress_rules."
  type        = bool
  default     = true
  nullable    = false
}

variable "security_group_ingress_rules" {
  description = "Ingress rules of the tasks' security group, keyed by rule name (../security-group interface), e.g. the container port from the ALB's security group."
  type = map(object({
    description                  = string
    from_port                    = optional(number)
    to_port                      = optional(number)
    ip_protocol                  = optional(string, "tcp")
    cidr_ipv4                    = optional(string)
    cidr_ipv6                    = optional(string)
    referenced_security_group_id = optional(string)
    prefix_list_id               = optional(string)
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for r in values(var.security_group_ingress_rules) : r.cidr_ipv4 != "0.0.0.0/0" && r.cidr_ipv6 != "::/0"])
    error_message = "Tasks run in private subnets behind a load balancer: ingress from 0.0.0.0/0 or ::/0 is refused."
  }
}

variable "security_group_egress_rules" {
  description = "Egress rules of the tasks' security group, keyed by rule name. Default: HTTPS (443) only, for AWS APIs (or VPC endpoints) and image registries; add the ports of databases and caches the service uses."
  type = map(object({
    description                  = string
    from_port                    = optional(number)
    to_port                      = optional(number)
    ip_protocol                  = optional(string, "tcp")
    cidr_ipv4                    = optional(string)
    cidr_ipv6                    = optional(string)
    referenced_security_group_id = optional(string)
    prefix_list_id               = optional(string)
  }))
  default = {
    https = {
      description = "HTTPS to AWS APIs and image registries"
      from_port   = 443
      to_port     = 443
      ip_protocol = "tcp"
      cidr_ipv4   = "0.0.0.0/0"
    }
  }
  nullable = false
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
# IAM
################################################################################

variable "create_task_exec_iam_role" {
  description = "Create the task execution role (used by ECS to pull images, write logs and fetch the containers' secrets). When false, pass task_exec_iam_role_arn."
  type        = bool
  default     = true
  nullable    = false
}

variable "task_exec_iam_role_arn" {
  description = "Existing task execution role, used when create_task_exec_iam_role = false."
  type        = string
  default     = null

  validation {
    condition     = var.task_exec_iam_role_arn == null ? var.create_task_exec_iam_role : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", var.task_exec_iam_role_arn))
    error_message = "task_exec_iam_role_arn must be an IAM role ARN; it is required when create_task_exec_iam_role = false."
  }
}

variable "task_exec_secret_kms_key_arns" {
  description = "KMS keys that encrypt the containers' secrets and SecureString parameters. The execution role may decrypt with exactly these keys, and only through Secrets Manager or SSM."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for k in var.task_exec_secret_kms_key_arns : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", k))])
    error_message = "task_exec_secret_kms_key_arns must be KMS key ARNs (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }
}

variable "task_exec_ecr_repository_arns" {
  description = "ECR repositories the execution role may pull from, in addition to those derived from the container images (ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPO images are detected automatically)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for r in var.task_exec_ecr_repository_arns : can(regex("^arn:aws[a-z-]*:ecr:[a-z0-9-]+:[0-9]{12}:repository/[a-z0-9._/-]+$", r))])
    error_message = "task_exec_ecr_repository_arns must be ECR repository ARNs without wildcards."
  }
}

variable "create_tasks_iam_role" {
  description = "Create the task role (the identity of the application code). When false, pass tasks_iam_role_arn."
  type        = bool
  default     = true
  nullable    = false
}

variable "tasks_iam_role_arn" {
  description = "Existing task role, used when create_tasks_iam_role = false."
  type        = string
  default     = null

  validation {
    condition     = var.tasks_iam_role_arn == null ? var.create_tasks_iam_role : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", var.tasks_iam_role_arn))
    error_message = "tasks_iam_role_arn must be an IAM role ARN; it is required when create_tasks_iam_role = false."
  }
}

variable "tasks_iam_role_policies" {
  description = "Inline policies (JSON documents) of the task role, keyed by policy name: what the application may do."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for p in values(var.tasks_iam_role_policies) : can(jsondecode(p).Statement)])
    error_message = "tasks_iam_role_policies values must be IAM policy JSON documents with a Statement."
  }
}

variable "tasks_iam_role_managed_policy_arns" {
  description = "Managed policies attached to the task role, keyed by a name."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for a in values(var.tasks_iam_role_managed_policy_arns) : can(regex("^arn:aws[a-z-]*:iam::([0-9]{12}|aws):policy/.+$", a))])
    error_message = "tasks_iam_role_managed_policy_arns values must be IAM policy ARNs."
  }
}

variable "iam_role_permissions_boundary_arn" {
  description = "Permissions boundary for both roles, where the account requires one."
  type        = string
  default     = null
}

################################################################################
# Logs
################################################################################

variable "cloudwatch_log_group_retention_in_days" {
  description = "Days to keep the containers' logs (a value CloudWatch Logs accepts; at least 365 is the platform standard)."
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
# Autoscaling
################################################################################

variable "enable_autoscaling" {
  description = "Scale the task count with Application Auto Scaling target tracking (autoscaling_policies)."
  type        = bool
  default     = true
  nullable    = false
}

variable "autoscaling_min_capacity" {
  description = "Fewest tasks autoscaling keeps."
  type        = number
  default     = 2
  nullable    = false

  validation {
    condition     = var.autoscaling_min_capacity >= 0 && floor(var.autoscaling_min_capacity) == var.autoscaling_min_capacity
    error_message = "autoscaling_min_capacity must be a whole number of at least 0."
  }
}

variable "autoscaling_max_capacity" {
  description = "Most tasks autoscaling starts."
  type        = number
  default     = 10
  nullable    = false

  validation {
    condition     = var.autoscaling_max_capacity >= var.autoscaling_min_capacity && floor(var.autoscaling_max_capacity) == var.autoscaling_max_capacity
    error_message = "autoscaling_max_capacity must be a whole number of at least autoscaling_min_capacity."
  }
}

variable "autoscaling_policies" {
  description = "Target tracking policies keyed by name. Default: average CPU 70 % and average memory 75 %. ALBRequestCountPerTarget needs resource_label (app/LB/ID/targetgroup/TG/ID)."
  type = map(object({
    predefined_metric_type = string
    target_value           = number
    resource_label         = optional(string)
    scale_in_cooldown      = optional(number, 300)
    scale_out_cooldown     = optional(number, 60)
    disable_scale_in       = optional(bool, false)
  }))
  default = {
    cpu = {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
      target_value           = 70
    }
    memory = {
      predefined_metric_type = "ECSServiceAverageMemoryUtilization"
      target_value           = 75
    }
  }
  nullable = false

  validation {
    condition     = alltrue([for p in values(var.autoscaling_policies) : contains(["ECSServiceAverageCPUUtilization", "ECSServiceAverageMemoryUtilization", "ALBRequestCountPerTarget"], p.predefined_metric_type)])
    error_message = "autoscaling_policies[*].predefined_metric_type must be ECSServiceAverageCPUUtilization, ECSServiceAverageMemoryUtilization or ALBRequestCountPerTarget."
  }

  validation {
    condition     = alltrue([for p in values(var.autoscaling_policies) : p.predefined_metric_type != "ALBRequestCountPerTarget" || p.resource_label != null])
    error_message = "ALBRequestCountPerTarget policies need resource_label."
  }

  validation {
    condition     = alltrue([for p in values(var.autoscaling_policies) : p.target_value > 0 && (p.predefined_metric_type == "ALBRequestCountPerTarget" || p.target_value <= 100)])
    error_message = "autoscaling_policies[*].target_value must be above 0 (and at most 100 for utilisation metrics)."
  }
}

variable "enable_ecs_managed_tags" {
  description = "Let ECS tag the tasks it starts with the cluster and service names (cost allocation). Keep true; live/local sets false because moto's CreateService does not store it (every re-plan would show it)."
  type        = bool
  default     = true
}

################################################################################
# Metrics: ADOT collector sidecar -> Amazon Managed Prometheus
################################################################################

variable "adot_collector" {
  description = <<-EOT
    An AWS Distro for OpenTelemetry collector beside the application (not essential: the service runs on if it
    stops). It scrapes the application's Prometheus endpoint (localhost:scrape_port/scrape_path) and
    remote-writes to the Amazon Managed Prometheus workspace with SigV4; the task role gets aps:RemoteWrite on
    that workspace only (needs create_tasks_iam_role). prometheus_endpoint: the monitoring layer's
    prometheus_endpoint output (ends with /); workspace_arn: its prometheus_workspace_arn. labels: extra target
    labels on every scraped series (e.g. dbinstance for an exporter), beside service and cluster. null: no collector.
  EOT
  type = object({
    workspace_arn       = string
    prometheus_endpoint = string
    scrape_port         = number
    scrape_path         = optional(string, "/metrics")
    scrape_interval     = optional(string, "30s")
    job_name            = optional(string)
    labels              = optional(map(string), {})
    image               = optional(string, "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1")
    cpu                 = optional(number, 128)
    memory              = optional(number, 256)
  })
  default = null

  validation {
    condition     = var.adot_collector == null || can(regex("^arn:aws[a-z-]*:aps:[a-z0-9-]+:[0-9]{12}:workspace/ws-[A-Za-z0-9-]+$", var.adot_collector.workspace_arn))
    error_message = "adot_collector.workspace_arn must be an Amazon Managed Prometheus workspace ARN (arn:aws:aps:REGION:ACCOUNT:workspace/ws-...)."
  }

  validation {
    condition     = var.adot_collector == null || can(regex("^https://aps-workspaces\\.[a-z0-9-]+\\.amazonaws\\.com/workspaces/ws-[A-Za-z0-9-]+/$", var.adot_collector.prometheus_endpoint))
    error_message = "adot_collector.prometheus_endpoint must be the workspace's endpoint, https://aps-workspaces.REGION.amazonaws.com/workspaces/ws-.../ (the monitoring layer's prometheus_endpoint output)."
  }

  validation {
    condition     = var.adot_collector == null || (try(var.adot_collector.scrape_port >= 1 && var.adot_collector.scrape_port <= 65535, false) && can(regex("^/[!-~]*$", var.adot_collector.scrape_path)) && can(regex("^[0-9]+[sm]$", var.adot_collector.scrape_interval)))
    error_message = "adot_collector: scrape_port must be 1-65535, scrape_path start with '/', scrape_interval look like 30s or 1m."
  }

  validation {
    condition     = var.adot_collector == null || alltrue([for k in keys(try(var.adot_collector.labels, {})) : can(regex("^[A-Za-z_][A-Za-z0-9_]*$", k)) && !startswith(k, "__") && !contains(["service", "cluster"], k)])
    error_message = "adot_collector.labels keys must be Prometheus label names (letters, digits, _; not starting with a digit or __), and not service or cluster, which the module sets."
  }

  validation {
    condition     = var.adot_collector == null || var.create_tasks_iam_role
    error_message = "adot_collector needs create_tasks_iam_role = true: the module grants aps:RemoteWrite to the task role it creates (with an existing role, grant it there and run the collector yourself)."
  }
}
