# The platform's shared data stores: a multi-AZ PostgreSQL 17 and a Valkey replication group in the data
# subnets, encrypted with the rds key, reachable from the private subnets and the secrets layer's rotation
# function. The PostgreSQL master password is kept and rotated by RDS; the Valkey AUTH token is a
# generated secret of the secrets layer.

provider "aws" {
  region = "ap-northeast-2"

  default_tags {
    tags = {
      Environment = "example"
      ManagedBy   = "terraform"
    }
  }
}

variable "keys" {
  description = "kms layer output key_arns."
  type        = map(string)
  default = {
    rds     = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-1111-1111-1111-111111111111"
    secrets = "arn:aws:kms:ap-northeast-2:111122223333:key/22222222-2222-2222-2222-222222222222"
    logs    = "arn:aws:kms:ap-northeast-2:111122223333:key/33333333-3333-3333-3333-333333333333"
  }
}

module "shared_data" {
  source = "../.."

  name       = "connectly-example"
  vpc_id     = "vpc-0123456789abcdef0"
  subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1", "subnet-0123456789abcdef2"]

  kms_key_arn         = var.keys["rds"]
  secrets_kms_key_arn = var.keys["secrets"]
  logs_kms_key_arn    = var.keys["logs"]

  allowed_cidr_blocks = {
    private-a = "10.10.32.0/19"
    private-b = "10.10.64.0/19"
    private-c = "10.10.96.0/19"
  }
  rotation_security_group_id = "sg-0fedcba9876543210"

  postgres = {
    instance_class = "db.m7g.large"
    db_name        = "connectly"
  }

  redis = {
    engine                = "valkey"
    node_type             = "cache.r7g.large"
    auth_token_secret_arn = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:connectly-example/shared-redis-auth-AbCdEf"
    parameters            = { "maxmemory-policy" = "allkeys-lru" }
  }

  tags = { Team = "platform" }
}
