data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition

  secret_names = { for k, s in var.secrets : k => coalesce(s.name, "${var.name}/${k}") }
  generated    = { for k, s in var.secrets : k => s if s.generate != null }
  rotated      = { for k, s in var.secrets : k => s if s.rotation != null }
  # Secrets rotated by the module's own function (their rotation has no lambda_arn).
  own_rotation = { for k, s in local.rotated : k => s if s.rotation.lambda_arn == null }
}

################################################################################
# Secrets, encrypted with the secrets key; replicas for DR
################################################################################

resource "aws_secretsmanager_secret" "this" {
  # checkov:skip=CKV2_AWS_57: rotation is per secret (secrets[*].rotation); a third-party API key or a Redis AUTH token has no rotation function, and its owner rotates it
  for_each = var.secrets

  name                    = local.secret_names[each.key]
  description             = each.value.description
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = each.value.recovery_window_in_days

  dynamic "replica" {
    for_each = each.value.replicate ? var.replica_regions : {}
    content {
      region     = replica.key
      kms_key_id = replica.value.kms_key_arn
    }
  }

  tags = merge(var.tags, { Name = local.secret_names[each.key] })
}

################################################################################
# Generated first values (GetRandomPassword): in no plan, state, log or output
################################################################################

# Ephemeral: opened on every plan and apply, its result lives only in Terraform's memory. (The data source
# of the same name printed the password as its id in every plan and apply log and kept it in the state.)
ephemeral "aws_secretsmanager_random_password" "this" {
  for_each = local.generated

  password_length            = each.value.generate.length
  exclude_characters         = each.value.generate.exclude_characters
  exclude_punctuation        = each.value.generate.exclude_punctuation
  include_space              = false
  require_each_included_type = true
}

resource "aws_secretsmanager_secret_version" "generated" {
  for_each = local.generated

  secret_id = aws_secretsmanager_secret.this[each.key].id
  # Write-only: sent only when secret_string_wo_version changes (so the new password each plan asks for is
  # ignored) and never stored with this resource. Rotation later moves AWSCURRENT to newer versions;
  # version_stages is not set here, so Terraform never moves it back.
  secret_string_wo = (
    each.value.generate.template == null
    ? ephemeral.aws_secretsmanager_random_password.this[each.key].random_password
    : jsonencode(merge(each.value.generate.template, { password = ephemeral.aws_secretsmanager_random_password.this[each.key].random_password }))
  )
  secret_string_wo_version = each.value.generate.version
}

################################################################################
# Resource policies: nobody outside the account (or organization); named readers
################################################################################

data "aws_iam_policy_document" "this" {
  for_each = var.secrets

  statement {
    sid       = var.organization_id == null ? "DenyOutsideAccount" : "DenyOutsideOrganization"
    effect    = "Deny"
    actions   = ["secretsmanager:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "StringNotEquals"
      variable = var.organization_id == null ? "aws:PrincipalAccount" : "aws:PrincipalOrgID"
      values   = [var.organization_id == null ? local.account_id : var.organization_id]
    }

    # Services acting on their own behalf (replication, RDS-managed secrets) have no principal account.
    condition {
      test     = "BoolIfExists"
      variable = "aws:PrincipalIsAWSService"
      values   = ["false"]
    }
  }

  dynamic "statement" {
    for_each = length(each.value.readers) > 0 ? [each.value.readers] : []
    content {
      sid       = "AllowReaders"
      effect    = "Allow"
      actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
      resources = ["*"]

      principals {
        type        = "AWS"
        identifiers = statement.value
      }
    }
  }
}

resource "aws_secretsmanager_secret_policy" "this" {
  for_each = var.secrets

  secret_arn          = aws_secretsmanager_secret.this[each.key].arn
  policy              = data.aws_iam_policy_document.this[each.key].json
  block_public_policy = var.block_public_policy
}

################################################################################
# Rotation
################################################################################

resource "aws_secretsmanager_secret_rotation" "this" {
  # checkov:skip=CKV_AWS_304: the schedule is an input validated to at most 90 days (automatically_after_days 1-90, rate() up to 90 days); checkov cannot evaluate it
  for_each = local.rotated

  secret_id           = aws_secretsmanager_secret.this[each.key].id
  rotation_lambda_arn = each.value.rotation.lambda_arn != null ? each.value.rotation.lambda_arn : module.rotation_function[0].lambda_function_arn
  rotate_immediately  = each.value.rotation.rotate_immediately

  rotation_rules {
    automatically_after_days = each.value.rotation.schedule_expression == null ? coalesce(each.value.rotation.automatically_after_days, 30) : null
    schedule_expression      = each.value.rotation.schedule_expression
    duration                 = each.value.rotation.duration
  }

  # The function may be invoked (lambda permission) and the secret has its first value before rotation is on.
  depends_on = [module.rotation_function, aws_secretsmanager_secret_version.generated, aws_secretsmanager_secret_policy.this]
}
