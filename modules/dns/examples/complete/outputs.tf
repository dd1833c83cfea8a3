output "public_zone_ids" {
  description = "Public zone IDs by domain (the certificates layer's zone_ids)."
  value       = module.dns.public_zone_ids
}

output "ds_records" {
  description = "DS records for the registrar."
  value       = module.dns.ds_records
}
