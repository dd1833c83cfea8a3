output "invoke_url" {
  description = "URL of the REST stage."
  value       = module.api.stage_invoke_url
}
