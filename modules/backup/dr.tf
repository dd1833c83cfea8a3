# --- the DR region (ADR 0023): the copy vault, its key, and RDS automated backups replicated there ------

resource "aws_kms_key" "dr" {
  provider = aws.dr

  description             = "${var.name} AWS Backup DR vault and RDS backup replicas (${local.dr_region})"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_key_deletion_window_in_days
  policy                  = local.key_policies.dr
  tags                    = merge(var.tags, { Name = "${var.name}-backup-dr" })
}

resource "aws_kms_alias" "dr" {
  provider = aws.dr

  name          = "alias/${var.name}-backup"
  target_key_id = aws_kms_key.dr.key_id
}

resource "aws_backup_vault" "dr" {
  provider = aws.dr

  name          = "${var.name}-dr"
  kms_key_arn   = aws_kms_key.dr.arn
  force_destroy = false
  tags          = merge(var.tags, { Name = "${var.name}-dr" })
}

resource "aws_backup_vault_lock_configuration" "dr" {
  provider = aws.dr

  backup_vault_name   = aws_backup_vault.dr.name
  min_retention_days  = var.vault_lock.min_retention_days
  max_retention_days  = var.vault_lock.max_retention_days
  changeable_for_days = var.vault_lock.changeable_for_days
}

resource "aws_db_instance_automated_backups_replication" "this" {
  for_each = var.rds_backup_replication
  provider = aws.dr

  source_db_instance_arn = "arn:${local.partition}:rds:${local.region}:${local.account_id}:db:${each.key}"
  kms_key_id             = aws_kms_key.dr.arn
  retention_period       = each.value.retention_period
}
