provider "aws" {
  region = "ap-northeast-2"

  default_tags {
    tags = {
      Environment = "example"
      ManagedBy   = "terraform"
    }
  }
}

variable "terraform_state_key_arn" {
  description = "The bootstrap layer's kms_key_arn output."
  type        = string
  default     = "arn:aws:kms:ap-northeast-2:111122223333:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
}

# The DR region (ADR 0023): replicas of the multi-region keys.
provider "aws" {
  alias  = "dr"
  region = "ap-northeast-1"
}

module "kms" {
  source    = "../.."
  providers = { aws = aws, aws.dr = aws.dr }

  # the secrets key is multi-region, with a replica in the DR region (Secrets Manager replicas)
  multi_region_purposes = ["secrets"]

  terraform_state_key_arn   = var.terraform_state_key_arn
  terraform_state_key_alias = "alias/terraform-state"

  # All five purposes (the default); prod aliases are alias/prod/<purpose>.
  alias_prefix = "prod"

  key_administrator_arns = ["arn:aws:iam::111122223333:role/platform-admin"]
  key_user_arns = {
    secrets = ["arn:aws:iam::111122223333:role/platform-secrets-reader"]
  }

  tags = { Layer = "kms" }
}

output "key_arns" {
  description = "Key ARNs by purpose."
  value       = module.kms.key_arns
}

output "key_aliases" {
  description = "Aliases by purpose."
  value       = module.kms.key_aliases
}
