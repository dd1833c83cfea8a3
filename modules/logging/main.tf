data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition

  # The subscription filter every archived log group gets (at most two per group; the module uses one).
  archive_filter_name = "archive-to-s3"

  # What each log group gets, resolved once (the tests assert on it).
  log_groups = {
    for k, g in var.log_groups : k => {
      name              = g.name
      retention_in_days = coalesce(g.retention_in_days, var.default_retention_in_days)
      archive           = var.archive_enabled && g.archive
      filter_pattern    = g.filter_pattern
      skip_destroy      = g.skip_destroy
    }
  }

  flow_logs_enabled        = var.flow_logs != null
  flow_logs_log_group_name = local.flow_logs_enabled ? coalesce(var.flow_logs.log_group_name, "/platform/${var.name}/vpc-flow-logs") : null
  flow_logs_retention      = local.flow_logs_enabled ? coalesce(var.flow_logs.retention_in_days, var.default_retention_in_days) : null
  flow_logs_archive        = local.flow_logs_enabled && var.archive_enabled && try(var.flow_logs.archive, false)

  # Write to the flow logs' own log group only (no logs:CreateLogGroup: the group is managed here).
  flow_logs_policy = local.flow_logs_enabled ? jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "WriteFlowLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"]
        Resource = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.flow_logs_log_group_name}:*"
      },
      {
        # The service checks that the group exists; DescribeLogGroups cannot be narrowed to one group.
        Sid      = "FindLogGroup"
        Effect   = "Allow"
        Action   = "logs:DescribeLogGroups"
        Resource = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*"
      },
    ]
  }) : null
}

# --- the platform's log groups ------------------------------------------------------------------------

module "log_group" {
  source   = "../cloudwatch-log-group"
  for_each = local.log_groups

  name              = each.value.name
  retention_in_days = each.value.retention_in_days
  kms_key_arn       = var.kms_key_arn
  log_group_class   = var.log_group_class
  skip_destroy      = each.value.skip_destroy

  subscription_filters = each.value.archive ? {
    (local.archive_filter_name) = {
      destination_arn = aws_kinesis_firehose_delivery_stream.archive[0].arn
      role_arn        = module.cloudwatch_to_firehose_role[0].iam_role_arn
      filter_pattern  = each.value.filter_pattern
    }
  } : {}

  tags = var.tags

  # CloudWatch Logs sends a test record when a filter is created: the role's policy must be in place.
  depends_on = [module.cloudwatch_to_firehose_role]
}

# --- VPC flow logs ------------------------------------------------------------------------------------

module "flow_logs_log_group" {
  source = "../cloudwatch-log-group"
  count  = local.flow_logs_enabled ? 1 : 0

  name              = local.flow_logs_log_group_name
  retention_in_days = local.flow_logs_retention
  kms_key_arn       = var.kms_key_arn
  log_group_class   = var.log_group_class

  subscription_filters = local.flow_logs_archive ? {
    (local.archive_filter_name) = {
      destination_arn = aws_kinesis_firehose_delivery_stream.archive[0].arn
      role_arn        = module.cloudwatch_to_firehose_role[0].iam_role_arn
    }
  } : {}

  tags = var.tags

  depends_on = [module.cloudwatch_to_firehose_role]
}

module "flow_logs_role" {
  source = "../iam-role-policy"
  count  = local.flow_logs_enabled ? 1 : 0

  name             = "${var.name}-vpc-flow-logs"
  description      = "VPC flow logs of ${var.flow_logs.vpc_id} write to ${local.flow_logs_log_group_name}"
  trusted_services = ["vpc-flow-logs.amazonaws.com"]
  inline_policies  = { "write-flow-logs" = local.flow_logs_policy }

  tags = var.tags
}

resource "aws_flow_log" "this" {
  count = local.flow_logs_enabled ? 1 : 0

  vpc_id                   = var.flow_logs.vpc_id
  traffic_type             = var.flow_logs.traffic_type
  max_aggregation_interval = var.flow_logs.max_aggregation_interval
  log_format               = var.flow_logs.log_format
  log_destination_type     = "cloud-watch-logs"
  log_destination          = module.flow_logs_log_group[0].cloudwatch_log_group_arn
  iam_role_arn             = module.flow_logs_role[0].iam_role_arn

  tags = merge(var.tags, { Name = "${var.name}-vpc-flow-logs" })

  # The role must be allowed to write before the first delivery.
  depends_on = [module.flow_logs_role]
}
