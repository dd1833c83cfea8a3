output "vpc_id" {
  description = "VPC ID."
  value       = module.network.vpc_id
}

output "private_subnet_ids_by_az" {
  description = "Private subnets by AZ."
  value       = module.network.private_subnet_ids_by_az
}

output "transit_gateway_id" {
  description = "Transit Gateway ID."
  value       = module.network.transit_gateway_id
}
