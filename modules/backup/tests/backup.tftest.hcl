# Mock providers only: moto has no AWS Backup selections (docs/emulator.md), so the module is tested here and
# left out of live/local. Runs apply against the mocks (nothing real is created) so that the plan's rule set,
# whose computed attributes are unknown in a plan, can be inspected. Few run blocks: each starts the provider.

mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group

  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:ap-northeast-2:111122223333:key/00000000-1111-2222-3333-444444444444" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::111122223333:role/connectly-prod-backup" }
  }
  mock_resource "aws_backup_vault" {
    defaults = { arn = "arn:aws:backup:ap-northeast-2:111122223333:backup-vault:connectly-prod" }
  }
}

mock_provider "aws" {
  alias  = "dr"
  source = "../_test-mocks/aws" # caller identity, partition, policy document; the region below

  mock_data "aws_region" {
    defaults = { name = "ap-northeast-1" }
  }
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:ap-northeast-1:111122223333:key/11111111-2222-3333-4444-555555555555" }
  }
  mock_resource "aws_backup_vault" {
    defaults = { arn = "arn:aws:backup:ap-northeast-1:111122223333:backup-vault:connectly-prod-dr" }
  }
}

variables {
  name = "connectly-prod"
  rds_backup_replication = {
    connectly-prod-shared-postgres = { retention_period = 14 }
  }
  tags = { Layer = "backup" }
}

run "defaults_vaults_plan_selection_and_dr_copies" {
  command = apply

  assert {
    condition     = aws_backup_vault.this.name == "connectly-prod" && aws_backup_vault.dr.name == "connectly-prod-dr" && aws_backup_vault.this.kms_key_arn != null && !aws_backup_vault.this.force_destroy
    error_message = "Both vaults must exist with a customer-managed key and never be force-destroyed."
  }
  assert {
    condition     = aws_backup_vault_lock_configuration.this.min_retention_days == 7 && aws_backup_vault_lock_configuration.this.max_retention_days == 400 && aws_backup_vault_lock_configuration.dr.min_retention_days == 7 && aws_backup_vault_lock_configuration.this.changeable_for_days == null
    error_message = "Both vaults must be locked (governance mode by default, 7 to 400 days)."
  }
  assert {
    condition     = length(aws_backup_plan.this.rule) == 2 && alltrue([for r in aws_backup_plan.this.rule : one(r.copy_action).destination_vault_arn == "arn:aws:backup:ap-northeast-1:111122223333:backup-vault:connectly-prod-dr"])
    error_message = "Every default rule must copy to the DR vault."
  }
  assert {
    condition     = one([for r in aws_backup_plan.this.rule : r if r.rule_name == "daily"]).lifecycle[0].delete_after == 35 && one(one([for r in aws_backup_plan.this.rule : r if r.rule_name == "monthly"]).copy_action).lifecycle[0].delete_after == 365
    error_message = "Daily points are kept 35 days, monthly copies 365 days."
  }
  assert {
    condition     = one(aws_backup_selection.by_tag.selection_tag).key == "Backup" && one(aws_backup_selection.by_tag.selection_tag).value == "platform" && length(aws_backup_selection.by_tag.resources) == 4 && contains(aws_backup_selection.by_tag.resources, "arn:aws:elasticfilesystem:*:*:file-system/*") && contains(aws_backup_selection.by_tag.resources, "arn:aws:dynamodb:*:*:table/*")
    error_message = "The selection must take RDS, EFS and DynamoDB resources tagged Backup = platform."
  }
  assert {
    condition     = toset(jsondecode(aws_kms_key.dr.policy).Statement[1].Condition.StringEquals["kms:ViaService"]) == toset(["backup.ap-northeast-1.amazonaws.com", "rds.ap-northeast-1.amazonaws.com"]) && jsondecode(aws_kms_key.vault.policy).Statement[1].Condition.StringEquals["kms:ViaService"] == ["backup.ap-northeast-2.amazonaws.com"]
    error_message = "Each vault key must be usable only through AWS Backup (and RDS in the DR region) of its own region."
  }
  assert {
    condition     = aws_db_instance_automated_backups_replication.this["connectly-prod-shared-postgres"].source_db_instance_arn == "arn:aws:rds:ap-northeast-2:111122223333:db:connectly-prod-shared-postgres" && aws_db_instance_automated_backups_replication.this["connectly-prod-shared-postgres"].retention_period == 14 && aws_db_instance_automated_backups_replication.this["connectly-prod-shared-postgres"].kms_key_id == "arn:aws:kms:ap-northeast-1:111122223333:key/11111111-2222-3333-4444-555555555555"
    error_message = "RDS automated backups must replicate to the DR region with the DR key."
  }
  assert {
    condition     = aws_iam_role_policy_attachment.backup["AWSBackupServiceRolePolicyForBackup"].policy_arn == "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup" && jsondecode(aws_iam_role.backup.assume_role_policy).Statement[0].Principal.Service == "backup.amazonaws.com"
    error_message = "The plan must run with AWS Backup's service role."
  }
}

run "compliance_lock_custom_rules_and_bad_inputs" {
  command = apply

  variables {
    rules = {
      hourly = { schedule = "cron(0 * * * ? *)", retention_days = 2 }
    }
    resource_types         = ["dynamodb"]
    selection_tag          = { key = "backup-tier", value = "gold" }
    vault_lock             = { min_retention_days = 1, max_retention_days = 30, changeable_for_days = 3 }
    rds_backup_replication = {}
  }

  assert {
    condition     = length(one(aws_backup_plan.this.rule).copy_action) == 0 && aws_backup_selection.by_tag.resources == toset(["arn:aws:dynamodb:*:*:table/*"]) && one(aws_backup_selection.by_tag.selection_tag).value == "gold"
    error_message = "A rule without copy_retention_days copies nothing; resource_types and selection_tag are passed through."
  }
  assert {
    condition     = aws_backup_vault_lock_configuration.this.changeable_for_days == 3 && aws_backup_vault_lock_configuration.dr.max_retention_days == 30 && length(aws_db_instance_automated_backups_replication.this) == 0
    error_message = "Compliance mode (changeable_for_days) and the retention bounds apply to both vaults."
  }
}

run "invalid_inputs" {
  command = plan

  variables {
    name           = "Connectly_Prod"
    resource_types = ["s3"]
    vault_lock     = { changeable_for_days = 1 }
    rules = {
      daily = { schedule = "rate(1 day)", retention_days = 0 }
    }
    rds_backup_replication = { db = { retention_period = 40 } }
  }

  expect_failures = [var.name, var.resource_types, var.vault_lock, var.rules, var.rds_backup_replication]
}
