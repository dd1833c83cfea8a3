# A new environment: S3 native locking (use_lockfile), no DynamoDB table.
provider "aws" {
  region = "ap-northeast-2"
}

module "bootstrap" {
  source = "../.."

  bucket_name = "stage-connectly-tfstate"

  tags = { Layer = "bootstrap" }
}

output "bucket_name" {
  description = "State bucket."
  value       = module.bootstrap.bucket_name
}

output "kms_key_arn" {
  description = "State key (backend kms_key_id)."
  value       = module.bootstrap.kms_key_arn
}
