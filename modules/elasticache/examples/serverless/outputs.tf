output "endpoint" {
  description = "Primary endpoint (address, port)."
  value       = module.cache.serverless_cache_endpoint
}
