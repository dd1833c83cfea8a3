################################################################################
# General
################################################################################

variable "name" {
  description = "Base name of everything the module creates: the ECS cluster and service, the ECR repository, the load balancer (<name>), roles (<name>-task, <name>-task-exec, <name>-plan, <name>-apply), secrets (<name>/github/...), the EFS file system and the log group. 1-24 lowercase letters, digits and hyphens, starting with a letter (the load balancer and target group names are limited to 32 characters)."
  type        = string
  default     = "atlantis"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,22}[a-z0-9])?$", var.name))
    error_message = "name must be 1-24 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen."
  }
}

variable "hostname" {
  description = "Fully qualified host name Atlantis is served on (ATLANTIS_ATLANTIS_URL is https://<hostname>). GitHub sends webhooks to https://<hostname>/events. Point a DNS record at the load balancer (outputs alb_dns_name and alb_zone_id)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.hostname)) && length(var.hostname) <= 253
    error_message = "hostname must be a lowercase fully qualified domain name such as atlantis.example.com."
  }
}

variable "tags" {
  description = "Tags for every resource, merged over the provider's default_tags. The module adds Name."
  type        = map(string)
  default     = {}
  nullable    = false
}

################################################################################
# Network
################################################################################

variable "vpc_id" {
  description = "VPC of the load balancer, the tasks, the EFS mount targets and the VPC endpoints (network layer output vpc_id)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id must be a VPC id such as vpc-0123456789abcdef0."
  }
}

variable "vpc_cidr_block" {
  description = "CIDR block of the VPC (network layer output vpc_cidr_block): the VPC endpoints accept HTTPS from it, and with reference_security_groups = false it replaces the security group references."
  type        = string
  nullable    = false

  validation {
    condition     = can(cidrhost(var.vpc_cidr_block, 0)) && cidrhost(var.vpc_cidr_block, 0) == split("/", var.vpc_cidr_block)[0]
    error_message = "vpc_cidr_block must be an IPv4 network address in CIDR notation, e.g. 10.10.0.0/16."
  }
}

variable "private_subnet_ids_by_az" {
  description = "Private subnets by Availability Zone (network layer output private_subnet_ids_by_az): the tasks run there, and EFS gets one mount target per zone (keyed by zone, so adding a zone never touches the others)."
  type        = map(string)
  nullable    = false

  validation {
    condition     = length(var.private_subnet_ids_by_az) >= 2 && alltrue([for s in values(var.private_subnet_ids_by_az) : can(regex("^subnet-[0-9a-f]{8,17}$", s))])
    error_message = "private_subnet_ids_by_az must map at least two Availability Zones to subnet ids (subnet-...)."
  }
}

variable "public_subnet_ids" {
  description = "Public subnets of the internet-facing load balancer (network layer output public_subnet_ids), at least two in different Availability Zones."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(var.public_subnet_ids) >= 2 && alltrue([for s in var.public_subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", s))])
    error_message = "public_subnet_ids must list at least two subnet ids (subnet-...)."
  }
}

variable "route53_zone_id" {
  description = "Public hosted zone that holds hostname (the dns layer's public_zone_ids for its domain): the module creates hostname's alias A record to the load balancer there. null: the record is managed elsewhere."
  type        = string
  default     = null

  validation {
    condition     = var.route53_zone_id == null || can(regex("^[0-9A-Z]{1,32}$", coalesce(var.route53_zone_id, "Z0")))
    error_message = "route53_zone_id must be a Route 53 hosted zone id (upper-case letters and digits, e.g. Z0123456789ABCDEFGHIJ; without /hostedzone/)."
  }
}

variable "alb_ingress_cidr_blocks" {
  description = "Who may reach the load balancer on 443, keyed by a name: GitHub's webhook ranges (the \"hooks\" list of https://api.github.com/meta) and the networks of the people who use the UI (office, VPN). Anyone who reaches the UI can discard plans and release locks, so 0.0.0.0/0 is refused."
  type        = map(string)
  nullable    = false

  validation {
    condition     = length(var.alb_ingress_cidr_blocks) >= 1 && alltrue([for k in keys(var.alb_ingress_cidr_blocks) : can(regex("^[a-z0-9][a-z0-9_-]{0,40}$", k))])
    error_message = "alb_ingress_cidr_blocks needs at least one entry; keys are 1-41 lowercase letters, digits, '_' and '-'."
  }

  validation {
    condition     = alltrue([for c in values(var.alb_ingress_cidr_blocks) : can(cidrhost(c, 0)) && !endswith(c, "/0") && !strcontains(c, ":")])
    error_message = "alb_ingress_cidr_blocks values must be IPv4 CIDR blocks, never /0."
  }
}

variable "reference_security_groups" {
  description = "Write the rules between the load balancer, the tasks and EFS as security group references (true, the default). false writes them as rules over vpc_cidr_block instead: only for the moto emulator, which drops the description of referencing rules so every re-plan shows a change (docs/emulator.md)."
  type        = bool
  default     = true
  nullable    = false
}

variable "create_vpc_endpoints" {
  description = "Create interface VPC endpoints for vpc_endpoint_services in the private subnets (private DNS on), so that image pulls, logs, secrets and STS stay inside the VPC. Set false when a shared endpoints layer already has them: a VPC takes only one private-DNS endpoint per service."
  type        = bool
  default     = true
  nullable    = false
}

variable "vpc_endpoint_services" {
  description = "Interface endpoints to create (short service names). The defaults are what the Atlantis task needs: pull its image (ecr.api, ecr.dkr; layers come through the S3 gateway endpoint of the network layer), ship logs, read its secrets, assume the plan/apply roles and use the state key (kms)."
  type        = set(string)
  default     = ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "sts", "kms"]
  nullable    = false

  validation {
    condition     = alltrue([for s in var.vpc_endpoint_services : can(regex("^[a-z0-9][a-z0-9.-]{1,40}$", s)) && !contains(["s3", "dynamodb"], s)])
    error_message = "vpc_endpoint_services must be short interface service names such as ecr.api; s3 and dynamodb are gateway endpoints (network layer)."
  }
}

################################################################################
# Encryption
################################################################################

variable "kms_key_arns" {
  description = "The kms layer's key_arns output (purpose => key ARN). Used: ecr (the image repository), logs (log group), secrets (GitHub secrets). Extra keys are ignored."
  type        = map(string)
  nullable    = false

  validation {
    condition     = alltrue([for p in ["ecr", "logs", "secrets"] : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", lookup(var.kms_key_arns, p, "")))])
    error_message = "kms_key_arns must contain KMS key ARNs for ecr, logs and secrets (the kms layer's key_arns output)."
  }
}

variable "efs_kms_key_arn" {
  description = "KMS key that encrypts the EFS file system. null (default) creates a dedicated key (rotated, usable only through EFS in this account), because the kms layer has no efs purpose."
  type        = string
  default     = null

  validation {
    condition     = var.efs_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", coalesce(var.efs_kms_key_arn, "-")))
    error_message = "efs_kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID) or null."
  }
}

################################################################################
# TLS and WAF
################################################################################

variable "certificate_arns" {
  description = "ACM certificate ARNs keyed by domain: the certificates layer's output, passed whole (its keys contain dots, which a layer reference cannot index). certificate_domain picks the entry."
  type        = map(string)
  nullable    = false

  validation {
    condition     = alltrue([for c in values(var.certificate_arns) : can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", c))])
    error_message = "certificate_arns values must be ACM certificate ARNs."
  }
}

variable "certificate_domain" {
  description = "The key of certificate_arns the HTTPS listener uses: hostname itself, the wildcard of its parent domain (*.example.com for atlantis.example.com), or the parent domain whose certificate has that wildcard as an alternative name (the certificates layer's connectly.io). A key that is missing fails the plan (the listener has no certificate); any other key fails the check certificate_covers_hostname (a warning)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.certificate_domain))
    error_message = "certificate_domain must be a domain name or a wildcard domain (*.example.com)."
  }
}

variable "web_acl_arn" {
  description = "REGIONAL WAFv2 web ACL associated with the load balancer (the waf layer's web_acl_arns.REGIONAL)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:[0-9]{12}:regional/webacl/.+$", var.web_acl_arn))
    error_message = "web_acl_arn must be a REGIONAL WAFv2 web ACL ARN (arn:aws:wafv2:REGION:ACCOUNT:regional/webacl/NAME/ID)."
  }
}

variable "alb_deletion_protection" {
  description = "Deletion protection of the load balancer. Keep true; the local environment sets false so that destroy works."
  type        = bool
  default     = true
  nullable    = false
}

variable "access_logs_bucket_deny_statements" {
  description = "Attach the deny-insecure-transport and deny-unencrypted-uploads statements to the load balancer's access log bucket (../s3-bucket). Keep true; only the moto emulator needs false, because it evaluates only StringEquals conditions and would deny every request (docs/emulator.md)."
  type        = bool
  default     = true
  nullable    = false
}

variable "access_logs_retention_days" {
  description = "Days to keep the load balancer's access logs."
  type        = number
  default     = 365
  nullable    = false

  validation {
    condition     = var.access_logs_retention_days >= 1 && floor(var.access_logs_retention_days) == var.access_logs_retention_days
    error_message = "access_logs_retention_days must be a whole number of at least 1."
  }
}

################################################################################
# Atlantis
################################################################################

variable "image_digest" {
  description = "Digest (sha256:...) of the Atlantis image in the module's ECR repository (built from atlantis/Dockerfile, which bakes in atlantis/repos.yaml and the policies). The task runs <repository URL>@<digest>: tags are never used, so a deployment is exactly one image."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^sha256:[0-9a-f]{64}$", var.image_digest))
    error_message = "image_digest must be sha256: followed by 64 lowercase hex digits."
  }
}

variable "github_user" {
  description = "GitHub user Atlantis comments as (ATLANTIS_GH_USER); its token is the github-token secret."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z0-9]([A-Za-z0-9-]{0,37}[A-Za-z0-9])?$", var.github_user))
    error_message = "github_user must be a GitHub user name (1-39 letters, digits and hyphens)."
  }
}

variable "repo_allowlist" {
  description = "Repositories Atlantis accepts webhooks for (ATLANTIS_REPO_ALLOWLIST). atlantis/repos.yaml then decides what each may do."
  type        = list(string)
  default     = ["github.com/connectly/platform", "github.com/connectly/svc-*"]
  nullable    = false

  validation {
    condition     = length(var.repo_allowlist) >= 1 && alltrue([for r in var.repo_allowlist : can(regex("^github\\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.*-]+$", r)) && !endswith(r, "/*")])
    error_message = "repo_allowlist entries must be github.com/OWNER/REPO (a * inside the repository name is allowed, a whole-organisation github.com/OWNER/* is not)."
  }
}

variable "github_secret_arns" {
  description = "Existing Secrets Manager secrets with the GitHub token (token) and the webhook secret (webhook_secret), e.g. from a secrets layer. null (default) creates both here, empty: an operator puts the values (see README), so they never pass through Terraform state."
  type = object({
    token          = string
    webhook_secret = string
  })
  default = null

  validation {
    condition = var.github_secret_arns == null || alltrue([
      for a in(var.github_secret_arns == null ? [] : [var.github_secret_arns.token, var.github_secret_arns.webhook_secret]) :
      can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@!-]+-[A-Za-z0-9]{6}$", a))
    ])
    error_message = "github_secret_arns values must be complete Secrets Manager secret ARNs (with the 6-character suffix)."
  }
}

variable "secret_recovery_window_in_days" {
  description = "Recovery window of the secrets the module creates: 7-30 days, or 0 to delete at once (throw-away environments, where a re-created secret would otherwise collide with the deleted one)."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.secret_recovery_window_in_days == 0 || (var.secret_recovery_window_in_days >= 7 && var.secret_recovery_window_in_days <= 30)
    error_message = "secret_recovery_window_in_days must be 0 or 7-30."
  }
}

variable "cpu" {
  description = "Task CPU units. Terraform plans run inside the task, in parallel (parallel_plan): size for the largest layer."
  type        = number
  default     = 1024
  nullable    = false

  validation {
    condition     = contains([512, 1024, 2048, 4096], var.cpu)
    error_message = "cpu must be 512, 1024, 2048 or 4096."
  }
}

variable "memory" {
  description = "Task memory in MiB, a Fargate combination with cpu (512: 1024-4096; 1024: 2048-8192; 2048: 4096-16384; 4096: 8192-30720; in 1024 steps)."
  type        = number
  default     = 4096
  nullable    = false

  validation {
    condition     = var.memory % 1024 == 0 && var.memory >= var.cpu * 2 && var.memory <= (var.cpu == 4096 ? 30720 : var.cpu * 8)
    error_message = "memory is not a valid Fargate combination with cpu (512: 1024-4096; 1024: 2048-8192; 2048: 4096-16384; 4096: 8192-30720; in 1024 steps)."
  }
}

variable "environment" {
  description = "Extra environment variables of the Atlantis container (ATLANTIS_* server flags such as ATLANTIS_LOG_LEVEL), merged over the module's. The flags that carry the module's guarantees (URL, port, data dir, repo config, allowlist, GitHub user and secrets, checkout strategy, policy checks, failing pre-workflow hooks) cannot be overridden. Never put secrets here."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition = alltrue([for k in keys(var.environment) : can(regex("^[A-Z_][A-Z0-9_]*$", k)) && !contains([
      "ATLANTIS_ATLANTIS_URL", "ATLANTIS_PORT", "ATLANTIS_DATA_DIR", "ATLANTIS_REPO_CONFIG", "ATLANTIS_REPO_CONFIG_JSON",
      "ATLANTIS_REPO_ALLOWLIST", "ATLANTIS_GH_USER", "ATLANTIS_GH_TOKEN", "ATLANTIS_GH_WEBHOOK_SECRET",
      "ATLANTIS_CHECKOUT_STRATEGY", "ATLANTIS_ENABLE_POLICY_CHECKS", "ATLANTIS_FAIL_ON_PRE_WORKFLOW_HOOK_ERROR",
    ], k)])
    error_message = "environment keys must be upper-case variable names and must not override the module's own ATLANTIS_* settings (URL, port, data dir, repo config, allowlist, GitHub user/token/webhook secret, checkout strategy, policy checks, pre-workflow hook failures)."
  }
}

variable "log_retention_in_days" {
  description = "Days to keep the Atlantis log group (the metric filters read it)."
  type        = number
  default     = 365
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...)."
  }
}

variable "log_group_class" {
  description = "Class of the Atlantis log group: STANDARD (needed for metric filters) or null, which leaves it to AWS (STANDARD). Use null on the moto emulator, which does not return the class (docs/emulator.md)."
  type        = string
  default     = "STANDARD"

  validation {
    condition     = var.log_group_class == null || var.log_group_class == "STANDARD"
    error_message = "log_group_class must be STANDARD or null: metric filters need the STANDARD class."
  }
}

variable "posix_user" {
  description = "User and group the EFS access point maps every client to: the atlantis user of the official image (uid 100, gid 1000)."
  type = object({
    uid = optional(number, 100)
    gid = optional(number, 1000)
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.posix_user.uid >= 1 && var.posix_user.gid >= 1
    error_message = "posix_user must not be root (uid and gid at least 1)."
  }
}

################################################################################
# EFS (Atlantis data: clones, plans, the locking database)
################################################################################

variable "efs_backup_policy_enabled" {
  description = "Turn on automatic AWS Backup for the EFS file system (aws_efs_backup_policy). Keep true; the moto emulator lacks PutBackupPolicy, so local sets false."
  type        = bool
  default     = true
  nullable    = false
}

variable "efs_file_system_policy_enabled" {
  description = "Attach the EFS file system policy (deny non-TLS access; only the Atlantis task role may mount, through the access point). Keep true; the moto emulator lacks DeleteFileSystemPolicy (destroy fails), so local sets false."
  type        = bool
  default     = true
  nullable    = false
}

################################################################################
# Plan / apply roles and the Terraform state
################################################################################

variable "terraform_state" {
  description = "The state backend (bootstrap layer outputs: bucket_arn, kms_key_arn, lock_table_arn). The backend runs with the task role's own credentials, so the task role may read and write state objects, lock with the table (or S3 lock files), and use the state key."
  type = object({
    bucket_arn     = string
    kms_key_arn    = string
    lock_table_arn = optional(string)
  })
  nullable = false

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.terraform_state.bucket_arn))
    error_message = "terraform_state.bucket_arn must be an S3 bucket ARN."
  }

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.terraform_state.kms_key_arn))
    error_message = "terraform_state.kms_key_arn must be a KMS key ARN."
  }

  validation {
    condition     = var.terraform_state.lock_table_arn == null || can(regex("^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[A-Za-z0-9_.-]+$", coalesce(var.terraform_state.lock_table_arn, "-")))
    error_message = "terraform_state.lock_table_arn must be a DynamoDB table ARN or null (S3 native locking)."
  }
}

variable "plan_role_managed_policy_arns" {
  description = "Managed policies of the plan role in this account, keyed by a name. Default: ReadOnlyAccess (plans read every resource they manage)."
  type        = map(string)
  default     = { read-only = "arn:aws:iam::aws:policy/ReadOnlyAccess" }
  nullable    = false

  validation {
    condition     = length(var.plan_role_managed_policy_arns) <= 10 && alltrue([for k, v in var.plan_role_managed_policy_arns : can(regex("^[A-Za-z0-9_.-]{1,64}$", k)) && can(regex("^arn:aws[a-z-]*:iam::([0-9]{12}|aws):policy/.+$", v))])
    error_message = "plan_role_managed_policy_arns: at most 10 entries, keys of letters, digits, '_', '.', '-', values IAM policy ARNs."
  }
}

variable "apply_role_managed_policy_arns" {
  description = "Managed policies of the apply role in this account, keyed by a name. Default: AdministratorAccess, because the platform's layers create IAM roles, KMS keys and networks; the role is still denied changes to Atlantis's own roles (no self-escalation), and apply_role_permissions_boundary_arn can bound it."
  type        = map(string)
  default     = { administrator = "arn:aws:iam::aws:policy/AdministratorAccess" }
  nullable    = false

  validation {
    condition     = length(var.apply_role_managed_policy_arns) >= 1 && length(var.apply_role_managed_policy_arns) <= 10 && alltrue([for k, v in var.apply_role_managed_policy_arns : can(regex("^[A-Za-z0-9_.-]{1,64}$", k)) && can(regex("^arn:aws[a-z-]*:iam::([0-9]{12}|aws):policy/.+$", v))])
    error_message = "apply_role_managed_policy_arns: 1-10 entries, keys of letters, digits, '_', '.', '-', values IAM policy ARNs."
  }
}

variable "apply_role_permissions_boundary_arn" {
  description = "Permissions boundary of the apply role (recommended where the account has one for automation)."
  type        = string
  default     = null

  validation {
    condition     = var.apply_role_permissions_boundary_arn == null || can(regex("^arn:aws[a-z-]*:iam::([0-9]{12}|aws):policy/.+$", coalesce(var.apply_role_permissions_boundary_arn, "-")))
    error_message = "apply_role_permissions_boundary_arn must be an IAM policy ARN or null."
  }
}

variable "cross_account_roles" {
  description = "Plan and apply roles in other accounts, keyed by account id. Each account creates its pair itself, trusting this module's task role (output task_role_arn) by ARN. The task role may assume exactly these roles and this account's pair."
  type = map(object({
    plan_role_arn  = string
    apply_role_arn = string
  }))
  default  = {}
  nullable = false

  validation {
    condition = alltrue([for account, r in var.cross_account_roles : can(regex("^[0-9]{12}$", account)) && alltrue([
      for arn in [r.plan_role_arn, r.apply_role_arn] : can(regex("^arn:aws[a-z-]*:iam::${account}:role/.+$", arn))
    ])])
    error_message = "cross_account_roles keys must be 12-digit account ids, and both role ARNs must be IAM roles in that account."
  }
}

################################################################################
# Monitoring
################################################################################

variable "metric_namespace" {
  description = "CloudWatch namespace of the metrics the log metric filters publish (plans, applies, failures, lock contention)."
  type        = string
  default     = "Connectly/Atlantis"
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z0-9._/#:-]{1,255}$", var.metric_namespace)) && !startswith(var.metric_namespace, "AWS/")
    error_message = "metric_namespace must be 1-255 characters of letters, digits and . _ / # : -, and must not start with AWS/."
  }
}

variable "overview_dashboard_name" {
  description = "Name of the IN-148 \"Atlantis overview\" CloudWatch dashboard the module creates. null (default): <name>-overview. Deliberately not the name the monitoring layer used when it created the dashboard (connectly-<env>-atlantis, before ADR 0028), so both may exist during the move whatever order the two layers are applied in."
  type        = string
  default     = null

  validation {
    condition     = var.overview_dashboard_name == null || can(regex("^[A-Za-z0-9_-]{1,255}$", coalesce(var.overview_dashboard_name, "-")))
    error_message = "overview_dashboard_name must be 1-255 letters, digits, '_' or '-' (CloudWatch dashboard names), or null."
  }
}

variable "adot_collector" {
  description = <<-EOT
    Atlantis's Prometheus metrics (repos.yaml metrics.prometheus, served on the container port) into Amazon
    Managed Prometheus: the AWS Distro for OpenTelemetry collector sidecar of ../ecs-service (adot_collector)
    scrapes localhost:4141/metrics and remote-writes to the workspace with SigV4 as the task role, which gets
    aps:RemoteWrite on that workspace only. workspace_arn and prometheus_endpoint: the monitoring layer's
    prometheus_workspace_arn and prometheus_endpoint outputs. scrape_interval, image, cpu, memory: null keeps
    ../ecs-service's defaults. null (default): no collector.
  EOT
  type = object({
    workspace_arn       = string
    prometheus_endpoint = string
    scrape_interval     = optional(string)
    image               = optional(string)
    cpu                 = optional(number)
    memory              = optional(number)
  })
  default = null

  validation {
    condition     = var.adot_collector == null || can(regex("^arn:aws[a-z-]*:aps:[a-z0-9-]+:[0-9]{12}:workspace/ws-[A-Za-z0-9-]+$", try(var.adot_collector.workspace_arn, "")))
    error_message = "adot_collector.workspace_arn must be an Amazon Managed Prometheus workspace ARN (arn:aws:aps:REGION:ACCOUNT:workspace/ws-...): the monitoring layer's prometheus_workspace_arn output."
  }

  validation {
    condition     = var.adot_collector == null || can(regex("^https://aps-workspaces\\.[a-z0-9-]+\\.amazonaws\\.com/workspaces/ws-[A-Za-z0-9-]+/$", try(var.adot_collector.prometheus_endpoint, "")))
    error_message = "adot_collector.prometheus_endpoint must be the workspace's endpoint, https://aps-workspaces.REGION.amazonaws.com/workspaces/ws-.../ (the monitoring layer's prometheus_endpoint output)."
  }

  # Both from the same workspace: remote write goes to the endpoint, the task role may write to the ARN only.
  validation {
    condition = var.adot_collector == null || try(
      split(":", var.adot_collector.workspace_arn)[3] == regex("^https://aps-workspaces\\.([a-z0-9-]+)\\.", var.adot_collector.prometheus_endpoint)[0] &&
      split("/", var.adot_collector.workspace_arn)[1] == regex("/workspaces/(ws-[A-Za-z0-9-]+)/$", var.adot_collector.prometheus_endpoint)[0],
      false,
    )
    error_message = "adot_collector.workspace_arn and prometheus_endpoint must name the same workspace in the same region (the task role may remote-write to the ARN's workspace only)."
  }
}

variable "alarm_topic_arns" {
  description = "Alert topics by severity for Atlantis's own CloudWatch alarms: the monitoring layer's alert_topic_arns, passed whole. critical gets <name>-no-healthy-task (no healthy Atlantis behind the load balancer for 15 minutes), warning gets <name>-state-lock-timeouts (a plan or apply gave up waiting for a state lock). An alarm whose topic is missing is not created; {} (default): no alarms. Other keys are ignored."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for k in ["critical", "warning"] : can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$", var.alarm_topic_arns[k])) if contains(keys(var.alarm_topic_arns), k)])
    error_message = "alarm_topic_arns.critical and .warning must be SNS topic ARNs (the monitoring layer's alert_topic_arns)."
  }
}

variable "runbook_base_url" {
  description = "Where the runbooks (docs/runbooks/ of this repository) are read: each alarm's description ends with its section (atlantis.md#...) appended to this."
  type        = string
  default     = "https://github.com/connectly/platform/blob/main/docs/runbooks/"
  nullable    = false

  validation {
    condition     = can(regex("^https://[^\\s]+/$", var.runbook_base_url)) && length(var.runbook_base_url) <= 200
    error_message = "runbook_base_url must be an https:// URL of at most 200 characters ending in '/'."
  }
}

variable "health_check_grace_period_seconds" {
  description = "Seconds the ALB health checks are ignored after the Atlantis task starts (it clones nothing at start, but EFS mounts take a while). live/local sets 0: moto's CreateService does not store it."
  type        = number
  default     = 120

  validation {
    condition     = var.health_check_grace_period_seconds >= 0 && var.health_check_grace_period_seconds <= 3600
    error_message = "health_check_grace_period_seconds must be between 0 and 3600."
  }
}

variable "enable_ecs_managed_tags" {
  description = "Let ECS tag the Atlantis task (cost allocation). Keep true; live/local sets false: moto's CreateService does not store it."
  type        = bool
  default     = true
}

variable "availability_zone_rebalancing" {
  description = "Passed to ecs-service. Keep ENABLED; live/local sets null because moto does not return it."
  type        = string
  default     = "ENABLED"

  validation {
    condition     = var.availability_zone_rebalancing == null || contains(["ENABLED", "DISABLED"], coalesce(var.availability_zone_rebalancing, "x"))
    error_message = "availability_zone_rebalancing must be ENABLED, DISABLED or null."
  }
}
