locals {
  tags = merge(var.tags, { Name = var.name })
}

resource "aws_cloudwatch_log_group" "this" {
  name              = var.name
  retention_in_days = var.retention_in_days
  kms_key_id        = var.kms_key_arn
  log_group_class   = var.log_group_class
  skip_destroy      = var.skip_destroy

  tags = local.tags
}

resource "aws_cloudwatch_log_subscription_filter" "this" {
  for_each = var.subscription_filters

  name            = each.key
  log_group_name  = aws_cloudwatch_log_group.this.name
  destination_arn = each.value.destination_arn
  filter_pattern  = each.value.filter_pattern
  role_arn        = each.value.role_arn
  distribution    = each.value.distribution
}
