output "endpoints" {
  description = "The endpoints by name: id, arn, dns_entry (Interface endpoints), prefix_list_id (Gateway endpoints, for security group rules) and service_name."
  value = {
    for k, e in aws_vpc_endpoint.this : k => {
      id             = e.id
      arn            = e.arn
      dns_entry      = e.dns_entry
      prefix_list_id = e.prefix_list_id
      service_name   = e.service_name
    }
  }
}

output "security_group_id" {
  description = "ID of the security group of the Interface endpoints (HTTPS from the VPC CIDR); null when none was created."
  value       = local.create_sg ? module.security_group[0].security_group_id : null
}
