# The identity layer of one account: GitHub OIDC, the plan and apply roles, platform-terraform.

provider "aws" {
  region = "ap-northeast-2"

  default_tags {
    tags = {
      Environment = "example"
      ManagedBy   = "terraform"
    }
  }
}

module "identity" {
  source = "../.."

  github_repository = "connectly/platform"
  environment       = "prod"
  terraform_state = {
    bucket_arn     = "arn:aws:s3:::prod-connectly"
    kms_key_arn    = "arn:aws:kms:ap-northeast-2:111122223333:key/00000000-0000-0000-0000-000000000000"
    lock_table_arn = "arn:aws:dynamodb:ap-northeast-2:111122223333:table/prod-connectly-tf-lock"
  }
  platform_admin_principal_arns = ["arn:aws:iam::111122223333:role/break-glass"]
}
