# A service's PostgreSQL database: multi-AZ, encrypted with the platform's rds key, master password kept
# by RDS in Secrets Manager under the secrets key, logs in encrypted log groups, reachable only from the
# service's security group and the VPN range.

provider "aws" {
  region = "ap-northeast-2"

  default_tags {
    tags = {
      Environment = "prod"
      ManagedBy   = "terraform"
    }
  }
}

variable "vpc_id" {
  description = "VPC of the database."
  type        = string
  default     = "vpc-0123456789abcdef0"
}

variable "database_subnet_ids" {
  description = "Private database subnets, one per Availability Zone."
  type        = list(string)
  default     = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1", "subnet-0123456789abcdef2"]
}

variable "kms_key_arns" {
  description = "Platform KMS keys by purpose (output key_arns of the kms module)."
  type        = map(string)
  default = {
    rds     = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555"
    secrets = "arn:aws:kms:ap-northeast-2:111122223333:key/22222222-2222-3333-4444-555555555555"
    logs    = "arn:aws:kms:ap-northeast-2:111122223333:key/33333333-2222-3333-4444-555555555555"
  }
}

module "db" {
  source = "../../"

  name           = "orders-db"
  engine         = "postgres"
  engine_version = "17"
  instance_class = "db.m7g.large"
  db_name        = "orders"
  username       = "orders_admin"

  allocated_storage     = 50
  max_allocated_storage = 500

  vpc_id                  = var.vpc_id
  subnet_ids              = var.database_subnet_ids
  allowed_security_groups = { orders_api = "sg-0123456789abcdef0" }
  allowed_cidr_blocks     = { vpn = "10.100.0.0/16" }

  kms_key_arn                      = var.kms_key_arns["rds"]
  master_user_secret_kms_key_id    = var.kms_key_arns["secrets"]
  cloudwatch_log_group_kms_key_arn = var.kms_key_arns["logs"]

  backup_retention_period               = 14
  performance_insights_retention_period = 31

  parameters = {
    shared_preload_libraries = { value = "pg_stat_statements", apply_method = "pending-reboot" }
    log_connections          = { value = "1" }
    log_disconnections       = { value = "1" }
  }

  tags = {
    Service = "orders"
  }
}
