# The platform's secrets: an API key put by its owner and readable by one service role, a generated Redis
# AUTH token, and PostgreSQL credentials rotated every 30 days by the module's single-user function,
# running in the private subnets. Replicated to ap-northeast-1 for DR.
#
# Build the function's zip first (CI does the same): make rotation-zip
# `terraform validate` does not need it; `terraform plan` does.

provider "aws" {
  region = "ap-northeast-2"

  default_tags {
    tags = {
      Environment = "example"
      ManagedBy   = "terraform"
    }
  }
}

variable "secrets_key_arn" {
  description = "The platform's secrets key (kms layer output key_arns.secrets)."
  type        = string
  default     = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555"
}

variable "logs_key_arn" {
  description = "The platform's logs key (kms layer output key_arns.logs)."
  type        = string
  default     = "arn:aws:kms:ap-northeast-2:111122223333:key/22222222-2222-3333-4444-555555555555"
}

variable "dr_secrets_key_arn" {
  description = "A customer-managed key in the DR region."
  type        = string
  default     = "arn:aws:kms:ap-northeast-1:111122223333:key/33333333-2222-3333-4444-555555555555"
}

module "secrets" {
  source = "../.."

  name        = "connectly-example"
  kms_key_arn = var.secrets_key_arn

  replica_regions = {
    ap-northeast-1 = { kms_key_arn = var.dr_secrets_key_arn }
  }

  secrets = {
    payments-api-key = {
      description = "Key of the payment provider's API; its value is put by the payments team"
      readers     = ["arn:aws:iam::111122223333:role/payments-task"]
      replicate   = true
    }
    shared-redis-auth = {
      description = "AUTH token of the shared Redis"
      generate    = { length = 64, exclude_punctuation = true }
    }
    shared-postgres-app = {
      description = "Application user of the shared PostgreSQL"
      readers     = ["arn:aws:iam::111122223333:role/orders-task"]
      replicate   = true
      generate = {
        template = {
          engine               = "postgres"
          dbInstanceIdentifier = "connectly-example-shared"
          port                 = "5432"
          username             = "app"
          dbname               = "connectly"
        }
      }
      rotation = { automatically_after_days = 30, duration = "4h" }
    }
  }

  rotation_function = {
    logs_kms_key_arn = var.logs_key_arn
    vpc = {
      vpc_id               = "vpc-0123456789abcdef0"
      subnet_ids           = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1", "subnet-0123456789abcdef2"]
      database_cidr_blocks = { data-a = "10.10.128.0/22", data-b = "10.10.132.0/22", data-c = "10.10.136.0/22" }
    }
  }

  tags = { Team = "platform" }
}
