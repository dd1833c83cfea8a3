################################################################################
# GitHub credentials. Created empty: an operator puts the values once (README), so they never pass through
# Terraform or its state. The execution role may read exactly these two secrets (../ecs-service).
################################################################################

locals {
  github_secrets = var.github_secret_arns != null ? {} : {
    token          = { name = "${var.name}/github/token", description = "GitHub token of ${var.github_user}, the user Atlantis comments as (ATLANTIS_GH_TOKEN)" }
    webhook_secret = { name = "${var.name}/github/webhook-secret", description = "Secret of the GitHub webhooks that call Atlantis (ATLANTIS_GH_WEBHOOK_SECRET)" }
  }
}

resource "aws_secretsmanager_secret" "github" {
  for_each = local.github_secrets
  # checkov:skip=CKV2_AWS_57: a GitHub token and a webhook secret are rotated in GitHub by a person (README), not by a rotation Lambda

  name                    = each.value.name
  description             = each.value.description
  kms_key_id              = var.kms_key_arns["secrets"]
  recovery_window_in_days = var.secret_recovery_window_in_days

  tags = merge(var.tags, { Name = each.value.name })
}
