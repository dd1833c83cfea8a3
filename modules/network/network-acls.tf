# --- the VPC's default security group, network ACL and route table: taken over, every rule removed -----
# Anything created in this VPC without an explicit choice gets no traffic at all.

resource "aws_default_security_group" "this" {
  vpc_id = aws_vpc.this.id

  # No ingress or egress blocks: Terraform removes every rule of the default security group.
  tags = merge(var.tags, { Name = "${var.name}-default-deny-all" })
}

resource "aws_default_network_acl" "this" {
  default_network_acl_id = aws_vpc.this.default_network_acl_id

  # No ingress or egress blocks: only the implicit deny-all rules remain. Every subnet of this module
  # is associated with a tier network ACL below, so the default ACL holds only subnets made elsewhere.
  tags = merge(var.tags, { Name = "${var.name}-default-deny-all" })

  lifecycle {
    # Subnets move to and from the default ACL as they are associated elsewhere.
    ignore_changes = [subnet_ids]
  }
}

resource "aws_default_route_table" "this" {
  default_route_table_id = aws_vpc.this.default_route_table_id

  # Only the implicit local route: subnets without an explicit association reach nothing outside the VPC.
  route = []

  tags = merge(var.tags, { Name = "${var.name}-default-no-routes" })
}

# --- network ACLs per tier ------------------------------------------------------------------------------
# Network ACLs are a coarse, stateless second line; security groups do the fine-grained work.
# public and private: everything from the VPC and the trusted CIDRs; from the internet everything except
# FTP (20-21) and SSH (22); all egress. RDP (3389) cannot be denied here: it lies inside the ephemeral
# port range (1024-65535) that NAT gateways use for return traffic. data: the VPC and trusted CIDRs only.

locals {
  routed_tiers = setunion(
    length(var.public_subnets) > 0 ? ["public"] : [],
    length(var.private_subnets) > 0 ? ["private"] : [],
  )
}

resource "aws_network_acl" "routed" {
  # checkov:skip=CKV_AWS_231: 3389 lies in the NAT gateway ephemeral port range (1024-65535); denying it would drop return traffic. RDP is closed by security groups (the default one has no rules).
  for_each = local.routed_tiers

  vpc_id     = aws_vpc.this.id
  subnet_ids = each.key == "public" ? [for s in aws_subnet.public : s.id] : [for s in aws_subnet.private : s.id]

  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    cidr_block = var.cidr_block
    from_port  = 0
    to_port    = 0
  }

  dynamic "ingress" {
    for_each = var.network_acl_trusted_cidrs
    content {
      rule_no    = 110 + ingress.key
      action     = "allow"
      protocol   = "-1"
      cidr_block = ingress.value
      from_port  = 0
      to_port    = 0
    }
  }

  ingress {
    rule_no    = 200
    action     = "deny"
    protocol   = "tcp"
    cidr_block = "0.0.0.0/0"
    from_port  = 20
    to_port    = 21
  }

  ingress {
    rule_no    = 210
    action     = "deny"
    protocol   = "tcp"
    cidr_block = "0.0.0.0/0"
    from_port  = 22
    to_port    = 22
  }

  ingress {
    rule_no    = 300
    action     = "allow"
    protocol   = "-1"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }

  egress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }

  tags = merge(var.tags, { Name = "${var.name}-${each.key}" })
}

resource "aws_network_acl" "data" {
  count = length(var.data_subnets) > 0 ? 1 : 0

  vpc_id     = aws_vpc.this.id
  subnet_ids = [for s in aws_subnet.data : s.id]

  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    cidr_block = var.cidr_block
    from_port  = 0
    to_port    = 0
  }

  dynamic "ingress" {
    for_each = var.network_acl_trusted_cidrs
    content {
      rule_no    = 110 + ingress.key
      action     = "allow"
      protocol   = "-1"
      cidr_block = ingress.value
      from_port  = 0
      to_port    = 0
    }
  }

  egress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    cidr_block = var.cidr_block
    from_port  = 0
    to_port    = 0
  }

  dynamic "egress" {
    for_each = var.network_acl_trusted_cidrs
    content {
      rule_no    = 110 + egress.key
      action     = "allow"
      protocol   = "-1"
      cidr_block = egress.value
      from_port  = 0
      to_port    = 0
    }
  }

  tags = merge(var.tags, { Name = "${var.name}-data" })
}
