output "certificate_arns" {
  description = "Regional certificate ARNs by domain (ALB listeners)."
  value       = module.certificates.certificate_arns
}

output "us_east_1_certificate_arns" {
  description = "us-east-1 certificate ARNs by domain (CloudFront)."
  value       = module.certificates.us_east_1_certificate_arns
}
