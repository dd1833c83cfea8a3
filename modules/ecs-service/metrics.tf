# The ADOT collector sidecar (adot_collector): Prometheus scrape of the application, remote write to AMP with
# SigV4 as the task role. Its configuration travels in AOT_CONFIG_CONTENT, so no file or SSM parameter.

locals {
  adot_enabled = var.adot_collector != null
  adot_region  = local.adot_enabled ? split(":", var.adot_collector.workspace_arn)[3] : null

  adot_config = local.adot_enabled ? yamlencode({
    extensions = { sigv4auth = { region = local.adot_region, service = "aps" } }
    receivers = {
      prometheus = {
        config = {
          global = { scrape_interval = var.adot_collector.scrape_interval }
          scrape_configs = [{
            job_name     = coalesce(var.adot_collector.job_name, var.name)
            metrics_path = var.adot_collector.scrape_path
            static_configs = [{
              targets = ["localhost:${var.adot_collector.scrape_port}"]
              labels  = merge(var.adot_collector.labels, { service = var.name, cluster = local.cluster_name })
            }]
          }]
        }
      }
    }
    processors = { batch = {} }
    exporters = {
      prometheusremotewrite = {
        endpoint = "${var.adot_collector.prometheus_endpoint}api/v1/remote_write"
        auth     = { authenticator = "sigv4auth" }
      }
    }
    service = {
      extensions = ["sigv4auth"]
      pipelines = {
        metrics = { receivers = ["prometheus"], processors = ["batch"], exporters = ["prometheusremotewrite"] }
      }
    }
  }) : null

  adot_containers = local.adot_enabled ? [{
    name                   = "adot-collector"
    image                  = var.adot_collector.image
    essential              = false
    cpu                    = var.adot_collector.cpu
    memory                 = var.adot_collector.memory
    command                = ["--config=env:AOT_CONFIG_CONTENT"]
    environment            = [{ name = "AOT_CONFIG_CONTENT", value = local.adot_config }]
    readonlyRootFilesystem = true
    privileged             = false
    portMappings           = []
    mountPoints            = []
    volumesFrom            = []
    secrets                = []
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = module.cloudwatch_log_group.cloudwatch_log_group_name
        awslogs-region        = data.aws_region.current.name
        awslogs-stream-prefix = "adot-collector"
      }
    }
  }] : []

  adot_remote_write_policy = local.adot_enabled ? jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "RemoteWriteToTheWorkspace"
      Effect   = "Allow"
      Action   = ["aps:RemoteWrite"]
      Resource = var.adot_collector.workspace_arn
    }]
  }) : null
}
