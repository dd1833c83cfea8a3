################################################################################
# Rules between the load balancer, the tasks and EFS. By default each names the other security group;
# with reference_security_groups = false (the moto emulator only) they use vpc_cidr_block instead.
################################################################################

locals {
  group_rules = {
    alb-to-tasks = {
      security_group_id = module.alb.security_group_id
      peer              = module.service.security_group_id
      direction         = "egress"
      port              = local.container_port
      description       = "Atlantis on the tasks"
    }
    tasks-from-alb = {
      security_group_id = module.service.security_group_id
      peer              = module.alb.security_group_id
      direction         = "ingress"
      port              = local.container_port
      description       = "Atlantis from the load balancer"
    }
    tasks-to-efs = {
      security_group_id = module.service.security_group_id
      peer              = module.efs_security_group.security_group_id
      direction         = "egress"
      port              = 2049
      description       = "NFS to the Atlantis EFS mount targets"
    }
    efs-from-tasks = {
      security_group_id = module.efs_security_group.security_group_id
      peer              = module.service.security_group_id
      direction         = "ingress"
      port              = 2049
      description       = "NFS from the Atlantis tasks"
    }
  }
}

resource "aws_vpc_security_group_ingress_rule" "this" {
  for_each = { for k, r in local.group_rules : k => r if r.direction == "ingress" }

  security_group_id            = each.value.security_group_id
  description                  = each.value.description
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
  referenced_security_group_id = var.reference_security_groups ? each.value.peer : null
  cidr_ipv4                    = var.reference_security_groups ? null : var.vpc_cidr_block

  tags = merge(var.tags, { Name = "${var.name}-${each.key}" })
}

resource "aws_vpc_security_group_egress_rule" "this" {
  for_each = { for k, r in local.group_rules : k => r if r.direction == "egress" }

  security_group_id            = each.value.security_group_id
  description                  = each.value.description
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
  referenced_security_group_id = var.reference_security_groups ? each.value.peer : null
  cidr_ipv4                    = var.reference_security_groups ? null : var.vpc_cidr_block

  tags = merge(var.tags, { Name = "${var.name}-${each.key}" })
}
