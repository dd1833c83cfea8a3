# --- Transit Gateway (toggle), VPC attachments by name, RAM share inside the organisation ----------------

locals {
  tgw_attachments = var.create_transit_gateway ? var.transit_gateway_vpc_attachments : {}

  tgw_route_tables = merge(
    { for az, rt in aws_route_table.private : "private-${az}" => rt.id },
    length(var.data_subnets) > 0 ? { data = aws_route_table.data[0].id } : {},
  )
  tgw_routes = {
    for pair in setproduct(keys(local.tgw_route_tables), var.transit_gateway_routes) :
    "${pair[0]}|${pair[1]}" => { route_table_id = local.tgw_route_tables[pair[0]], cidr = pair[1] }
  }

  share_tgw = var.create_transit_gateway && length(var.transit_gateway_ram_principals) > 0
}

resource "aws_ec2_transit_gateway" "this" {
  count = var.create_transit_gateway ? 1 : 0

  description                     = "${var.name} Transit Gateway"
  amazon_side_asn                 = var.transit_gateway_amazon_side_asn
  auto_accept_shared_attachments  = "disable"
  default_route_table_association = "enable"
  default_route_table_propagation = "enable"
  dns_support                     = "enable"
  vpn_ecmp_support                = "enable"
  multicast_support               = "disable"

  tags = merge(var.tags, { Name = var.name })
}

resource "aws_ec2_transit_gateway_vpc_attachment" "this" {
  for_each = local.tgw_attachments

  transit_gateway_id     = aws_ec2_transit_gateway.this[0].id
  vpc_id                 = each.value.vpc_id != null ? each.value.vpc_id : aws_vpc.this.id
  subnet_ids             = each.value.subnet_ids != null ? each.value.subnet_ids : [for s in aws_subnet.private : s.id]
  dns_support            = each.value.dns_support ? "enable" : "disable"
  ipv6_support           = each.value.ipv6_support ? "enable" : "disable"
  appliance_mode_support = each.value.appliance_mode_support ? "enable" : "disable"

  tags = merge(var.tags, each.value.tags, { Name = "${var.name}-${each.key}" })
}

resource "aws_route" "transit_gateway" {
  for_each = local.tgw_routes

  route_table_id         = each.value.route_table_id
  destination_cidr_block = each.value.cidr
  transit_gateway_id     = aws_ec2_transit_gateway.this[0].id

  depends_on = [aws_ec2_transit_gateway_vpc_attachment.this]
}

resource "aws_ram_resource_share" "transit_gateway" {
  count = local.share_tgw ? 1 : 0

  name                      = "${var.name}-transit-gateway"
  allow_external_principals = false

  tags = merge(var.tags, { Name = "${var.name}-transit-gateway" })
}

resource "aws_ram_resource_association" "transit_gateway" {
  count = local.share_tgw ? 1 : 0

  resource_arn       = aws_ec2_transit_gateway.this[0].arn
  resource_share_arn = aws_ram_resource_share.transit_gateway[0].arn
}

resource "aws_ram_principal_association" "transit_gateway" {
  for_each = local.share_tgw ? toset(var.transit_gateway_ram_principals) : toset([])

  principal          = each.value
  resource_share_arn = aws_ram_resource_share.transit_gateway[0].arn
}
