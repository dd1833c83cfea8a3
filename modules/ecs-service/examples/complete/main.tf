# A Fargate service behind an ALB target group: image pinned by digest, secrets injected from Secrets
# Manager and SSM by exact ARN, read-only root filesystem with a writable /tmp, CPU/memory autoscaling.

provider "aws" {
  region = "ap-northeast-2"

  default_tags {
    tags = {
      Environment = "prod"
      ManagedBy   = "terraform"
    }
  }
}

variable "cluster_arn" {
  description = "ECS cluster of the platform."
  type        = string
  default     = "arn:aws:ecs:ap-northeast-2:111122223333:cluster/platform"
}

variable "vpc_id" {
  description = "VPC of the service."
  type        = string
  default     = "vpc-0123456789abcdef0"
}

variable "private_subnet_ids" {
  description = "Private subnets for the tasks."
  type        = list(string)
  default     = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1", "subnet-0123456789abcdef2"]
}

variable "alb_security_group_id" {
  description = "Security group of the ALB in front of the service."
  type        = string
  default     = "sg-0123456789abcdef0"
}

variable "target_group_arn" {
  description = "ALB target group (target type ip)."
  type        = string
  default     = "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:targetgroup/orders-api/0123456789abcdef"
}

variable "db_security_group_id" {
  description = "Security group of the service's database."
  type        = string
  default     = "sg-0fedcba9876543210"
}

module "service" {
  source = "../../"

  name        = "orders-api"
  cluster_arn = var.cluster_arn
  kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/33333333-2222-3333-4444-555555555555"

  cpu    = 512
  memory = 1024
  runtime_platform = {
    cpu_architecture = "ARM64"
  }

  container_definitions = {
    app = {
      image = "111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/orders/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      port_mappings = {
        http = { container_port = 8080, app_protocol = "http" }
      }
      environment = {
        LOG_LEVEL = "info"
      }
      secrets = {
        DB_PASSWORD = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:rds!db-1234-AbCdEf:password::"
        API_KEY     = "arn:aws:ssm:ap-northeast-2:111122223333:parameter/orders/api-key"
      }
      user         = "10001"
      mount_points = { tmp = { container_path = "/tmp" } }
      health_check = {
        command = ["CMD-SHELL", "wget -qO- http://localhost:8080/health || exit 1"]
      }
    }
  }
  volumes = { tmp = {} }

  task_exec_secret_kms_key_arns = ["arn:aws:kms:ap-northeast-2:111122223333:key/22222222-2222-3333-4444-555555555555"]

  tasks_iam_role_policies = {
    read-orders-bucket = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = ["arn:aws:s3:::orders-documents/*"]
      }]
    })
  }

  vpc_id     = var.vpc_id
  subnet_ids = var.private_subnet_ids
  security_group_ingress_rules = {
    alb = {
      description                  = "HTTP from the ALB"
      from_port                    = 8080
      to_port                      = 8080
      referenced_security_group_id = var.alb_security_group_id
    }
  }
  security_group_egress_rules = {
    https = {
      description = "HTTPS to AWS APIs and ECR"
      from_port   = 443
      to_port     = 443
      cidr_ipv4   = "0.0.0.0/0"
    }
    postgres = {
      description                  = "PostgreSQL"
      from_port                    = 5432
      to_port                      = 5432
      referenced_security_group_id = var.db_security_group_id
    }
  }

  load_balancers = {
    public = {
      target_group_arn = var.target_group_arn
      container_name   = "app"
      container_port   = 8080
    }
  }

  desired_count            = 3
  autoscaling_min_capacity = 3
  autoscaling_max_capacity = 12

  tags = {
    Service = "orders"
  }
}
