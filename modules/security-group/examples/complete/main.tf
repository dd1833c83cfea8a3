# Two tiers with security group rules that reference each other: an application group (HTTPS from the
# VPC, traffic between members, HTTPS to the VPC endpoints, PostgreSQL to the database) and a database
# group that only accepts PostgreSQL from the application group and has no egress.

provider "aws" {
  region = "ap-northeast-2"

  default_tags {
    tags = {
      Environment = "example"
      ManagedBy   = "layer"
    }
  }
}

variable "vpc_id" {
  description = "VPC to create the example groups in."
  type        = string
  default     = "vpc-0123456789abcdef0"
}

variable "vpc_cidr_block" {
  description = "CIDR block of that VPC."
  type        = string
  default     = "10.0.0.0/16"
}

# Application tier: HTTPS from the VPC, all traffic between members, HTTPS out to the VPC endpoints.
module "app" {
  source = "../../"

  name        = "example-app"
  description = "Example application tier"
  vpc_id      = var.vpc_id

  ingress_rules = {
    https-from-vpc = {
      description = "HTTPS from the VPC"
      from_port   = 443
      to_port     = 443
      cidr_ipv4   = var.vpc_cidr_block
    }
    members = {
      description                  = "All traffic between members of this group"
      ip_protocol                  = "-1"
      referenced_security_group_id = "self"
    }
  }

  egress_rules = {
    https-to-vpc = {
      description = "HTTPS to VPC endpoints"
      from_port   = 443
      to_port     = 443
      cidr_ipv4   = var.vpc_cidr_block
    }
    postgres-to-db = {
      description                  = "PostgreSQL to the database tier"
      from_port                    = 5432
      to_port                      = 5432
      referenced_security_group_id = module.db.security_group_id
    }
  }

  tags = { Tier = "app" }
}

# Database tier: PostgreSQL from the application tier only; no egress at all (the default).
module "db" {
  source = "../../"

  name        = "example-db"
  description = "Example database tier"
  vpc_id      = var.vpc_id

  ingress_rules = {
    postgres-from-app = {
      description                  = "PostgreSQL from the application tier"
      from_port                    = 5432
      to_port                      = 5432
      referenced_security_group_id = module.app.security_group_id
    }
  }

  tags = { Tier = "db" }
}
