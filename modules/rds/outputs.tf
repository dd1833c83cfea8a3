output "db_instance_identifier" {
  description = "Identifier of the DB instance."
  value       = aws_db_instance.this.identifier
}

output "db_instance_arn" {
  description = "ARN of the DB instance."
  value       = aws_db_instance.this.arn
}

output "db_instance_resource_id" {
  description = "Resource ID of the DB instance (the dbi-resource-id in rds-db:connect policies for IAM authentication)."
  value       = aws_db_instance.this.resource_id
}

output "db_instance_address" {
  description = "Host name of the DB instance."
  value       = aws_db_instance.this.address
}

output "db_instance_endpoint" {
  description = "Connection endpoint (host:port)."
  value       = aws_db_instance.this.endpoint
}

output "db_instance_port" {
  description = "Port of the DB instance."
  value       = aws_db_instance.this.port
}

output "db_instance_name" {
  description = "Name of the database created with the instance (null if none)."
  value       = aws_db_instance.this.db_name
}

output "db_instance_username" {
  description = "Master user name."
  value       = aws_db_instance.this.username
  sensitive   = true
}

output "db_instance_master_user_secret_arn" {
  description = "ARN of the Secrets Manager secret in which RDS keeps the master user password. Grant secretsmanager:GetSecretValue on exactly this ARN."
  value       = try(aws_db_instance.this.master_user_secret[0].secret_arn, null)
}

output "db_instance_ca_cert_identifier" {
  description = "Certificate authority of the instance's server certificate: clients that verify the server (sslmode=verify-full) need this CA's bundle."
  value       = aws_db_instance.this.ca_cert_identifier
}

output "db_instance_engine_version_actual" {
  description = "Running engine version."
  value       = aws_db_instance.this.engine_version_actual
}

output "db_subnet_group_name" {
  description = "DB subnet group of the instance."
  value       = local.db_subnet_group_name
}

output "db_parameter_group_name" {
  description = "DB parameter group of the instance."
  value       = local.parameter_group_name
}

output "security_group_id" {
  description = "ID of the security group the module created (null when create_security_group = false)."
  value       = one(module.security_group[*].security_group_id)
}

output "security_group_arn" {
  description = "ARN of the security group the module created."
  value       = one(module.security_group[*].security_group_arn)
}

output "enhanced_monitoring_iam_role_arn" {
  description = "ARN of the Enhanced Monitoring role in use (created or given; null when monitoring is off)."
  value       = local.monitoring_role_arn
}

output "db_instance_cloudwatch_log_groups" {
  description = "Log groups the module created, by exported log (name and arn)."
  value = {
    for log, lg in module.cloudwatch_log_group : log => {
      name = lg.cloudwatch_log_group_name
      arn  = lg.cloudwatch_log_group_arn
    }
  }
}
