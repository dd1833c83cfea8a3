output "lambda_function_name" {
  description = "Name of the function."
  value       = aws_lambda_function.this.function_name
}

output "lambda_function_arn" {
  description = "ARN of the function (unqualified)."
  value       = aws_lambda_function.this.arn
}

output "lambda_function_invoke_arn" {
  description = "Invoke ARN of the function, for API Gateway integrations."
  value       = aws_lambda_function.this.invoke_arn
}

output "lambda_function_qualified_arn" {
  description = "ARN of the function with its latest published version (publish = true) or $LATEST."
  value       = aws_lambda_function.this.qualified_arn
}

output "lambda_function_version" {
  description = "Latest published version (\"$LATEST\" when publish = false)."
  value       = aws_lambda_function.this.version
}

output "lambda_function_source_code_hash" {
  description = "Base64 SHA-256 of the deployed artefact as Terraform knows it."
  value       = aws_lambda_function.this.source_code_hash
}

output "lambda_role_arn" {
  description = "ARN of the execution role (the module's or the one passed in role_arn)."
  value       = local.role_arn
}

output "lambda_role_name" {
  description = "Name of the module's execution role (null when role_arn was given)."
  value       = local.create_role ? module.role[0].iam_role_name : null
}

output "lambda_cloudwatch_log_group_name" {
  description = "Name of the function's log group."
  value       = module.log_group.cloudwatch_log_group_name
}

output "lambda_cloudwatch_log_group_arn" {
  description = "ARN of the function's log group."
  value       = module.log_group.cloudwatch_log_group_arn
}

output "lambda_aliases" {
  description = "Aliases by name: arn, invoke_arn and function_version."
  value = { for k, a in aws_lambda_alias.this : k => {
    arn              = a.arn
    invoke_arn       = a.invoke_arn
    function_version = a.function_version
  } }
}

output "lambda_function_url" {
  description = "The function URL (null when none is configured)."
  value       = try(aws_lambda_function_url.this[0].function_url, null)
}
