locals {
  tags = merge(var.tags, { Name = var.name })

  # Protocols for which from_port/to_port mean something; for any other protocol AWS allows every port.
  port_protocols = ["tcp", "udp", "6", "17"]
  icmp_protocols = ["icmp", "icmpv6", "1", "58"]
}

resource "aws_security_group" "this" {
  # checkov:skip=CKV2_AWS_5: a reusable module creates the group; the calling module attaches it (ALB, ENI, endpoint, ...)
  name                   = var.name
  description            = var.description
  vpc_id                 = var.vpc_id
  revoke_rules_on_delete = var.revoke_rules_on_delete

  # No inline ingress/egress blocks: rules are the separate per-rule resources below. On create, the provider
  # removes the allow-all egress rule AWS adds to every new group, so an empty egress_rules means no egress.

  tags = local.tags
}

resource "aws_vpc_security_group_ingress_rule" "this" {
  for_each = var.ingress_rules

  security_group_id = aws_security_group.this.id
  description       = each.value.description
  ip_protocol       = each.value.ip_protocol
  from_port         = contains(local.port_protocols, each.value.ip_protocol) ? each.value.from_port : contains(local.icmp_protocols, each.value.ip_protocol) ? coalesce(each.value.from_port, -1) : null
  to_port           = contains(local.port_protocols, each.value.ip_protocol) ? each.value.to_port : contains(local.icmp_protocols, each.value.ip_protocol) ? coalesce(each.value.to_port, -1) : null

  cidr_ipv4                    = each.value.cidr_ipv4
  cidr_ipv6                    = each.value.cidr_ipv6
  prefix_list_id               = each.value.prefix_list_id
  referenced_security_group_id = each.value.referenced_security_group_id == "self" ? aws_security_group.this.id : each.value.referenced_security_group_id

  tags = merge(var.tags, { Name = "${var.name}-${each.key}" })
}

resource "aws_vpc_security_group_egress_rule" "this" {
  for_each = var.egress_rules

  security_group_id = aws_security_group.this.id
  description       = each.value.description
  ip_protocol       = each.value.ip_protocol
  from_port         = contains(local.port_protocols, each.value.ip_protocol) ? each.value.from_port : contains(local.icmp_protocols, each.value.ip_protocol) ? coalesce(each.value.from_port, -1) : null
  to_port           = contains(local.port_protocols, each.value.ip_protocol) ? each.value.to_port : contains(local.icmp_protocols, each.value.ip_protocol) ? coalesce(each.value.to_port, -1) : null

  cidr_ipv4                    = each.value.cidr_ipv4
  cidr_ipv6                    = each.value.cidr_ipv6
  prefix_list_id               = each.value.prefix_list_id
  referenced_security_group_id = each.value.referenced_security_group_id == "self" ? aws_security_group.this.id : each.value.referenced_security_group_id

  tags = merge(var.tags, { Name = "${var.name}-${each.key}" })
}
