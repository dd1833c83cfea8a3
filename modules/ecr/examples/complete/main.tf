# Service image repositories encrypted with the kms layer's ecr key: one with the defaults, one that
# keeps 50 images and lets a DR account pull, and every image replicated to ap-northeast-1.

provider "aws" {
  region = "ap-northeast-2"

  default_tags {
    tags = {
      Environment = "example"
      ManagedBy   = "terraform"
    }
  }
}

variable "kms_key_arn" {
  description = "The kms layer's key_arns.ecr output."
  type        = string
  default     = "arn:aws:kms:ap-northeast-2:111122223333:key/00000000-0000-0000-0000-000000000001"
}

module "ecr" {
  source = "../.."

  kms_key_arn = var.kms_key_arn
  repositories = {
    svc-orders = {}
    svc-billing = {
      keep_images         = 50
      pull_principal_arns = ["arn:aws:iam::444455556666:role/dr-deployer"]
    }
  }
  # DR: replicate every image to Tokyo.
  replication_destinations = [{ region = "ap-northeast-1" }]

  tags = { Layer = "services" }
}
