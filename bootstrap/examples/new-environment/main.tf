# A new environment: S3 native locking (use_lockfile), no DynamoDB table.
provider "aws" {
  region = "ap-northeast-2"
}

# The DR region (ADR 0023): the state bucket's replica and the replica key, when replica_region is set.
provider "aws" {
  alias  = "dr"
  region = "ap-northeast-1"
}

module "bootstrap" {
  source    = "../.."
  providers = { aws = aws, aws.dr = aws.dr }

  bucket_name = "stage-connectly-tfstate"

  tags = { Layer = "bootstrap" }
}
