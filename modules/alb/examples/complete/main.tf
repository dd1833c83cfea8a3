# An internal application load balancer in two private subnets: HTTPS listener with an ACM certificate
# (HTTP redirected), a WAFv2 web ACL, access logs to an SSE-S3 bucket from modules/s3-bucket with the ELB
# delivery policy, and security group rules limited to the VPC and the targets' port.

provider "aws" {
  region = "ap-northeast-2"

  default_tags {
    tags = {
      Environment = "example"
      ManagedBy   = "layer"
    }
  }
}

variable "vpc_id" {
  description = "VPC of the example load balancer."
  type        = string
  default     = "vpc-0123456789abcdef0"
}

variable "vpc_cidr_block" {
  description = "CIDR block of that VPC."
  type        = string
  default     = "10.0.0.0/16"
}

variable "private_subnet_ids" {
  description = "Two private subnets in different Availability Zones."
  type        = list(string)
  default     = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
}

variable "certificate_arn" {
  description = "ACM certificate for the HTTPS listener."
  type        = string
  default     = "arn:aws:acm:ap-northeast-2:111122223333:certificate/11111111-2222-3333-4444-555555555555"
}

variable "web_acl_arn" {
  description = "Regional WAFv2 web ACL to associate (null for none)."
  type        = string
  default     = "arn:aws:wafv2:ap-northeast-2:111122223333:regional/webacl/example/11111111-2222-3333-4444-555555555555"
}

# Access-log bucket: ELB log delivery needs SSE-S3 (AES256) and the ELB delivery policy.
module "alb_logs" {
  source = "../../../s3-bucket"

  bucket                        = "example-alb-access-logs-111122223333"
  sse_algorithm                 = "AES256"
  attach_lb_log_delivery_policy = true
}

module "alb" {
  source = "../../"

  name       = "example-internal"
  vpc_id     = var.vpc_id
  subnet_ids = var.private_subnet_ids

  access_logs = {
    bucket = module.alb_logs.s3_bucket_id
    prefix = "example-internal"
  }

  web_acl_arn = var.web_acl_arn

  security_group_ingress_rules = {
    https-from-vpc = {
      description = "HTTPS from the VPC"
      from_port   = 443
      to_port     = 443
      cidr_ipv4   = var.vpc_cidr_block
    }
    http-from-vpc = {
      description = "HTTP from the VPC (redirected to HTTPS)"
      from_port   = 80
      to_port     = 80
      cidr_ipv4   = var.vpc_cidr_block
    }
  }

  security_group_egress_rules = {
    app-to-vpc = {
      description = "Application port to the targets"
      from_port   = 8080
      to_port     = 8080
      cidr_ipv4   = var.vpc_cidr_block
    }
  }

  target_groups = {
    api = {
      port         = 8080
      health_check = { path = "/healthz" }
    }
  }

  listeners = {
    https = {
      port            = 443
      protocol        = "HTTPS"
      ssl_policy      = "ELBSecurityPolicy-TLS13-1-2-2021-06"
      certificate_arn = var.certificate_arn
      fixed_response  = { status_code = "404", message_body = "not found" }
      rules = {
        api = {
          priority      = 10
          path_patterns = ["/api/*"]
          forward       = { target_group_key = "api" }
        }
      }
    }
  }

  tags = { Service = "api" }
}
