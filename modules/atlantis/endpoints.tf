################################################################################
# Interface VPC endpoints (../vpc-endpoint) in the private subnets: the task pulls its image, writes logs,
# reads its secrets, assumes the plan/apply roles and uses the state key without leaving the VPC.
################################################################################

module "vpc_endpoints" {
  source = "../vpc-endpoint"
  count  = var.create_vpc_endpoints && length(var.vpc_endpoint_services) > 0 ? 1 : 0

  name           = "${var.name}-endpoints"
  vpc_id         = var.vpc_id
  vpc_cidr_block = var.vpc_cidr_block

  # Terraform calls in other accounts (cross_account_roles) go through these endpoints too.
  allowed_account_ids = sort(distinct(concat([local.account_id], keys(var.cross_account_roles))))

  endpoints = {
    for service in var.vpc_endpoint_services : service => {
      service    = service
      subnet_ids = local.private_subnet_ids
    }
  }

  tags = var.tags
}
