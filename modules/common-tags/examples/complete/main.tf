# The standard tag set feeds the provider's default_tags; modules add Name and their own tags.

provider "aws" {
  region = "ap-northeast-2"

  default_tags {
    tags = module.tags.default_tags.tags
  }
}

module "tags" {
  source = "../.."

  environment  = "prod"
  owner        = "platform-team"
  cost_center  = "CC-1234"
  project      = "payments"
  repository   = "github.com/acme/platform"
  layer        = "network/vpc"
  organization = "acme"
  extra_tags = {
    DataClass = "internal"
  }
}
