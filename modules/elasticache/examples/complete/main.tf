# A Redis replication group for one service: two nodes across AZs, AUTH token from Secrets Manager,
# slow and engine logs in encrypted log groups, reachable only from the service's security group.

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
  description = "VPC of the cache."
  type        = string
  default     = "vpc-0123456789abcdef0"
}

variable "private_subnet_ids" {
  description = "Private subnets, one per Availability Zone."
  type        = list(string)
  default     = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1", "subnet-0123456789abcdef2"]
}

variable "cache_kms_key_arn" {
  description = "Platform KMS key for data at rest."
  type        = string
  default     = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555"
}

variable "logs_kms_key_arn" {
  description = "Platform KMS key for CloudWatch Logs."
  type        = string
  default     = "arn:aws:kms:ap-northeast-2:111122223333:key/66666666-7777-8888-9999-000000000000"
}

variable "auth_token_secret_arn" {
  description = "Secrets Manager secret holding the AUTH token as JSON { \"token\": \"...\" }."
  type        = string
  default     = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:orders/cache-auth-AbCdEf"
}

variable "api_security_group_id" {
  description = "Security group of the service that uses the cache."
  type        = string
  default     = "sg-0123456789abcdef0"
}

module "cache" {
  source = "../../"

  name           = "orders-cache"
  engine         = "redis"
  engine_version = "7.1"
  node_type      = "cache.r7g.large"

  # Cluster mode: 2 shards with one replica each, spread over the AZs.
  cluster_mode_enabled    = true
  num_node_groups         = 2
  replicas_per_node_group = 1

  vpc_id                  = var.vpc_id
  subnet_ids              = var.private_subnet_ids
  allowed_security_groups = { orders_api = var.api_security_group_id }

  kms_key_arn                      = var.cache_kms_key_arn
  cloudwatch_log_group_kms_key_arn = var.logs_kms_key_arn
  auth_token_secret = {
    secret_arn = var.auth_token_secret_arn
    json_key   = "token"
  }

  parameters = {
    "maxmemory-policy" = "volatile-lru"
  }

  snapshot_retention_limit = 14
  notification_topic_arn   = "arn:aws:sns:ap-northeast-2:111122223333:platform-events"

  tags = {
    Service = "orders"
  }
}
