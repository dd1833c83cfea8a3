# Security Hub (FSBP and CIS), GuardDuty with S3 Protection, IAM Access Analyzer, and the routing of their
# findings: every finding and Config compliance change to the security events log group (the dashboard's
# source), and by severity to the monitoring layer's critical and warning topics.

locals {
  security_hub_standard_arns = {
    for s in var.security_hub_standards : s => (
      s == "cis-aws-foundations-benchmark/v/1.2.0"
      ? "arn:${local.partition}:securityhub:::ruleset/${s}"
      : "arn:${local.partition}:securityhub:${local.region}::standards/${s}"
    )
  }

  # GuardDuty severities by Security Hub label: 9-10 critical, 7-8.9 high, 4-6.9 medium, 1-3.9 low.
  guardduty_severity_ranges = {
    CRITICAL      = [">=", 9]
    HIGH          = [">=", 7, "<", 9]
    MEDIUM        = [">=", 4, "<", 7]
    LOW           = [">=", 1, "<", 4]
    INFORMATIONAL = ["<", 1]
  }

  # Security Hub carries GuardDuty, Access Analyzer and Config findings; without it they are routed here.
  finding_routes = merge([
    for topic, labels in var.finding_severity_routing : merge(
      var.enable_security_hub && length(labels) > 0 ? {
        "securityhub-${topic}" = {
          topic = topic
          pattern = {
            source        = ["aws.securityhub"]
            "detail-type" = ["Security Hub Findings - Imported"]
            detail = {
              findings = {
                Severity    = { Label = labels }
                RecordState = ["ACTIVE"]
                Workflow    = { Status = ["NEW"] }
              }
            }
          }
        }
      } : {},
      !var.enable_security_hub && var.enable_guardduty && length(labels) > 0 ? {
        "guardduty-${topic}" = {
          topic = topic
          pattern = {
            source        = ["aws.guardduty"]
            "detail-type" = ["GuardDuty Finding"]
            detail        = { severity = [for l in labels : { numeric = local.guardduty_severity_ranges[l] }] }
          }
        }
      } : {},
    )
  ]...)

  config_noncompliance_route = !var.enable_security_hub && length(local.config_rules) > 0 ? {
    "config-warning" = {
      topic = "warning"
      pattern = {
        source        = ["aws.config"]
        "detail-type" = ["Config Rules Compliance Change"]
        detail = {
          configRuleName      = sort(values(local.config_rule_names))
          newEvaluationResult = { complianceType = ["NON_COMPLIANT"] }
        }
      }
    }
  } : {}

  alert_routes = merge(local.finding_routes, local.config_noncompliance_route)
}

# --- Security Hub --------------------------------------------------------------------------------------

resource "aws_securityhub_account" "this" {
  count = var.enable_security_hub ? 1 : 0

  enable_default_standards  = false
  control_finding_generator = "SECURITY_CONTROL"
  auto_enable_controls      = true
}

resource "aws_securityhub_standards_subscription" "this" {
  for_each = var.enable_security_hub ? local.security_hub_standard_arns : {}

  standards_arn = each.value

  depends_on = [aws_securityhub_account.this]
}

resource "aws_securityhub_insight" "open_critical_by_resource" {
  count = var.enable_security_hub && var.create_security_hub_insights ? 1 : 0

  name               = "${var.name}: open critical findings by resource"
  group_by_attribute = "ResourceId"

  filters {
    severity_label {
      comparison = "EQUALS"
      value      = "CRITICAL"
    }
    record_state {
      comparison = "EQUALS"
      value      = "ACTIVE"
    }
    workflow_status {
      comparison = "EQUALS"
      value      = "NEW"
    }
    workflow_status {
      comparison = "EQUALS"
      value      = "NOTIFIED"
    }
  }

  depends_on = [aws_securityhub_account.this]
}

resource "aws_securityhub_insight" "open_critical_by_control" {
  count = var.enable_security_hub && var.create_security_hub_insights ? 1 : 0

  name               = "${var.name}: open critical findings by control"
  group_by_attribute = "ComplianceSecurityControlId"

  filters {
    severity_label {
      comparison = "EQUALS"
      value      = "CRITICAL"
    }
    record_state {
      comparison = "EQUALS"
      value      = "ACTIVE"
    }
    workflow_status {
      comparison = "EQUALS"
      value      = "NEW"
    }
    workflow_status {
      comparison = "EQUALS"
      value      = "NOTIFIED"
    }
  }

  depends_on = [aws_securityhub_account.this]
}

# --- GuardDuty -----------------------------------------------------------------------------------------

resource "aws_guardduty_detector" "this" {
  # checkov:skip=CKV2_AWS_3: one account's detector; organisation-wide auto-enable (aws_guardduty_organization_configuration) belongs to the organisation's delegated administrator, not to a platform account
  count = var.enable_guardduty ? 1 : 0

  enable                       = true
  finding_publishing_frequency = var.guardduty_finding_publishing_frequency

  tags = merge(var.tags, { Name = var.name })
}

resource "aws_guardduty_detector_feature" "s3_protection" {
  count = var.enable_guardduty && var.guardduty_s3_protection ? 1 : 0

  detector_id = aws_guardduty_detector.this[0].id
  name        = "S3_DATA_EVENTS"
  status      = "ENABLED"
}

# --- IAM Access Analyzer -------------------------------------------------------------------------------

resource "aws_accessanalyzer_analyzer" "this" {
  count = var.enable_access_analyzer ? 1 : 0

  analyzer_name = "${var.name}-account"
  type          = "ACCOUNT"

  tags = var.tags
}

# --- routing -------------------------------------------------------------------------------------------

# Everything, whatever its severity, into the security events log group: the dashboard's source.
resource "aws_cloudwatch_event_rule" "security_events" {
  name        = "${var.name}-security-events"
  description = "Security Hub and GuardDuty findings, Access Analyzer findings and Config compliance changes of ${var.name}, kept in ${local.security_events_log_group_name}"
  event_pattern = jsonencode({
    source        = ["aws.securityhub", "aws.guardduty", "aws.access-analyzer", "aws.config"]
    "detail-type" = ["Security Hub Findings - Imported", "GuardDuty Finding", "Access Analyzer Finding", "Config Rules Compliance Change"]
  })

  tags = var.tags
}

resource "aws_cloudwatch_event_target" "security_events" {
  rule = aws_cloudwatch_event_rule.security_events.name
  arn  = module.security_events_log_group.cloudwatch_log_group_arn

  depends_on = [aws_cloudwatch_log_resource_policy.eventbridge]
}

resource "aws_cloudwatch_event_rule" "alert" {
  for_each = local.alert_routes

  name          = "${var.name}-findings-${each.key}"
  description   = "${each.key} of ${var.name} to the ${each.value.topic} alert topic"
  event_pattern = jsonencode(each.value.pattern)

  tags = var.tags
}

resource "aws_cloudwatch_event_target" "alert" {
  for_each = local.alert_routes

  rule = aws_cloudwatch_event_rule.alert[each.key].name
  arn  = var.alert_topic_arns[each.value.topic]
}
