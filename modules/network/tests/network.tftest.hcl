mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group

  mock_resource "aws_vpc" {
    defaults = { id = "vpc-0123456789abcdef0", arn = "arn:aws:ec2:ap-northeast-2:111122223333:vpc/vpc-0123456789abcdef0" }
  }
  mock_resource "aws_ec2_transit_gateway" {
    defaults = { id = "tgw-0123456789abcdef0", arn = "arn:aws:ec2:ap-northeast-2:111122223333:transit-gateway/tgw-0123456789abcdef0" }
  }
  mock_resource "aws_ram_resource_share" {
    defaults = { arn = "arn:aws:ram:ap-northeast-2:111122223333:resource-share/0d0e0f00-1111-2222-3333-444455556666" }
  }
}

variables {
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
  tags = { Layer = "network" }
}

run "defaults" {
  command = plan

  assert {
    condition     = aws_vpc.this.cidr_block == "10.10.0.0/16" && aws_vpc.this.enable_dns_hostnames && aws_vpc.this.enable_dns_support
    error_message = "The VPC must use the given CIDR with DNS support and hostnames on."
  }
  assert {
    condition     = length(aws_subnet.public) == 3 && length(aws_subnet.private) == 3 && length(aws_subnet.data) == 3
    error_message = "Three subnets per tier must be created."
  }
  assert {
    condition     = aws_subnet.private["ap-northeast-2b"].availability_zone == "ap-northeast-2b" && aws_subnet.private["ap-northeast-2b"].cidr_block == "10.10.32.0/20"
    error_message = "Subnets must be placed in the AZ of their key with the given CIDR."
  }
  assert {
    condition     = alltrue([for s in aws_subnet.public : s.map_public_ip_on_launch == false])
    error_message = "Public subnets must not assign public IPs on launch."
  }
  assert {
    condition     = aws_subnet.data["ap-northeast-2c"].tags["Name"] == "prod-data-ap-northeast-2c" && aws_subnet.data["ap-northeast-2c"].tags["Tier"] == "data" && aws_subnet.data["ap-northeast-2c"].tags["Layer"] == "network"
    error_message = "Subnets must be tagged with Name, Tier and the module tags."
  }
  assert {
    condition     = length(aws_internet_gateway.this) == 1 && length(aws_route.public_internet) == 1
    error_message = "An internet gateway with a default route must be created for public subnets."
  }
  assert {
    condition     = length(aws_nat_gateway.this) == 3 && length(aws_eip.nat) == 3 && length(aws_route.private_nat) == 3
    error_message = "The default nat_gateway_mode (per_az) must create one NAT gateway, EIP and route per AZ."
  }
  assert {
    condition     = length(aws_route_table.private) == 3 && length(aws_route_table.public) == 1 && length(aws_route_table.data) == 1
    error_message = "One private route table per AZ, one public and one data route table are expected."
  }
  assert {
    condition     = length(aws_default_route_table.this.route) == 0
    error_message = "The default route table must keep no routes."
  }
  assert {
    condition     = length(aws_ec2_transit_gateway.this) == 1 && aws_ec2_transit_gateway.this[0].auto_accept_shared_attachments == "disable"
    error_message = "A Transit Gateway that does not auto-accept attachments must be created by default."
  }
  assert {
    condition     = keys(aws_ec2_transit_gateway_vpc_attachment.this) == ["this"]
    error_message = "This VPC must be attached to the Transit Gateway by default."
  }
  assert {
    condition     = length(aws_ram_resource_share.transit_gateway) == 0
    error_message = "No RAM share without principals."
  }
  assert {
    condition     = length(module.gateway_endpoints) == 1
    error_message = "The gateway endpoints must be created through ../vpc-endpoint."
  }
  # was run "network_acls" (same inputs)
  assert {
    condition     = keys(aws_network_acl.routed) == ["private", "public"] && length(aws_network_acl.data) == 1
    error_message = "One network ACL per tier is expected."
  }
  assert {
    condition     = anytrue([for r in aws_network_acl.routed["public"].ingress : r.action == "deny" && r.from_port == 22 && r.to_port == 22 && r.cidr_block == "0.0.0.0/0" && r.rule_no < 300])
    error_message = "SSH from the internet must be denied before the allow-all rule."
  }
  assert {
    condition     = anytrue([for r in aws_network_acl.routed["public"].ingress : r.action == "deny" && r.from_port == 20 && r.to_port == 21 && r.rule_no < 300])
    error_message = "FTP from the internet must be denied before the allow-all rule."
  }
  assert {
    condition     = anytrue([for r in aws_network_acl.routed["private"].ingress : r.action == "allow" && r.cidr_block == "10.10.0.0/16" && r.rule_no == 100])
    error_message = "Traffic from the VPC must be allowed first."
  }
  assert {
    condition     = alltrue([for r in concat(tolist(aws_network_acl.data[0].ingress), tolist(aws_network_acl.data[0].egress)) : r.cidr_block == "10.10.0.0/16"])
    error_message = "The data network ACL must allow the VPC CIDR only."
  }
}

run "single_nat" {
  command = apply

  variables {
    nat_gateway_mode = "single"
  }

  assert {
    condition     = keys(aws_nat_gateway.this) == ["ap-northeast-2a"] && length(aws_eip.nat) == 1
    error_message = "single must create one NAT gateway in the first AZ."
  }
  assert {
    condition     = length(distinct([for r in aws_route.private_nat : r.nat_gateway_id])) == 1 && length(aws_route.private_nat) == 3
    error_message = "Every private route table must use the single NAT gateway."
  }
  assert {
    condition     = aws_nat_gateway.this["ap-northeast-2a"].subnet_id == aws_subnet.public["ap-northeast-2a"].id
    error_message = "The NAT gateway must live in the public subnet of its AZ."
  }
  assert {
    condition     = length(output.nat_gateway_ids) == 1 && length(output.private_subnet_ids) == 3 && length(output.private_subnet_ids_by_az) == 3
    error_message = "Outputs must expose the NAT gateway and the subnets as lists and maps."
  }
  assert {
    condition     = toset(keys(output.gateway_endpoints)) == toset(["dynamodb", "s3"])
    error_message = "S3 and DynamoDB gateway endpoints must be created by default."
  }
  assert {
    condition     = output.transit_gateway_id == "tgw-0123456789abcdef0"
    error_message = "transit_gateway_id must be the Transit Gateway's ID."
  }
}

run "per_az_keeps_single_nat" {
  command = apply

  assert {
    condition     = aws_nat_gateway.this["ap-northeast-2a"].id == run.single_nat.nat_gateway_ids_by_az["ap-northeast-2a"]
    error_message = "Switching single -> per_az must keep the existing NAT gateway."
  }
  assert {
    condition     = aws_route.private_nat["ap-northeast-2c"].nat_gateway_id == aws_nat_gateway.this["ap-northeast-2c"].id
    error_message = "per_az must route each AZ through its own NAT gateway."
  }
}

run "adding_an_az_keeps_the_others" {
  command = apply

  variables {
    public_subnets = {
      "ap-northeast-2a" = "10.10.0.0/24"
      "ap-northeast-2b" = "10.10.1.0/24"
      "ap-northeast-2c" = "10.10.2.0/24"
      "ap-northeast-2d" = "10.10.3.0/24"
    }
    private_subnets = {
      "ap-northeast-2a" = "10.10.16.0/20"
      "ap-northeast-2b" = "10.10.32.0/20"
      "ap-northeast-2c" = "10.10.48.0/20"
      "ap-northeast-2d" = "10.10.80.0/20"
    }
  }

  assert {
    condition     = alltrue([for az in ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"] : output.private_subnet_ids_by_az[az] == run.per_az_keeps_single_nat.private_subnet_ids_by_az[az] && output.public_subnet_ids_by_az[az] == run.per_az_keeps_single_nat.public_subnet_ids_by_az[az]])
    error_message = "Adding an AZ must not recreate the existing subnets."
  }
  assert {
    condition     = alltrue([for az in ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"] : output.nat_gateway_ids_by_az[az] == run.per_az_keeps_single_nat.nat_gateway_ids_by_az[az]])
    error_message = "Adding an AZ must not recreate the existing NAT gateways."
  }
  assert {
    condition     = length(output.nat_gateway_ids) == 4
    error_message = "The new AZ must get its own NAT gateway."
  }
}

run "no_nat" {
  command = plan

  variables {
    nat_gateway_mode = "none"
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 0 && length(aws_eip.nat) == 0 && length(aws_route.private_nat) == 0
    error_message = "none must create no NAT gateway, EIP or private default route."
  }
}

run "transit_gateway_off" {
  command = apply

  variables {
    create_transit_gateway         = false
    transit_gateway_ram_principals = ["444455556666"]
  }

  assert {
    condition     = length(aws_ec2_transit_gateway.this) == 0 && length(aws_ec2_transit_gateway_vpc_attachment.this) == 0 && length(aws_ram_resource_share.transit_gateway) == 0
    error_message = "create_transit_gateway = false must create no Transit Gateway, attachment or share."
  }
  assert {
    condition     = output.transit_gateway_id == null && output.transit_gateway_ram_share_arn == null
    error_message = "transit_gateway_id must be null without a Transit Gateway."
  }
}

run "transit_gateway_routes_and_sharing" {
  command = plan

  variables {
    transit_gateway_routes         = ["10.20.0.0/16", "10.30.0.0/16"]
    transit_gateway_ram_principals = ["444455556666", "arn:aws:organizations::111122223333:ou/o-abcdef1234/ou-ab12-cdef3456"]
    network_acl_trusted_cidrs      = ["10.20.0.0/16"]
    transit_gateway_vpc_attachments = {
      this   = {}
      shared = { vpc_id = "vpc-0fedcba9876543210", subnet_ids = ["subnet-0aaaaaaaaaaaaaaaa"], appliance_mode_support = true }
    }
  }

  assert {
    condition     = length(aws_route.transit_gateway) == 8
    error_message = "Each TGW route must be added to the three private route tables and the data route table."
  }
  assert {
    condition     = aws_ram_resource_share.transit_gateway[0].allow_external_principals == false
    error_message = "The RAM share must not allow external principals."
  }
  assert {
    condition     = length(aws_ram_principal_association.transit_gateway) == 2 && length(aws_ram_resource_association.transit_gateway) == 1
    error_message = "Each principal must be associated with the share."
  }
  assert {
    condition     = aws_ec2_transit_gateway_vpc_attachment.this["shared"].vpc_id == "vpc-0fedcba9876543210" && aws_ec2_transit_gateway_vpc_attachment.this["shared"].appliance_mode_support == "enable"
    error_message = "An attachment with vpc_id must attach that VPC with its settings."
  }
  assert {
    condition     = anytrue([for r in aws_network_acl.data[0].ingress : r.cidr_block == "10.20.0.0/16" && r.action == "allow"])
    error_message = "Trusted CIDRs must be allowed into the data subnets."
  }
}

run "no_gateway_endpoints" {
  command = plan

  variables {
    gateway_endpoints = []
  }

  assert {
    condition     = length(module.gateway_endpoints) == 0
    error_message = "An empty gateway_endpoints must create no endpoint module."
  }
}

run "private_only" {
  command = plan

  variables {
    public_subnets   = {}
    data_subnets     = {}
    nat_gateway_mode = "none"
  }

  assert {
    condition     = length(aws_internet_gateway.this) == 0 && length(aws_route_table.public) == 0 && length(aws_network_acl.data) == 0
    error_message = "Without public and data subnets there must be no internet gateway, public route table or data ACL."
  }
}

# Variable checks, several per run (issue 20: each run starts the provider): each run breaks several
# variables at once, each with the value its former one-check run used (named in the comment above it), and
# a run passes only if every listed variable fails, so a check that stops failing still fails its run.
# A variable with several checks appears in several runs; a check that reads other variables runs apart
# from the runs that set those.
run "invalid_inputs_1" {
  command = plan

  variables {
    # invalid_name
    name = "Prod_VPC"
    # invalid_cidr_block
    cidr_block = "10.0.0.0/8"
    # invalid_public_subnets
    public_subnets = { "zone-a" = "10.10.0.0/24" }
    # invalid_private_subnets
    private_subnets = { "ap-northeast-2a" = "10.10.16.0/40" }
    # invalid_data_subnets
    data_subnets = { "ap-northeast-2a" = "nope" }
    # invalid_network_acl_trusted_cidrs
    network_acl_trusted_cidrs = ["10.20.0.0"]
    # invalid_gateway_endpoints
    gateway_endpoints = ["s3", "ec2"]
    # invalid_transit_gateway_amazon_side_asn
    transit_gateway_amazon_side_asn = 65000 + 1000
    # invalid_transit_gateway_ram_principals
    transit_gateway_ram_principals = ["external@example.com"]
  }
  expect_failures = [var.name, var.cidr_block, var.public_subnets, var.private_subnets, var.data_subnets, var.network_acl_trusted_cidrs, var.gateway_endpoints, var.transit_gateway_amazon_side_asn, var.transit_gateway_ram_principals]
}

run "invalid_inputs_2" {
  command = plan

  variables {
    # invalid_nat_gateway_mode
    nat_gateway_mode = "two"
    # attachment_needs_vpc_and_subnets_together
    transit_gateway_vpc_attachments = { other = { vpc_id = "vpc-0fedcba9876543210" } }
  }
  expect_failures = [var.nat_gateway_mode, var.transit_gateway_vpc_attachments]
}

run "invalid_inputs_3" {
  command = plan

  variables {
    # per_az_nat_needs_public_subnet_in_each_az
    public_subnets = { "ap-northeast-2a" = "10.10.0.0/24" }
    # only_one_self_attachment
    transit_gateway_vpc_attachments = { this = {}, again = {} }
  }
  expect_failures = [var.nat_gateway_mode, var.transit_gateway_vpc_attachments]
}

run "invalid_inputs_4" {
  command = plan

  variables {
    # invalid_single_nat_gateway_az
    nat_gateway_mode = "single"
    # invalid_single_nat_gateway_az
    single_nat_gateway_az = "ap-northeast-2d"
    # invalid_transit_gateway_routes
    transit_gateway_routes = ["10.20.0.0/99"]
  }
  expect_failures = [var.single_nat_gateway_az, var.transit_gateway_routes]
}

run "self_attachment_needs_private_subnets" {
  command = plan
  variables {
    private_subnets = {}
  }
  expect_failures = [var.transit_gateway_vpc_attachments]
}

run "transit_gateway_routes_need_transit_gateway" {
  command = plan
  variables {
    create_transit_gateway = false
    transit_gateway_routes = ["10.20.0.0/16"]
  }
  expect_failures = [var.transit_gateway_routes]
}

