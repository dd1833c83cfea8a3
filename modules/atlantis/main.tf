data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition
  tags       = merge(var.tags, { Name = var.name })

  container_name = "atlantis"
  container_port = 4141
  data_dir       = "/atlantis-data"
  # Atlantis's Prometheus endpoint: metrics.prometheus.endpoint of atlantis/repos.yaml, baked into the image
  # (tests/unit/test_atlantis_metrics_path.py holds the two equal). The load balancer hides it (alb.tf).
  metrics_path = "/metrics"

  private_subnet_ids = [for az in sort(keys(var.private_subnet_ids_by_az)) : var.private_subnet_ids_by_az[az]]

  certificate_arn = lookup(var.certificate_arns, var.certificate_domain, null)

  secret_arns = var.github_secret_arns == null ? { for k, s in aws_secretsmanager_secret.github : k => s.arn } : {
    token          = var.github_secret_arns.token
    webhook_secret = var.github_secret_arns.webhook_secret
  }

  # Server flags as environment variables. The server-side repo config (atlantis/repos.yaml) and the
  # policies are baked into the image (atlantis/Dockerfile), so the image digest pins them too.
  environment = merge(
    {
      ATLANTIS_ATLANTIS_URL   = "https://${var.hostname}"
      ATLANTIS_PORT           = tostring(local.container_port)
      ATLANTIS_DATA_DIR       = local.data_dir
      ATLANTIS_REPO_CONFIG    = "/etc/atlantis/repos.yaml"
      ATLANTIS_REPO_ALLOWLIST = join(",", var.repo_allowlist)
      ATLANTIS_GH_USER        = var.github_user
      # Plans run on the pull request merged into its base branch; needed by the undiverged requirement.
      ATLANTIS_CHECKOUT_STRATEGY    = "merge"
      ATLANTIS_ENABLE_POLICY_CHECKS = "true"
      # A failing pre-workflow hook (the stale atlantis.yaml check) stops the command instead of warning.
      ATLANTIS_FAIL_ON_PRE_WORKFLOW_HOOK_ERROR = "true"
      # git:: module sources of the platform repository are fetched with the bot's token.
      ATLANTIS_WRITE_GIT_CREDS         = "true"
      ATLANTIS_HIDE_PREV_PLAN_COMMENTS = "true"
      ATLANTIS_AUTOMERGE               = "false"
      ATLANTIS_LOG_LEVEL               = "info"
      AWS_REGION                       = local.region
      AWS_DEFAULT_REGION               = local.region
      AWS_STS_REGIONAL_ENDPOINTS       = "regional"
    },
    var.environment,
  )
}

################################################################################
# ECS cluster
################################################################################

resource "aws_ecs_cluster" "this" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  tags = local.tags
}

################################################################################
# The Atlantis service (../ecs-service)
#
# Exactly one task, ever. Atlantis keeps its locks and plans in a BoltDB file on EFS: two tasks would
# share that file (or each take its own locks), and two pull requests could then plan and apply the
# same layer at once. So desired_count is 1, autoscaling is off, and a deployment stops the old task
# before it starts the new one (maximum 100 %, minimum healthy 0 %): a few minutes without Atlantis
# during a deployment, instead of two writers. GitHub re-delivers failed webhooks and users re-comment.
################################################################################

locals {
  deployment = {
    desired_count                      = 1
    enable_autoscaling                 = false
    deployment_maximum_percent         = 100
    deployment_minimum_healthy_percent = 0
  }

  container_definitions = {
    (local.container_name) = {
      image         = "${aws_ecr_repository.this.repository_url}@${var.image_digest}"
      port_mappings = { http = { container_port = local.container_port } }
      environment   = local.environment
      secrets = {
        ATLANTIS_GH_TOKEN          = local.secret_arns["token"]
        ATLANTIS_GH_WEBHOOK_SECRET = local.secret_arns["webhook_secret"]
      }
      # The root filesystem stays read-only (../ecs-service default): writable paths are these volumes.
      mount_points = {
        data = { container_path = local.data_dir }
        tmp  = { container_path = "/tmp" }
        home = { container_path = "/home/atlantis" }
      }
      # Atlantis finishes (or cancels) running Terraform commands on SIGTERM: give it the Fargate maximum.
      stop_timeout = 120
    }
  }

  volumes = {
    data = {
      efs_volume_configuration = {
        # Read through the mount targets, so that no task starts before they exist (a first deployment whose
        # tasks cannot mount would trip the circuit breaker with nothing to roll back to).
        file_system_id  = one(distinct([for mt in aws_efs_mount_target.this : mt.file_system_id]))
        access_point_id = aws_efs_access_point.this.id
        iam             = "ENABLED"
      }
    }
    tmp  = {}
    home = {}
  }

  # Only the rules that name no other group live in the modules; the rules between the load balancer, the
  # tasks and EFS are in security-group-rules.tf (inside the modules they would form a dependency cycle).
  task_egress_rules = {
    https = {
      description = "HTTPS to GitHub, the Terraform registry and AWS APIs (VPC endpoints or NAT)"
      from_port   = 443
      to_port     = 443
      cidr_ipv4   = "0.0.0.0/0"
    }
  }

  tasks_iam_role_policies = {
    assume-plan-apply-roles = local.assume_roles_policy
    terraform-state         = local.terraform_state_policy
    efs-data                = local.efs_client_policy
  }

  # ../ecs-service's collector sidecar, pointed at Atlantis's own port and metrics path (one sidecar
  # definition, one IAM grant: aps:RemoteWrite on the workspace, given to the task role there). Attributes
  # left null take ../ecs-service's defaults (optional() substitutes them).
  adot_collector = var.adot_collector == null ? null : {
    workspace_arn       = var.adot_collector.workspace_arn
    prometheus_endpoint = var.adot_collector.prometheus_endpoint
    scrape_port         = local.container_port
    scrape_path         = local.metrics_path
    scrape_interval     = var.adot_collector.scrape_interval
    job_name            = "atlantis"
    image               = var.adot_collector.image
    cpu                 = var.adot_collector.cpu
    memory              = var.adot_collector.memory
  }
}

module "service" {
  source = "../ecs-service"

  name        = var.name
  cluster_arn = aws_ecs_cluster.this.arn
  kms_key_arn = var.kms_key_arns["logs"]

  cpu                   = var.cpu
  memory                = var.memory
  container_definitions = local.container_definitions
  volumes               = local.volumes

  desired_count                      = local.deployment.desired_count
  enable_autoscaling                 = local.deployment.enable_autoscaling
  deployment_maximum_percent         = local.deployment.deployment_maximum_percent
  deployment_minimum_healthy_percent = local.deployment.deployment_minimum_healthy_percent
  health_check_grace_period_seconds  = var.health_check_grace_period_seconds
  enable_ecs_managed_tags            = var.enable_ecs_managed_tags
  availability_zone_rebalancing      = var.availability_zone_rebalancing

  vpc_id                      = var.vpc_id
  subnet_ids                  = local.private_subnet_ids
  security_group_egress_rules = local.task_egress_rules

  load_balancers = {
    atlantis = {
      # Read through the HTTPS listener, so that the service is created after it: ECS refuses a target
      # group that no load balancer uses yet.
      target_group_arn = module.alb.listeners["https"].arn == null ? null : module.alb.target_groups["atlantis"].arn
      container_name   = local.container_name
      container_port   = local.container_port
    }
  }

  task_exec_ecr_repository_arns = [aws_ecr_repository.this.arn]
  task_exec_secret_kms_key_arns = [var.kms_key_arns["secrets"]]
  tasks_iam_role_policies       = local.tasks_iam_role_policies
  adot_collector                = local.adot_collector

  cloudwatch_log_group_retention_in_days = var.log_retention_in_days
  cloudwatch_log_group_class             = var.log_group_class

  tags = var.tags
}

# The certificate must cover hostname: it is the host name's own, the wildcard of its parent domain, or the
# parent domain's certificate, which the certificates layer issues with the wildcard as an alternative name
# (connectly.io with *.connectly.io). A warning, not an error: ACM alternative names are not inputs here.
check "certificate_covers_hostname" {
  assert {
    condition = contains([
      var.hostname,
      "*.${join(".", slice(split(".", var.hostname), 1, length(split(".", var.hostname))))}",
      join(".", slice(split(".", var.hostname), 1, length(split(".", var.hostname)))),
    ], var.certificate_domain)
    error_message = "certificate_domain (${var.certificate_domain}) is neither hostname (${var.hostname}), its parent domain nor the parent's wildcard: the certificate probably does not cover hostname."
  }
}
