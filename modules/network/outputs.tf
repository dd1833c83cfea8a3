output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_arn" {
  description = "ARN of the VPC."
  value       = aws_vpc.this.arn
}

output "vpc_cidr_block" {
  description = "CIDR block of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "public_subnet_ids_by_az" {
  description = "Public subnet IDs by availability zone."
  value       = { for az, s in aws_subnet.public : az => s.id }
}

output "public_subnet_ids" {
  description = "Public subnet IDs, ordered by availability zone."
  value       = [for s in aws_subnet.public : s.id]
}

output "private_subnet_ids_by_az" {
  description = "Private subnet IDs by availability zone."
  value       = { for az, s in aws_subnet.private : az => s.id }
}

output "private_subnet_ids" {
  description = "Private subnet IDs, ordered by availability zone."
  value       = [for s in aws_subnet.private : s.id]
}

output "data_subnet_ids_by_az" {
  description = "Data subnet IDs by availability zone."
  value       = { for az, s in aws_subnet.data : az => s.id }
}

output "data_subnet_ids" {
  description = "Data subnet IDs, ordered by availability zone."
  value       = [for s in aws_subnet.data : s.id]
}

output "public_subnet_cidr_blocks" {
  description = "Public subnet CIDR blocks by availability zone."
  value       = var.public_subnets
}

output "private_subnet_cidr_blocks" {
  description = "Private subnet CIDR blocks by availability zone."
  value       = var.private_subnets
}

output "data_subnet_cidr_blocks" {
  description = "Data subnet CIDR blocks by availability zone."
  value       = var.data_subnets
}

output "public_route_table_id" {
  description = "ID of the public route table (default route to the internet gateway); null without public subnets."
  value       = try(aws_route_table.public[0].id, null)
}

output "private_route_table_ids_by_az" {
  description = "Private route table IDs by availability zone (one per AZ, each with its NAT route)."
  value       = { for az, rt in aws_route_table.private : az => rt.id }
}

output "private_route_table_ids" {
  description = "Private route table IDs, ordered by availability zone."
  value       = [for rt in aws_route_table.private : rt.id]
}

output "data_route_table_id" {
  description = "ID of the data route table (no internet route); null without data subnets."
  value       = try(aws_route_table.data[0].id, null)
}

output "route_table_ids" {
  description = "Every route table of the module (public, private, data)."
  value = concat(
    aws_route_table.public[*].id,
    [for rt in aws_route_table.private : rt.id],
    aws_route_table.data[*].id,
  )
}

output "nat_gateway_ids_by_az" {
  description = "NAT gateway IDs by availability zone (one entry with nat_gateway_mode = single, none with none)."
  value       = { for az, n in aws_nat_gateway.this : az => n.id }
}

output "nat_gateway_ids" {
  description = "NAT gateway IDs."
  value       = [for n in aws_nat_gateway.this : n.id]
}

output "nat_public_ips" {
  description = "Public IPs of the NAT gateways (for allow-lists of outside services)."
  value       = [for e in aws_eip.nat : e.public_ip]
}

output "igw_id" {
  description = "ID of the internet gateway; null without public subnets."
  value       = try(aws_internet_gateway.this[0].id, null)
}

output "default_security_group_id" {
  description = "ID of the VPC's default security group (all rules removed)."
  value       = aws_default_security_group.this.id
}

output "network_acl_ids" {
  description = "Network ACL IDs by tier (public, private, data)."
  value = merge(
    { for tier, acl in aws_network_acl.routed : tier => acl.id },
    length(aws_network_acl.data) > 0 ? { data = aws_network_acl.data[0].id } : {},
  )
}

output "gateway_endpoints" {
  description = "The S3/DynamoDB gateway endpoints by service: id, arn, prefix_list_id (for security group egress rules)."
  value       = length(module.gateway_endpoints) > 0 ? module.gateway_endpoints[0].endpoints : {}
}

output "transit_gateway_id" {
  description = "ID of the Transit Gateway; null when create_transit_gateway is false."
  value       = try(aws_ec2_transit_gateway.this[0].id, null)
}

output "transit_gateway_arn" {
  description = "ARN of the Transit Gateway; null when create_transit_gateway is false."
  value       = try(aws_ec2_transit_gateway.this[0].arn, null)
}

output "transit_gateway_vpc_attachment_ids" {
  description = "Transit Gateway VPC attachment IDs by name."
  value       = { for k, a in aws_ec2_transit_gateway_vpc_attachment.this : k => a.id }
}

output "transit_gateway_ram_share_arn" {
  description = "ARN of the RAM share of the Transit Gateway; null when it is not shared."
  value       = try(aws_ram_resource_share.transit_gateway[0].arn, null)
}
