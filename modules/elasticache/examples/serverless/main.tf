# An ElastiCache Serverless (Valkey) cache with an RBAC user group and usage limits.

provider "aws" {
  region = "ap-northeast-2"
}

module "cache" {
  source = "../../"

  name       = "sessions"
  serverless = true
  engine     = "valkey"

  vpc_id                  = "vpc-0123456789abcdef0"
  subnet_ids              = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  allowed_security_groups = { web = "sg-0123456789abcdef0" }

  kms_key_arn    = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555"
  user_group_ids = ["sessions-users"]

  serverless_cache_usage_limits = {
    data_storage_maximum_gb = 10
    ecpu_per_second_maximum = 5000
  }
}
