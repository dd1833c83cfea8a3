# The dns layer's shape: public zones connectly.io and api.connectly.io (delegated with NS and DS
# records), a private zone attached to the VPC, a subzone delegated to another account and service
# records (MX, CNAME, an ALB alias). DNSSEC keys and query logs live in us-east-1 (aws.us_east_1).

provider "aws" {
  region = "ap-northeast-2"

  default_tags {
    tags = {
      Environment = "example"
      ManagedBy   = "terraform"
    }
  }
}

# Route 53 DNSSEC keys and query log groups must be in us-east-1.
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

variable "vpc_id" {
  description = "The network layer's vpc_id."
  type        = string
  default     = "vpc-0123456789abcdef0"
}

module "dns" {
  source = "../.."

  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }

  name = "connectly-prod"

  public_zones = {
    "connectly.io"     = {}
    "api.connectly.io" = { comment = "Public APIs" } # delegated from connectly.io automatically (NS + DS)
  }

  private_zones = {
    "internal.connectly.io" = {}
  }
  vpc_id = var.vpc_id

  # A subzone that another account hosts.
  delegations = {
    data-team = {
      zone         = "connectly.io"
      name         = "data.connectly.io"
      name_servers = ["ns-1.awsdns-01.org", "ns-2.awsdns-02.co.uk", "ns-3.awsdns-03.com", "ns-4.awsdns-04.net"]
    }
  }

  # Records service teams add (one pull request per change).
  records = {
    apex-mx = {
      zone    = "connectly.io"
      name    = ""
      type    = "MX"
      records = ["10 inbound-smtp.ap-northeast-2.amazonaws.com"]
    }
    www = {
      zone    = "connectly.io"
      name    = "www"
      type    = "CNAME"
      ttl     = 3600
      records = ["connectly.io"]
    }
    orders-api = {
      zone = "api.connectly.io"
      name = "orders"
      type = "A"
      alias = {
        name    = "internal-orders-123456789.ap-northeast-2.elb.amazonaws.com"
        zone_id = "ZWKZPGTI48KDX"
      }
    }
    postgres = {
      zone    = "internal.connectly.io"
      private = true
      name    = "postgres"
      type    = "CNAME"
      records = ["platform.cluster-abcdefghijkl.ap-northeast-2.rds.amazonaws.com"]
    }
  }

  tags = { Layer = "dns" }
}
