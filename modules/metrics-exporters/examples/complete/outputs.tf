output "cloudwatch_exporter_service_name" {
  description = "Name of the YACE service."
  value       = module.metrics_exporters.cloudwatch_exporter_service_name
}

output "cloudwatch_exporter_config" {
  description = "The YACE configuration file the service runs with."
  value       = module.metrics_exporters.cloudwatch_exporter_config
}

output "postgres_exporter_service_names" {
  description = "Names of the PostgreSQL exporter services by dbinstance label."
  value       = module.metrics_exporters.postgres_exporter_service_names
}
