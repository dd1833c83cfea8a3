# Atlantis for the platform: wired the way live/prod/ap-northeast-2/atlantis/layer.yaml wires it, with the
# outputs of the network, kms, bootstrap, waf and certificates layers as literal values.

provider "aws" {
  region = "ap-northeast-2"

  default_tags {
    tags = {
      Environment = "prod"
      Owner       = "platform-team"
      CostCenter  = "platform"
      ManagedBy   = "terraform"
    }
  }
}

variable "image_digest" {
  description = "Digest of the image built from atlantis/Dockerfile and pushed to the module's repository."
  type        = string
  default     = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
}

module "atlantis" {
  source = "../.."

  name     = "atlantis"
  hostname = "atlantis.connectly.example"

  vpc_id         = "vpc-0123456789abcdef0"
  vpc_cidr_block = "10.10.0.0/16"
  private_subnet_ids_by_az = {
    ap-northeast-2a = "subnet-0aaaaaaaaaaaaaaa1"
    ap-northeast-2b = "subnet-0aaaaaaaaaaaaaaa2"
    ap-northeast-2c = "subnet-0aaaaaaaaaaaaaaa3"
  }
  public_subnet_ids = ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2", "subnet-0bbbbbbbbbbbbbbb3"]

  # GitHub's webhook ranges (https://api.github.com/meta, "hooks") and the office.
  alb_ingress_cidr_blocks = {
    github-hooks-1 = "192.30.252.0/22"
    github-hooks-2 = "185.199.108.0/22"
    github-hooks-3 = "140.82.112.0/20"
    github-hooks-4 = "143.55.64.0/20"
    office         = "203.0.113.0/24"
  }

  kms_key_arns = {
    ecr     = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555"
    logs    = "arn:aws:kms:ap-northeast-2:111122223333:key/22222222-2222-3333-4444-555555555555"
    secrets = "arn:aws:kms:ap-northeast-2:111122223333:key/33333333-2222-3333-4444-555555555555"
  }
  certificate_arns   = { "*.connectly.example" = "arn:aws:acm:ap-northeast-2:111122223333:certificate/aaaaaaaa-2222-3333-4444-555555555555" }
  certificate_domain = "*.connectly.example"
  web_acl_arn        = "arn:aws:wafv2:ap-northeast-2:111122223333:regional/webacl/platform-regional/0123abcd-2222-3333-4444-555555555555"

  image_digest = var.image_digest
  github_user  = "connectly-atlantis"

  terraform_state = {
    bucket_arn     = "arn:aws:s3:::prod-connectly"
    kms_key_arn    = "arn:aws:kms:ap-northeast-2:111122223333:key/55555555-2222-3333-4444-555555555555"
    lock_table_arn = "arn:aws:dynamodb:ap-northeast-2:111122223333:table/prod-connectly-tf-lock"
  }

  # A second account whose atlantis-plan/atlantis-apply roles trust this task role.
  cross_account_roles = {
    "444455556666" = {
      plan_role_arn  = "arn:aws:iam::444455556666:role/atlantis-plan"
      apply_role_arn = "arn:aws:iam::444455556666:role/atlantis-apply"
    }
  }
}
