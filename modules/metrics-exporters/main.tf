# CloudWatch and PostgreSQL metrics into Amazon Managed Prometheus: exporters on ECS Fargate (../ecs-service),
# each task with the ADOT collector sidecar that scrapes it on localhost and remote-writes with SigV4.

data "aws_region" "current" {}

locals {
  scrape_interval_seconds = tonumber(regex("^[0-9]+", var.scrape_interval)) * (endswith(var.scrape_interval, "m") ? 60 : 1)

  # YACE's configuration file (docs/configuration.md of the exporter), from cloudwatch_exporter.discovery_jobs.
  yace_config = var.cloudwatch_exporter == null ? null : yamlencode({
    apiVersion = "v1alpha1"
    discovery = {
      jobs = [
        for job_name, job in var.cloudwatch_exporter.discovery_jobs : {
          type                      = job.type
          regions                   = coalesce(job.regions, [data.aws_region.current.name])
          searchTags                = [for key, value in job.search_tags : { key = key, value = value }]
          dimensionNameRequirements = job.dimension_name_requirements
          period                    = job.period
          length                    = job.length
          delay                     = job.delay
          nilToZero                 = job.nil_to_zero
          metrics                   = [for metric, statistics in job.metrics : { name = metric, statistics = statistics }]
        }
      ]
    }
  })

  yace_config_dir = "/yace"
  yace_port       = 5000
  postgres_port   = 9187

  # ListMetrics, GetMetricData, GetMetricStatistics and tag:GetResources have no resource-level permissions:
  # AWS accepts only "*" for them. Read-only.
  yace_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadCloudWatchMetrics"
        Effect   = "Allow"
        Action   = ["cloudwatch:GetMetricData", "cloudwatch:GetMetricStatistics", "cloudwatch:ListMetrics"]
        Resource = "*"
      },
      {
        Sid      = "DiscoverTaggedResources"
        Effect   = "Allow"
        Action   = ["tag:GetResources"]
        Resource = "*"
      },
    ]
  })

  adot_common = {
    workspace_arn       = var.prometheus_workspace_arn
    prometheus_endpoint = var.prometheus_endpoint
    scrape_interval     = var.scrape_interval
  }

  https_egress = {
    https = {
      description = "HTTPS to AWS APIs (CloudWatch, AMP, Secrets Manager, logs) and the image registries"
      from_port   = 443
      to_port     = 443
      ip_protocol = "tcp"
      cidr_ipv4   = "0.0.0.0/0"
    }
  }
}

################################################################################
# CloudWatch exporter (YACE). Its image has no shell (FROM scratch) and reads its configuration only from a
# file: a short-lived busybox container writes it from an environment variable into a task volume first.
################################################################################

module "cloudwatch_exporter" {
  source = "../ecs-service"
  count  = var.cloudwatch_exporter == null ? 0 : 1

  name        = "${var.name}-cloudwatch"
  cluster_arn = var.cluster_arn
  kms_key_arn = var.kms_key_arn

  cpu    = 512
  memory = 1024
  container_definitions = {
    config = {
      image     = var.cloudwatch_exporter.config_writer_image
      essential = false
      command   = ["sh", "-c", "printf '%s\\n' \"$YACE_CONFIG\" > ${local.yace_config_dir}/config.yml"]
      environment = {
        YACE_CONFIG = local.yace_config
      }
      mount_points = { yace-config = { container_path = local.yace_config_dir } }
    }
    yace = {
      image = var.cloudwatch_exporter.image
      command = [
        "--config.file=${local.yace_config_dir}/config.yml",
        "--listen-address=127.0.0.1:${local.yace_port}",
        "--scraping-interval=${local.scrape_interval_seconds}",
      ]
      depends_on   = { config = "SUCCESS" }
      mount_points = { yace-config = { container_path = local.yace_config_dir, read_only = true } }
    }
  }
  volumes = { yace-config = {} }

  # One task: two would write the same series twice. A deployment stops the old task before the new one starts.
  desired_count                      = 1
  enable_autoscaling                 = false
  deployment_minimum_healthy_percent = 0
  deployment_maximum_percent         = 100
  availability_zone_rebalancing      = var.availability_zone_rebalancing
  enable_ecs_managed_tags            = var.enable_ecs_managed_tags

  cloudwatch_log_group_retention_in_days = var.log_retention_in_days
  cloudwatch_log_group_class             = var.log_group_class

  vpc_id                      = var.vpc_id
  subnet_ids                  = var.subnet_ids
  security_group_egress_rules = local.https_egress

  tasks_iam_role_policies = { cloudwatch-read = local.yace_policy }
  adot_collector          = merge(local.adot_common, { scrape_port = local.yace_port, job_name = "cloudwatch" })

  tags = var.tags
}

################################################################################
# PostgreSQL exporters, one service per database. The credential comes from Secrets Manager (JSON keys
# username and password) through the execution role; the dbinstance label is set by the ADOT sidecar.
################################################################################

module "postgres_exporter" {
  source   = "../ecs-service"
  for_each = var.postgres_exporters

  name        = "${var.name}-pg-${each.key}"
  cluster_arn = var.cluster_arn
  kms_key_arn = var.kms_key_arn

  cpu    = 256
  memory = 512
  container_definitions = {
    postgres-exporter = {
      image   = each.value.image
      command = ["--web.listen-address=127.0.0.1:${local.postgres_port}"]
      environment = {
        DATA_SOURCE_URI = "${each.value.host}:${each.value.port}/${each.value.database}?sslmode=${each.value.sslmode}"
      }
      secrets = {
        DATA_SOURCE_USER = "${each.value.credentials_secret_arn}:username::"
        DATA_SOURCE_PASS = "${each.value.credentials_secret_arn}:password::"
      }
    }
  }

  desired_count                      = 1
  enable_autoscaling                 = false
  deployment_minimum_healthy_percent = 0
  deployment_maximum_percent         = 100
  availability_zone_rebalancing      = var.availability_zone_rebalancing
  enable_ecs_managed_tags            = var.enable_ecs_managed_tags

  cloudwatch_log_group_retention_in_days = var.log_retention_in_days
  cloudwatch_log_group_class             = var.log_group_class

  vpc_id     = var.vpc_id
  subnet_ids = var.subnet_ids
  security_group_egress_rules = merge(local.https_egress, {
    for zone, cidr in each.value.database_cidr_blocks : "postgres-${zone}" => {
      description = "PostgreSQL ${each.key} (${zone})"
      from_port   = each.value.port
      to_port     = each.value.port
      ip_protocol = "tcp"
      cidr_ipv4   = cidr
    }
  })

  task_exec_secret_kms_key_arns = var.secrets_kms_key_arns
  adot_collector = merge(local.adot_common, {
    scrape_port = local.postgres_port
    job_name    = "postgres"
    labels      = { dbinstance = each.key }
  })

  tags = var.tags
}
