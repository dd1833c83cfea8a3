locals {
  # AZ-keyed NAT gateways: per_az -> every private subnet's AZ; single -> one AZ; none -> nothing.
  single_nat_az = var.single_nat_gateway_az != null ? var.single_nat_gateway_az : try(sort(keys(var.private_subnets))[0], null)
  nat_azs = length(var.private_subnets) == 0 ? [] : (
    var.nat_gateway_mode == "per_az" ? keys(var.private_subnets) : (
      var.nat_gateway_mode == "single" ? [local.single_nat_az] : []
    )
  )

  create_igw = length(var.public_subnets) > 0
}

resource "aws_vpc" "this" {
  # checkov:skip=CKV2_AWS_11: flow logs are created by the logging layer (it owns the log group and its KMS key), so the network layer needs no key and runs first.
  cidr_block           = var.cidr_block
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = merge(var.tags, { Name = var.name })
}

# --- subnets: one per AZ and tier, keyed by AZ name -------------------------------------------------

resource "aws_subnet" "public" {
  for_each = var.public_subnets

  vpc_id            = aws_vpc.this.id
  availability_zone = each.key
  cidr_block        = each.value
  # Nothing gets a public IP by accident: load balancers and NAT gateways bring their own.
  map_public_ip_on_launch = false

  tags = merge(var.tags, var.public_subnet_tags, { Name = "${var.name}-public-${each.key}", Tier = "public" })
}

resource "aws_subnet" "private" {
  for_each = var.private_subnets

  vpc_id            = aws_vpc.this.id
  availability_zone = each.key
  cidr_block        = each.value

  tags = merge(var.tags, var.private_subnet_tags, { Name = "${var.name}-private-${each.key}", Tier = "private" })
}

resource "aws_subnet" "data" {
  for_each = var.data_subnets

  vpc_id            = aws_vpc.this.id
  availability_zone = each.key
  cidr_block        = each.value

  tags = merge(var.tags, var.data_subnet_tags, { Name = "${var.name}-data-${each.key}", Tier = "data" })
}

# --- internet and NAT gateways ------------------------------------------------------------------------

resource "aws_internet_gateway" "this" {
  count = local.create_igw ? 1 : 0

  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = var.name })
}

resource "aws_eip" "nat" {
  # checkov:skip=CKV2_AWS_19: these addresses belong to NAT gateways, not EC2 instances.
  for_each = toset(local.nat_azs)

  domain = "vpc"

  tags = merge(var.tags, { Name = "${var.name}-nat-${each.key}" })

  depends_on = [aws_internet_gateway.this]
}

resource "aws_nat_gateway" "this" {
  for_each = toset(local.nat_azs)

  allocation_id = aws_eip.nat[each.key].id
  subnet_id     = aws_subnet.public[each.key].id

  tags = merge(var.tags, { Name = "${var.name}-${each.key}" })

  depends_on = [aws_internet_gateway.this]
}

# --- route tables ---------------------------------------------------------------------------------------

resource "aws_route_table" "public" {
  count = length(var.public_subnets) > 0 ? 1 : 0

  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = "${var.name}-public" })
}

resource "aws_route" "public_internet" {
  count = local.create_igw ? 1 : 0

  route_table_id         = aws_route_table.public[0].id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this[0].id
}

resource "aws_route_table_association" "public" {
  for_each = var.public_subnets

  subnet_id      = aws_subnet.public[each.key].id
  route_table_id = aws_route_table.public[0].id
}

# One per AZ so that each AZ leaves through its own NAT gateway.
resource "aws_route_table" "private" {
  for_each = var.private_subnets

  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = "${var.name}-private-${each.key}" })
}

resource "aws_route" "private_nat" {
  for_each = length(local.nat_azs) > 0 ? var.private_subnets : {}

  route_table_id         = aws_route_table.private[each.key].id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = var.nat_gateway_mode == "per_az" ? aws_nat_gateway.this[each.key].id : aws_nat_gateway.this[local.single_nat_az].id
}

resource "aws_route_table_association" "private" {
  for_each = var.private_subnets

  subnet_id      = aws_subnet.private[each.key].id
  route_table_id = aws_route_table.private[each.key].id
}

# Data subnets never reach the internet: one table with the local route (and Transit Gateway routes).
resource "aws_route_table" "data" {
  count = length(var.data_subnets) > 0 ? 1 : 0

  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = "${var.name}-data" })
}

resource "aws_route_table_association" "data" {
  for_each = var.data_subnets

  subnet_id      = aws_subnet.data[each.key].id
  route_table_id = aws_route_table.data[0].id
}

# --- gateway endpoints (S3, DynamoDB) through the shared module ----------------------------------------

module "gateway_endpoints" {
  source = "../vpc-endpoint"
  count  = length(var.gateway_endpoints) > 0 ? 1 : 0

  name                    = var.name
  vpc_id                  = aws_vpc.this.id
  vpc_cidr_block          = var.cidr_block
  create_security_group   = false
  allowed_organization_id = var.gateway_endpoint_allowed_organization_id

  endpoints = {
    for s in var.gateway_endpoints : s => {
      service         = s
      type            = "Gateway"
      route_table_ids = [for rt in aws_route_table.private : rt.id]
    }
  }

  tags = var.tags
}
