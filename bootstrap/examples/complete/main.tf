# The seed's production backend: the hand-made bucket and lock table, adopted (see the README's
# "Adopting a hand-made backend" for the import blocks). layer generates an equivalent root module.
provider "aws" {
  region = "ap-northeast-2"

  default_tags {
    tags = {
      Environment = "prod"
      ManagedBy   = "terraform"
    }
  }
}

module "bootstrap" {
  source = "../.."

  bucket_name     = "prod-connectly"
  lock_table_name = "prod-connectly-tf-lock"

  kms_key_alias                      = "alias/terraform-state"
  noncurrent_version_expiration_days = 90
  kms_key_administrator_arns         = ["arn:aws:iam::111122223333:role/platform-admin"]

  tags = { Layer = "bootstrap" }
}

output "backend_config" {
  description = "Settings for backend \"s3\" blocks."
  value       = module.bootstrap.backend_config
}
