# Production's backup plan: vaults in ap-northeast-2 and the DR region, daily and monthly copies there,
# the shared PostgreSQL's automated backups replicated for point-in-time restore in the DR region.
provider "aws" {
  region = "ap-northeast-2"
}

provider "aws" {
  alias  = "dr"
  region = "ap-northeast-1"
}

module "backup" {
  source    = "../.."
  providers = { aws = aws, aws.dr = aws.dr }

  name       = "connectly-prod"
  vault_lock = { changeable_for_days = 3 } # compliance mode after three days

  rds_backup_replication = {
    connectly-prod-shared-postgres = { retention_period = 14 }
  }

  tags = { Layer = "backup" }
}
