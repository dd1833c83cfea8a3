output "api_url" {
  description = "Custom domain URL of the API."
  value       = "https://${module.api.domain_name}"
}

output "default_endpoint" {
  description = "The execute-api endpoint."
  value       = module.api.api_endpoint
}
