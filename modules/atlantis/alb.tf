################################################################################
# Load balancer: internet-facing (GitHub must reach /events), HTTPS only (no port 80 listener), WAF
# associated, reachable only from alb_ingress_cidr_blocks, access logs in the module's own bucket.
################################################################################

locals {
  alb_ingress_rules = {
    for name, cidr in var.alb_ingress_cidr_blocks : "https-${name}" => {
      description = "HTTPS from ${name}"
      from_port   = 443
      to_port     = 443
      cidr_ipv4   = cidr
    }
  }
}

module "access_logs_bucket" {
  source = "../s3-bucket"

  # ALB access logs support SSE-S3 only (../s3-bucket allows AES256 for log targets).
  bucket                        = "${var.name}-alb-logs-${local.account_id}-${local.region}"
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
  internal   = false
  vpc_id     = var.vpc_id
  subnet_ids = var.public_subnet_ids

  access_logs                = { bucket = module.access_logs_bucket.s3_bucket_id, prefix = var.name }
  enable_deletion_protection = var.alb_deletion_protection

  security_group_ingress_rules = local.alb_ingress_rules
  target_groups = {
    atlantis = {
      # TLS ends at the load balancer; inside the VPC it forwards HTTP to the task (the alb module's default
      # protocol; Atlantis would need its own certificate files to serve TLS).
      port                 = local.container_port
      target_type          = "ip"
      deregistration_delay = 30
      health_check = {
        path    = "/healthz"
        matcher = "200"
      }
    }
  }

  listeners = {
    https = {
      port            = 443
      protocol        = "HTTPS"
      ssl_policy      = "ELBSecurityPolicy-TLS13-1-2-2021-06"
      certificate_arn = local.certificate_arn
      forward         = { target_group_key = "atlantis" }
      rules = {
        # Atlantis's Prometheus endpoint (repos.yaml metrics) is for scrapers inside the VPC, not the internet.
        metrics = {
          priority       = 10
          path_patterns  = [local.metrics_path, "${local.metrics_path}/*"]
          fixed_response = { status_code = "404", message_body = "Not found" }
        }
      }
    }
  }
  http_to_https_redirect = false

  web_acl_arn = var.web_acl_arn

  tags = var.tags
}
