output "public_zone_ids" {
  description = "Public hosted zone IDs by domain: the certificates layer's zone_ids input, and where service teams' records go."
  value       = { for d, z in aws_route53_zone.public : d => z.zone_id }
}

output "public_zone_arns" {
  description = "Public hosted zone ARNs by domain."
  value       = { for d, z in aws_route53_zone.public : d => z.arn }
}

output "public_zone_name_servers" {
  description = "Name servers of each public zone, by domain: what the registrar (or a parent zone elsewhere) delegates to."
  value       = { for d, z in aws_route53_zone.public : d => z.name_servers }
}

output "private_zone_ids" {
  description = "Private hosted zone IDs by domain."
  value       = { for d, z in aws_route53_zone.private : d => z.zone_id }
}

output "private_zone_arns" {
  description = "Private hosted zone ARNs by domain."
  value       = { for d, z in aws_route53_zone.private : d => z.arn }
}

output "ds_records" {
  description = "DS record of each signed zone, by domain: give it to the registrar (top-level zones) to complete the DNSSEC chain of trust. Subzones delegated here get theirs automatically."
  value       = { for d, k in aws_route53_key_signing_key.this : d => k.ds_record }
}

output "dnssec_kms_key_arn" {
  description = "ARN of the us-east-1 KMS key behind the key-signing keys (null without signed zones)."
  value       = length(local.signed_zones) > 0 ? local.dnssec_key_arn : null
}

output "query_log_group_names" {
  description = "Query log group names (us-east-1) by domain."
  value       = { for d, m in module.query_log_group : d => m.cloudwatch_log_group_name }
}

output "query_log_group_arns" {
  description = "Query log group ARNs (us-east-1) by domain."
  value       = { for d, m in module.query_log_group : d => m.cloudwatch_log_group_arn }
}

output "record_fqdns" {
  description = "FQDN of each entry of records, keyed like records."
  value       = { for k, r in aws_route53_record.this : k => r.fqdn }
}

output "subzone_delegations" {
  description = "Subzones delegated automatically: subzone domain => parent domain."
  value       = var.delegate_subzones ? local.subzone_parents : {}
}
