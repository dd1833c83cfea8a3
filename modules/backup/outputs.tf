output "vault_arn" {
  description = "ARN of the primary backup vault."
  value       = aws_backup_vault.this.arn
}

output "vault_name" {
  description = "Name of the primary backup vault."
  value       = aws_backup_vault.this.name
}

output "dr_vault_arn" {
  description = "ARN of the backup vault in the DR region that every rule with copy_retention_days copies to."
  value       = aws_backup_vault.dr.arn
}

output "dr_kms_key_arn" {
  description = "ARN of the key in the DR region (DR vault, RDS backup replicas); other layers may use it for their DR copies."
  value       = aws_kms_key.dr.arn
}

output "plan_id" {
  description = "ID of the backup plan."
  value       = aws_backup_plan.this.id
}

output "role_arn" {
  description = "ARN of the IAM role AWS Backup runs the plan with."
  value       = aws_iam_role.backup.arn
}

output "selection_tag" {
  description = "The tag (key and value) that puts an RDS, EFS or DynamoDB resource into the plan."
  value       = var.selection_tag
}

output "rds_backup_replication_arns" {
  description = "Per DB instance identifier, the ARN of its replicated automated backups in the DR region."
  value       = { for id, r in aws_db_instance_automated_backups_replication.this : id => r.id }
}
