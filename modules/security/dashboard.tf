# The compliance dashboard: compliance over time from the security events log group (Config compliance by
# rule, Security Hub findings by severity, GuardDuty findings), the remediations and the alerts sent.

locals {
  events_source      = "SOURCE '${local.security_events_log_group_name}'"
  function_log_group = "/aws/lambda/${local.function_name}"
  remediation_source = local.create_function ? "SOURCE '${local.remediation_log_group_name}' | SOURCE '${local.function_log_group}'" : "SOURCE '${local.remediation_log_group_name}'"

  log_widgets = [
    {
      title = "Config: non-compliant changes by rule (latest state per rule and resource)"
      query = "${local.events_source} | filter source = 'aws.config' | stats latest(detail.newEvaluationResult.complianceType) as compliance by detail.configRuleName as rule, detail.resourceId as resource | filter compliance = 'NON_COMPLIANT' | stats count(*) as non_compliant_resources by rule | sort non_compliant_resources desc"
      view  = "table"
    },
    {
      title = "Config: compliance changes over time"
      query = "${local.events_source} | filter source = 'aws.config' | stats sum(detail.newEvaluationResult.complianceType = 'NON_COMPLIANT') as non_compliant, sum(detail.newEvaluationResult.complianceType = 'COMPLIANT') as compliant by bin(1d)"
      view  = "timeSeries"
    },
    {
      title = "Security Hub: new findings by severity"
      query = "${local.events_source} | filter source = 'aws.securityhub' | stats sum(detail.findings.0.Severity.Label = 'CRITICAL') as critical, sum(detail.findings.0.Severity.Label = 'HIGH') as high, sum(detail.findings.0.Severity.Label = 'MEDIUM') as medium, sum(detail.findings.0.Severity.Label = 'LOW') as low by bin(1d)"
      view  = "timeSeries"
    },
    {
      title = "GuardDuty: findings by type and severity"
      query = "${local.events_source} | filter source = 'aws.guardduty' | stats count(*) as findings, max(detail.severity) as max_severity by detail.type | sort max_severity desc"
      view  = "table"
    },
    {
      title = "Remediations: outcome by action (remediated, would-remediate in dry-run, skipped-allowlisted, failed)"
      query = "${local.remediation_source} | filter ispresent(remediation.outcome) or source = 'aws.ssm' | stats count(*) as records by coalesce(remediation.action, detail.Definition) as action, coalesce(remediation.outcome, detail.Status) as outcome"
      view  = "table"
    },
  ]

  dashboard_body = jsonencode({
    widgets = concat(
      [{
        type   = "text"
        x      = 0
        y      = 0
        width  = 24
        height = 2
        properties = {
          markdown = "## ${var.name} compliance\nAWS Config rules, Security Hub (${join(", ", sort(tolist(var.security_hub_standards)))}), GuardDuty, Access Analyzer. Remediation mode: **${var.remediation_mode}**; allowlist tag `${local.skip_tag.key}=${local.skip_tag.value}`. Controls: docs/compliance.md."
        }
      }],
      [for i, w in local.log_widgets : {
        type   = "log"
        x      = (i % 2) * 12
        y      = 2 + floor(i / 2) * 6
        width  = 12
        height = 6
        properties = {
          title  = w.title
          query  = w.query
          region = local.region
          view   = w.view
        }
      }],
      [{
        type   = "metric"
        x      = 12
        y      = 14
        width  = 12
        height = 6
        properties = {
          title  = "Findings sent to the alert topics"
          region = local.region
          stat   = "Sum"
          period = 3600
          view   = "timeSeries"
          metrics = length(local.alert_routes) > 0 ? [
            for k in sort(keys(local.alert_routes)) : ["AWS/Events", "MatchedEvents", "RuleName", "${var.name}-findings-${k}"]
          ] : [["AWS/Events", "MatchedEvents", "RuleName", "${var.name}-security-events"]]
        }
      }],
    )
  })
}

resource "aws_cloudwatch_dashboard" "compliance" {
  count = var.create_dashboard ? 1 : 0

  dashboard_name = "${var.name}-compliance"
  dashboard_body = local.dashboard_body
}
