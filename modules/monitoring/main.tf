data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition
  root_arn   = "arn:${local.partition}:iam::${local.account_id}:root"

  tags = merge(var.tags, { Name = var.name })
}

# --- alert topics ---------------------------------------------------------------------------------------

resource "aws_sns_topic" "alerts" {
  for_each = var.alert_topics

  name              = "${var.name}-${each.key}"
  display_name      = each.value.display_name
  kms_master_key_id = var.sns_kms_key_arn

  tags = merge(var.tags, { Name = "${var.name}-${each.key}", Severity = each.key })
}

# The account manages the topics (IAM decides who); CloudWatch alarms and Prometheus workspaces of this
# account and region, and this account's budgets and cost anomaly subscriptions (the cost layer) publish.
resource "aws_sns_topic_policy" "alerts" {
  for_each = var.alert_topics

  arn = aws_sns_topic.alerts[each.key].arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [{
        Sid       = "AccountManagesTopic"
        Effect    = "Allow"
        Principal = { AWS = local.root_arn }
        Action = [
          "SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission", "SNS:RemovePermission",
          "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish",
        ]
        Resource = aws_sns_topic.alerts[each.key].arn
      }],
      length(var.topic_publisher_service_principals) == 0 ? [] : [{
        Sid       = "ServicesPublishAlerts"
        Effect    = "Allow"
        Principal = { Service = var.topic_publisher_service_principals }
        Action    = "SNS:Publish"
        Resource  = aws_sns_topic.alerts[each.key].arn
        Condition = {
          StringEquals = { "aws:SourceAccount" = local.account_id }
          ArnLike = { "aws:SourceArn" = [
            "arn:${local.partition}:cloudwatch:${local.region}:${local.account_id}:alarm:*",
            "arn:${local.partition}:aps:${local.region}:${local.account_id}:workspace/*",
            "arn:${local.partition}:budgets::${local.account_id}:*",
            "arn:${local.partition}:ce::${local.account_id}:anomalysubscription/*",
            "arn:${local.partition}:events:${local.region}:${local.account_id}:rule/*",
          ] }
        }
      }],
      [{
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "SNS:Publish"
        Resource  = aws_sns_topic.alerts[each.key].arn
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      }],
    )
  })
}

resource "aws_sns_topic_subscription" "alerts" {
  for_each = merge([
    for t, topic in var.alert_topics : {
      for s, sub in topic.subscriptions : "${t}/${s}" => merge(sub, { topic = t }) if !strcontains(sub.endpoint, "PLACEHOLDER")
    }
  ]...)

  topic_arn              = aws_sns_topic.alerts[each.value.topic].arn
  protocol               = each.value.protocol
  endpoint               = each.value.endpoint
  endpoint_auto_confirms = each.value.endpoint_auto_confirms
  raw_message_delivery   = each.value.raw_message_delivery
}
