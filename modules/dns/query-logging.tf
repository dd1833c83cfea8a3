# Query logging of public zones. Route 53 delivers query logs only to log groups in us-east-1, so the log
# groups, their KMS key and the resource policy that lets Route 53 write live there.

resource "aws_kms_key" "query_logs" {
  count    = local.create_query_log_key ? 1 : 0
  provider = aws.us_east_1

  description             = "${var.name}: Route 53 query log groups (us-east-1)"
  key_usage               = "ENCRYPT_DECRYPT"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "KeyAdministration"
        Effect    = "Allow"
        Principal = { AWS = local.root_arn }
        Action    = local.key_admin_actions
        Resource  = "*"
      },
      {
        Sid       = "CloudWatchLogs"
        Effect    = "Allow"
        Principal = { Service = "logs.us-east-1.amazonaws.com" }
        Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
        Condition = {
          ArnLike = {
            "kms:EncryptionContext:aws:logs:arn" = "arn:${local.partition}:logs:us-east-1:${local.account_id}:log-group:*"
          }
        }
      },
    ]
  })

  tags = merge(local.tags, { Name = "${var.name}-route53-query-logs" })
}

resource "aws_kms_alias" "query_logs" {
  count    = local.create_query_log_key ? 1 : 0
  provider = aws.us_east_1

  name          = "alias/${var.name}-route53-query-logs"
  target_key_id = aws_kms_key.query_logs[0].key_id
}

module "query_log_group" {
  source   = "../cloudwatch-log-group"
  for_each = local.logged_zones

  providers = {
    aws = aws.us_east_1
  }

  name              = "/aws/route53/${each.key}"
  retention_in_days = var.query_log_retention_in_days
  kms_key_arn       = local.query_log_key_arn
  log_group_class   = var.log_group_class

  tags = var.tags
}

# One policy for all query log groups of this account (CloudWatch Logs allows 10 resource policies per region).
resource "aws_cloudwatch_log_resource_policy" "query_logs" {
  count    = length(local.logged_zones) > 0 ? 1 : 0
  provider = aws.us_east_1

  policy_name = "${var.name}-route53-query-logging"
  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Route53QueryLogging"
      Effect    = "Allow"
      Principal = { Service = "route53.amazonaws.com" }
      Action    = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource  = "arn:${local.partition}:logs:us-east-1:${local.account_id}:log-group:/aws/route53/*"
      Condition = {
        StringEquals = { "aws:SourceAccount" = local.account_id }
        ArnLike      = { "aws:SourceArn" = "arn:${local.partition}:route53:::hostedzone/*" }
      }
    }]
  })
}

resource "aws_route53_query_log" "this" {
  for_each = local.logged_zones

  zone_id = aws_route53_zone.public[each.key].zone_id
  # The log-group ARN with the ":*" suffix, as in the Route 53 API reference. AWS accepts both forms; moto
  # 5.2.5 only this one (without it: NoSuchCloudWatchLogsLogGroup).
  cloudwatch_log_group_arn = "${module.query_log_group[each.key].cloudwatch_log_group_arn}:*"

  depends_on = [aws_cloudwatch_log_resource_policy.query_logs]
}
