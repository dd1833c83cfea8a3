output "backend_config" {
  description = "Settings for backend \"s3\" blocks."
  value       = module.bootstrap.backend_config
}
