# The production VPC across three Availability Zones: public, private and data subnets, one NAT
# gateway per AZ, a transit gateway shared with another account through RAM, and network ACLs that
# trust the organisation's other VPC.

provider "aws" {
  region = "ap-northeast-2"

  default_tags {
    tags = {
      Environment = "example"
      ManagedBy   = "terraform"
    }
  }
}

module "network" {
  source = "../.."

  name       = "prod"
  cidr_block = "10.10.0.0/16"

  public_subnets = {
    "ap-northeast-2a" = "10.10.0.0/24"
    "ap-northeast-2b" = "10.10.1.0/24"
    "ap-northeast-2c" = "10.10.2.0/24"
  }
  private_subnets = {
    "ap-northeast-2a" = "10.10.16.0/20"
    "ap-northeast-2b" = "10.10.32.0/20"
    "ap-northeast-2c" = "10.10.48.0/20"
  }
  data_subnets = {
    "ap-northeast-2a" = "10.10.64.0/24"
    "ap-northeast-2b" = "10.10.65.0/24"
    "ap-northeast-2c" = "10.10.66.0/24"
  }

  # Production: one NAT gateway per AZ. Non-production: "single" (or "none") to save cost.
  nat_gateway_mode = "per_az"

  # Hub for the other VPCs of the organisation; the local emulator sets create_transit_gateway = false.
  create_transit_gateway         = true
  transit_gateway_routes         = ["10.20.0.0/16"]
  transit_gateway_ram_principals = ["444455556666"]
  network_acl_trusted_cidrs      = ["10.20.0.0/16"]

  tags = { Layer = "network" }
}
