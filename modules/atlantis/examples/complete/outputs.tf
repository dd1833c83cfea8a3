output "url" {
  description = "Atlantis URL."
  value       = module.atlantis.url
}

output "overview_dashboard_body" {
  description = "Body of the Atlantis overview dashboard."
  value       = module.atlantis.overview_dashboard_body
}
