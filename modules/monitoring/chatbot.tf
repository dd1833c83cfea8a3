# AWS Chatbot: alert topics to Slack channels. The provider sends Chatbot calls to a Region that has the API
# (us-west-2 when the provider's Region has none, as ap-northeast-2); configurations are global.

locals {
  # A channel whose IDs are still PLACEHOLDER is left out (organisation.tf warns, or refuses in prod).
  chatbot_channels = {
    for k, c in var.chatbot_slack_channels : k => c
    if var.create_chatbot && !strcontains("${c.slack_team_id}/${c.slack_channel_id}", "PLACEHOLDER")
  }
}

# What Chatbot itself may read to render notifications (alarm details and graphs). CloudWatch offers no
# resource-level permissions for metric reads, hence "*" there; alarm reads are limited to this account.
data "aws_iam_policy_document" "chatbot" {
  count = length(local.chatbot_channels) > 0 ? 1 : 0

  statement {
    sid       = "ReadAlarms"
    actions   = ["cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmHistory"]
    resources = ["arn:${local.partition}:cloudwatch:*:${local.account_id}:alarm:*"]
  }

  statement {
    sid       = "ReadMetrics"
    actions   = ["cloudwatch:GetMetricData", "cloudwatch:GetMetricStatistics", "cloudwatch:GetMetricWidgetImage", "cloudwatch:ListMetrics"]
    resources = ["*"]
  }
}

module "chatbot_role" {
  source = "../iam-role-policy"
  count  = length(local.chatbot_channels) > 0 ? 1 : 0

  name             = "${var.name}-chatbot"
  description      = "AWS Chatbot channels of ${var.name}: read alarms and metrics for notifications"
  trusted_services = ["chatbot.amazonaws.com"]
  inline_policies  = { notifications = data.aws_iam_policy_document.chatbot[0].json }

  tags = var.tags
}

resource "aws_chatbot_slack_channel_configuration" "this" {
  for_each = local.chatbot_channels

  configuration_name          = "${var.name}-${each.key}"
  iam_role_arn                = module.chatbot_role[0].iam_role_arn
  slack_team_id               = each.value.slack_team_id
  slack_channel_id            = each.value.slack_channel_id
  sns_topic_arns              = [for t in each.value.alert_topics : aws_sns_topic.alerts[t].arn]
  logging_level               = each.value.logging_level
  guardrail_policy_arns       = each.value.guardrail_policy_arns
  user_authorization_required = false

  tags = merge(var.tags, { Name = "${var.name}-${each.key}" })
}
