# Amazon Managed Grafana: IAM Identity Center sign-in, service-managed data sources through a role this module
# owns, SNS notifications to the alert topics. No Enterprise licence unless grafana_license_type is set.

locals {
  grafana_data_source_policies = {
    PROMETHEUS = "arn:${local.partition}:iam::aws:policy/AmazonPrometheusQueryAccess"
    CLOUDWATCH = "arn:${local.partition}:iam::aws:policy/service-role/AmazonGrafanaCloudWatchAccess"
    XRAY       = "arn:${local.partition}:iam::aws:policy/AWSXrayReadOnlyAccess"
  }
}

data "aws_iam_policy_document" "grafana_notifications" {
  count = var.create_grafana ? 1 : 0

  statement {
    sid       = "PublishToAlertTopics"
    actions   = ["sns:Publish"]
    resources = [for t in aws_sns_topic.alerts : t.arn]
  }

  statement {
    sid       = "EncryptForAlertTopics"
    actions   = ["kms:GenerateDataKey*", "kms:Decrypt"]
    resources = [var.sns_kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["sns.${local.region}.amazonaws.com"]
    }
  }
}

module "grafana_role" {
  source = "../iam-role-policy"
  count  = var.create_grafana ? 1 : 0

  name                = "${var.name}-grafana"
  description         = "Amazon Managed Grafana workspace ${var.name}: read ${join(", ", var.grafana_data_sources)}, notify the alert topics"
  trusted_services    = ["grafana.amazonaws.com"]
  managed_policy_arns = { for s in var.grafana_data_sources : lower(s) => local.grafana_data_source_policies[s] }
  inline_policies     = { notifications = data.aws_iam_policy_document.grafana_notifications[0].json }

  tags = var.tags
}

resource "aws_grafana_workspace" "this" {
  count = var.create_grafana ? 1 : 0

  name                      = var.name
  description               = "Platform dashboards (${var.name})"
  account_access_type       = "CURRENT_ACCOUNT"
  authentication_providers  = ["AWS_SSO"]
  permission_type           = "SERVICE_MANAGED"
  role_arn                  = module.grafana_role[0].iam_role_arn
  data_sources              = var.grafana_data_sources
  notification_destinations = ["SNS"]
  grafana_version           = var.grafana_version
  configuration = jsonencode({
    plugins         = { pluginAdminEnabled = false }
    unifiedAlerting = { enabled = true }
  })

  tags = local.tags
}

locals {
  # IDs still PLACEHOLDER are left out (organisation.tf warns, or refuses in prod); so is a role left empty.
  grafana_role_members = {
    for role, a in var.grafana_role_associations : role => {
      user_ids  = [for id in a.user_ids : id if !strcontains(id, "PLACEHOLDER")]
      group_ids = [for id in a.group_ids : id if !strcontains(id, "PLACEHOLDER")]
    }
  }
}

resource "aws_grafana_role_association" "this" {
  for_each = { for role, m in local.grafana_role_members : role => m if var.create_grafana && length(m.user_ids) + length(m.group_ids) > 0 }

  workspace_id = aws_grafana_workspace.this[0].id
  role         = each.key
  user_ids     = each.value.user_ids
  group_ids    = each.value.group_ids
}

resource "aws_grafana_license_association" "this" {
  count = var.create_grafana && var.grafana_license_type != null ? 1 : 0

  workspace_id = aws_grafana_workspace.this[0].id
  license_type = var.grafana_license_type
}
