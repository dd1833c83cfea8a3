output "certificate_arns" {
  description = "ARNs of the regional certificates by domain (for ALB listeners and API Gateway regional domains). With wait_for_validation, known only once the certificate is issued."
  value = {
    for d, c in aws_acm_certificate.regional : d => (var.wait_for_validation ? aws_acm_certificate_validation.regional[d].certificate_arn : c.arn)
  }
}

output "us_east_1_certificate_arns" {
  description = "ARNs of the us-east-1 copies by domain (for CloudFront and edge-optimised API Gateway)."
  value = {
    for d, c in aws_acm_certificate.global : d => (var.wait_for_validation ? aws_acm_certificate_validation.global[d].certificate_arn : c.arn)
  }
}

output "certificates" {
  description = "Everything service teams need per domain: arn (regional, or null), us_east_1_arn (or null), domain_name, subject_alternative_names."
  value = {
    for d, c in var.certificates : d => {
      arn                       = c.regional ? (var.wait_for_validation ? aws_acm_certificate_validation.regional[d].certificate_arn : aws_acm_certificate.regional[d].arn) : null
      us_east_1_arn             = c.global ? (var.wait_for_validation ? aws_acm_certificate_validation.global[d].certificate_arn : aws_acm_certificate.global[d].arn) : null
      domain_name               = d
      subject_alternative_names = c.subject_alternative_names
    }
  }
}

output "validation_record_fqdns" {
  description = "FQDNs of the DNS validation records, by the name they validate (a wildcard shares its base name's record)."
  value       = { for b, r in aws_route53_record.validation : b => r.fqdn }
}

output "validation_zones" {
  description = "The zone (a zone_ids key) each name is validated in."
  value       = local.validation_zones
}
