data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  region    = data.aws_region.current.name
  partition = data.aws_partition.current.partition

  interface_endpoints = { for k, e in var.endpoints : k => e if e.type == "Interface" }
  create_sg           = var.create_security_group && length(local.interface_endpoints) > 0

  # "s3" -> com.amazonaws.<region>.s3; a full name (com.amazonaws.vpce.<region>.vpce-svc-..., aws.sagemaker...) is kept.
  service_names = {
    for k, e in var.endpoints : k => (
      can(regex("^(com\\.amazonaws|aws)\\.", e.service)) ? e.service : "com.amazonaws.${local.region}.${e.service}"
    )
  }

  allowed_account_ids = length(var.allowed_account_ids) > 0 ? var.allowed_account_ids : [data.aws_caller_identity.current.account_id]

  aws_owned_s3_object_arns = var.aws_owned_s3_object_arns != null ? var.aws_owned_s3_object_arns : [
    "arn:${local.partition}:s3:::prod-${local.region}-starport-layer-bucket/*",
  ]

  default_policy_endpoints = { for k, e in var.endpoints : k => e if e.policy == null && e.attach_default_policy }
}

# The default endpoint policy: the endpoint carries requests of the allowed accounts' (or organisation's)
# principals only, whatever the action; what they may do is still decided by IAM and resource policies.
# Built with jsonencode (not aws_iam_policy_document) so the tests can assert the real document.
locals {
  account_statement = {
    Sid       = "AllowAccountPrincipals"
    Effect    = "Allow"
    Principal = { AWS = "*" }
    Action    = "*"
    Resource  = "*"
    Condition = { StringEquals = { "aws:PrincipalAccount" = local.allowed_account_ids } }
  }

  organization_statements = var.allowed_organization_id == null ? [] : [{
    Sid       = "AllowOrganizationPrincipals"
    Effect    = "Allow"
    Principal = { AWS = "*" }
    Action    = "*"
    Resource  = "*"
    Condition = { StringEquals = { "aws:PrincipalOrgID" = var.allowed_organization_id } }
  }]

  # ECR image layers (and other AWS-owned objects) are fetched with URLs that AWS signs, so the caller's
  # account is not the principal account of those requests.
  aws_owned_object_statements = length(local.aws_owned_s3_object_arns) == 0 ? [] : [{
    Sid       = "AllowAwsOwnedObjects"
    Effect    = "Allow"
    Principal = { AWS = "*" }
    Action    = "s3:GetObject"
    Resource  = local.aws_owned_s3_object_arns
  }]

  default_policies = {
    for k, e in local.default_policy_endpoints : k => jsonencode({
      Version = "2012-10-17"
      Statement = concat(
        [local.account_statement],
        local.organization_statements,
        e.service == "s3" ? local.aws_owned_object_statements : [],
      )
    })
  }
}

module "security_group" {
  source = "../security-group"
  count  = local.create_sg ? 1 : 0

  name        = "${var.name}-vpc-endpoints"
  description = "Interface VPC endpoints of ${var.name}: HTTPS from the VPC only"
  vpc_id      = var.vpc_id

  ingress_rules = {
    https-from-vpc = {
      description = "HTTPS from the VPC CIDR"
      from_port   = 443
      to_port     = 443
      ip_protocol = "tcp"
      cidr_ipv4   = var.vpc_cidr_block
    }
  }
  # Endpoint network interfaces only answer; they never open connections.
  egress_rules = {}

  tags = var.tags
}

resource "aws_vpc_endpoint" "this" {
  for_each = var.endpoints

  vpc_id            = var.vpc_id
  service_name      = local.service_names[each.key]
  vpc_endpoint_type = each.value.type

  subnet_ids      = each.value.type == "Interface" ? each.value.subnet_ids : null
  route_table_ids = each.value.type == "Gateway" ? each.value.route_table_ids : null
  security_group_ids = each.value.type == "Interface" ? concat(
    local.create_sg ? [module.security_group[0].security_group_id] : [],
    each.value.security_group_ids,
  ) : null
  private_dns_enabled = each.value.type == "Interface" ? each.value.private_dns_enabled : null
  ip_address_type     = each.value.type == "Interface" ? each.value.ip_address_type : null

  policy = each.value.policy != null ? each.value.policy : (
    each.value.attach_default_policy ? local.default_policies[each.key] : null
  )

  dynamic "dns_options" {
    for_each = each.value.type == "Interface" && each.value.private_dns_only_for_inbound_resolver_endpoint != null ? [true] : []
    content {
      private_dns_only_for_inbound_resolver_endpoint = each.value.private_dns_only_for_inbound_resolver_endpoint
    }
  }

  tags = merge(var.tags, each.value.tags, { Name = "${var.name}-${each.key}" })
}
