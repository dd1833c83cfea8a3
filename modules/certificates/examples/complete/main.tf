# Two ACM certificates validated by DNS in the dns layer's zones: connectly.io (with a wildcard, and a
# us-east-1 copy for CloudFront through the aws.us_east_1 provider) and api.connectly.io (EC P-256 key,
# validated in its own delegated zone).

provider "aws" {
  region = "ap-northeast-2"

  default_tags {
    tags = {
      Environment = "example"
      ManagedBy   = "terraform"
    }
  }
}

# CloudFront only uses certificates from us-east-1.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"

  default_tags {
    tags = {
      Environment = "example"
      ManagedBy   = "terraform"
    }
  }
}

variable "zone_ids" {
  description = "The dns layer's public_zone_ids output."
  type        = map(string)
  default = {
    "connectly.io"     = "Z0123456789ABCDEFGHIJ"
    "api.connectly.io" = "Z0987654321ABCDEFGHIJ"
  }
}

module "certificates" {
  source = "../.."

  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }

  zone_ids = var.zone_ids

  certificates = {
    # The site: regional for the ALB, and a us-east-1 copy for CloudFront.
    "connectly.io" = {
      subject_alternative_names = ["*.connectly.io"]
      global                    = true
    }
    # APIs, validated in the api.connectly.io zone (the longest zone each name falls under).
    "api.connectly.io" = {
      subject_alternative_names = ["*.api.connectly.io"]
      key_algorithm             = "EC_prime256v1"
    }
  }

  tags = { Layer = "certificates" }
}
