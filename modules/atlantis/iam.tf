################################################################################
# Plan and apply roles in this account, assumed by the Atlantis task role.
#
# They are written here rather than through ../iam-role-policy, whose trust policies name services,
# whole accounts or OIDC providers, not one role: an account-wide trust would let any principal of the
# account that may call sts:AssumeRole on "*" (PowerUserAccess does) become an administrator through the
# apply role. These trust exactly the task role. Like ../iam-role-policy, Terraform owns every policy on
# them (the *_exclusive resources remove anything attached out of band).
################################################################################

locals {
  pipeline_roles = {
    plan = {
      description         = "Atlantis plans (read-only): assumed by the ${var.name} task role"
      managed_policy_arns = var.plan_role_managed_policy_arns
      boundary            = null
    }
    apply = {
      description         = "Atlantis applies: assumed by the ${var.name} task role"
      managed_policy_arns = var.apply_role_managed_policy_arns
      boundary            = var.apply_role_permissions_boundary_arn
    }
  }

  # Known at plan time (built from names), so the task role's policy does not wait for the roles.
  local_role_arns = { for k in keys(local.pipeline_roles) : k => "arn:${local.partition}:iam::${local.account_id}:role/${var.name}-${k}" }

  plan_role_arns  = merge({ (local.account_id) = local.local_role_arns["plan"] }, { for a, r in var.cross_account_roles : a => r.plan_role_arn })
  apply_role_arns = merge({ (local.account_id) = local.local_role_arns["apply"] }, { for a, r in var.cross_account_roles : a => r.apply_role_arn })

  pipeline_role_policy_attachments = merge([
    for role, r in local.pipeline_roles : { for k, arn in r.managed_policy_arns : "${role}/${k}" => { role = role, policy_arn = arn } }
  ]...)

  # The apply role may not change Atlantis's own roles or their policies: Atlantis cannot widen its own
  # rights. The atlantis layer is therefore applied by a platform administrator, not by Atlantis.
  apply_role_deny_self_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid    = "NoChangesToAtlantisRoles"
      Effect = "Deny"
      Action = [
        "iam:AttachRolePolicy", "iam:DeleteRole", "iam:DeleteRolePermissionsBoundary", "iam:DeleteRolePolicy",
        "iam:DetachRolePolicy", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy", "iam:TagRole",
        "iam:UntagRole", "iam:UpdateAssumeRolePolicy", "iam:UpdateRole", "iam:UpdateRoleDescription",
      ]
      Resource = "arn:${local.partition}:iam::${local.account_id}:role/${var.name}-*"
    }]
  })

  ##############################################################################
  # The task role (created by ../ecs-service): assume the plan/apply roles, the state backend, EFS.
  ##############################################################################

  assume_roles_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "AssumePlanAndApplyRoles"
      Effect   = "Allow"
      Action   = "sts:AssumeRole"
      Resource = sort(distinct(concat(values(local.plan_role_arns), values(local.apply_role_arns))))
    }]
  })

  # The S3 backend runs with the task's own credentials (the generated backend has no assume_role).
  terraform_state_policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid      = "ListStateBucket"
          Effect   = "Allow"
          Action   = "s3:ListBucket"
          Resource = var.terraform_state.bucket_arn
        },
        {
          # State objects and S3-native lock files (use_lockfile).
          Sid      = "ReadWriteStateObjects"
          Effect   = "Allow"
          Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
          Resource = "${var.terraform_state.bucket_arn}/*"
        },
        {
          Sid      = "UseStateKey"
          Effect   = "Allow"
          Action   = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
          Resource = var.terraform_state.kms_key_arn
        },
      ],
      var.terraform_state.lock_table_arn == null ? [] : [{
        Sid      = "StateLockTable"
        Effect   = "Allow"
        Action   = ["dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"]
        Resource = var.terraform_state.lock_table_arn
      }],
    )
  })

  # IAM authorisation of the EFS mount: only through the access point.
  efs_client_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "MountDataThroughAccessPoint"
      Effect    = "Allow"
      Action    = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]
      Resource  = aws_efs_file_system.this.arn
      Condition = { StringEquals = { "elasticfilesystem:AccessPointArn" = aws_efs_access_point.this.arn } }
    }]
  })
}

resource "aws_iam_role" "pipeline" {
  for_each = local.pipeline_roles

  name                 = "${var.name}-${each.key}"
  description          = each.value.description
  permissions_boundary = each.value.boundary
  max_session_duration = 3600
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AtlantisTaskRole"
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = module.service.tasks_iam_role_arn }
    }]
  })

  tags = merge(var.tags, { Name = "${var.name}-${each.key}" })
}

resource "aws_iam_role_policy_attachment" "pipeline" {
  for_each = local.pipeline_role_policy_attachments

  role       = aws_iam_role.pipeline[each.value.role].name
  policy_arn = each.value.policy_arn
}

resource "aws_iam_role_policy" "apply_deny_self" {
  name   = "deny-changes-to-atlantis-roles"
  role   = aws_iam_role.pipeline["apply"].name
  policy = local.apply_role_deny_self_policy
}

resource "aws_iam_role_policies_exclusive" "pipeline" {
  for_each = local.pipeline_roles

  role_name    = aws_iam_role.pipeline[each.key].name
  policy_names = each.key == "apply" ? [aws_iam_role_policy.apply_deny_self.name] : []
}

resource "aws_iam_role_policy_attachments_exclusive" "pipeline" {
  for_each = local.pipeline_roles

  role_name   = aws_iam_role.pipeline[each.key].name
  policy_arns = [for k, a in local.pipeline_role_policy_attachments : aws_iam_role_policy_attachment.pipeline[k].policy_arn if a.role == each.key]
}
