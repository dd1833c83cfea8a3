################################################################################
# What service teams build on (docs/service-teams.md): the shared ECS cluster, the shared internet-facing
# load balancer with the shared WAF, and the service image repositories. The services layer publishes
# the outputs to SSM (/platform/ENV/services/OUTPUT); service repositories read them with ${ssm:...}.
################################################################################

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

resource "aws_ecs_cluster" "this" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  tags = merge(var.tags, { Name = var.name })
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    base              = 1
    weight            = 1
  }

  dynamic "default_capacity_provider_strategy" {
    for_each = var.fargate_spot_weight > 0 ? [var.fargate_spot_weight] : []
    content {
      capacity_provider = "FARGATE_SPOT"
      weight            = default_capacity_provider_strategy.value
    }
  }
}

module "ecr" {
  source = "../ecr"

  repositories             = var.repositories
  kms_key_arn              = var.kms_key_arn
  replication_destinations = var.replication_destinations
  force_delete             = var.force_delete_repositories
  tags                     = var.tags
}

################################################################################
# The shared load balancer: HTTPS only (HTTP redirects), TLS 1.2+, the WAF, access logs. Its HTTPS
# listener answers 404 until a service adds a listener rule (host header) forwarding to its target group.
################################################################################

module "access_logs_bucket" {
  source = "../s3-bucket"

  # ALB access logs support SSE-S3 only (../s3-bucket allows AES256 for log targets).
  bucket                        = "${var.name}-alb-logs-${data.aws_caller_identity.current.account_id}-${data.aws_region.current.name}"
  sse_algorithm                 = "AES256"
  attach_lb_log_delivery_policy = true

  attach_deny_insecure_transport_policy  = var.access_logs_bucket_deny_statements
  attach_deny_unencrypted_object_uploads = var.access_logs_bucket_deny_statements

  lifecycle_rules = [{
    id                            = "expire-access-logs"
    expiration                    = { days = var.access_logs_retention_days }
    noncurrent_version_expiration = { noncurrent_days = 30 }
  }]

  tags = var.tags
}

module "alb" {
  source = "../alb"

  name       = var.name
  internal   = var.alb_internal
  vpc_id     = var.vpc_id
  subnet_ids = var.alb_subnet_ids

  access_logs                = { bucket = module.access_logs_bucket.s3_bucket_id, prefix = var.name }
  enable_deletion_protection = var.alb_deletion_protection

  security_group_ingress_rules = merge(
    { for name, cidr in var.alb_ingress_cidr_blocks : "https-${name}" => { description = "HTTPS from ${name}", from_port = 443, to_port = 443, cidr_ipv4 = cidr } },
    { for name, cidr in var.alb_ingress_cidr_blocks : "http-${name}" => { description = "HTTP (redirected to HTTPS) from ${name}", from_port = 80, to_port = 80, cidr_ipv4 = cidr } },
  )

  listeners = {
    https = {
      port            = 443
      protocol        = "HTTPS"
      certificate_arn = var.certificate_arn
      ssl_policy      = "ELBSecurityPolicy-TLS13-1-2-2021-06" # the module default, named so checkov sees TLS 1.2+
      fixed_response  = { status_code = "404", message_body = "Not found" }
    }
  }
  http_to_https_redirect = true

  web_acl_arn       = var.web_acl_arn
  associate_web_acl = true

  tags = var.tags
}
