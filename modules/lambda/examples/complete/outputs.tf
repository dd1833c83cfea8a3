output "function_url" {
  description = "IAM-authenticated URL of the live alias."
  value       = module.hello.lambda_function_url
}

output "function_arn" {
  description = "ARN of the function."
  value       = module.hello.lambda_function_arn
}
