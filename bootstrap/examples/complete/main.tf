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

# The DR region (ADR 0023): the state bucket's replica and the replica key, when replica_region is set.
provider "aws" {
  alias  = "dr"
  region = "ap-northeast-1"
}

module "bootstrap" {
  source    = "../.."
  providers = { aws = aws, aws.dr = aws.dr }

  bucket_name     = "prod-connectly"
  lock_table_name = "prod-connectly-tf-lock"

  # the DR copy: replication to ap-northeast-1, the lock table a global table there
  kms_key_multi_region = true
  replica_region       = "ap-northeast-1"

  kms_key_alias                      = "alias/terraform-state"
  noncurrent_version_expiration_days = 90
  kms_key_administrator_arns         = ["arn:aws:iam::111122223333:role/platform-admin"]

  tags = { Layer = "bootstrap" }
}
