# The kms layer's shape: the platform's customer-managed keys by purpose (aliases `alias/prod/<purpose>`),
# the secrets key multi-region with a replica in the DR region (aws.dr), administrators and users by
# role, and the bootstrap layer's Terraform state key adopted under its alias.

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
