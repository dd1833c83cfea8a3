# The monitoring layer's shape: critical and warning alert topics (encrypted, with e-mail and PagerDuty
# subscriptions), Prometheus alerting rules, Grafana with IAM Identity Center groups as admins and
# viewers, and the alerts posted to Slack channels through AWS Chatbot.

provider "aws" {
  region = "ap-northeast-2"

  default_tags {
    tags = {
      Environment = "example"
      ManagedBy   = "terraform"
    }
  }
}

variable "kms_key_arns" {
  description = "The kms layer's key_arns output."
  type        = map(string)
  default = {
    sns  = "arn:aws:kms:ap-northeast-2:111122223333:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
    logs = "arn:aws:kms:ap-northeast-2:111122223333:key/1a1b2c3d-4e5f-6789-abcd-ef0123456789"
  }
}

module "monitoring" {
  source = "../.."

  name             = "connectly-prod"
  sns_kms_key_arn  = var.kms_key_arns["sns"]
  logs_kms_key_arn = var.kms_key_arns["logs"]

  # critical and warning topics are the default; on-call e-mail for critical.
  alert_topics = {
    critical = {
      display_name = "Critical platform alerts"
      subscriptions = {
        oncall    = { protocol = "email", endpoint = "oncall@example.com" }
        pagerduty = { protocol = "https", endpoint = "https://events.pagerduty.com/integration/0123abcd/enqueue", endpoint_auto_confirms = true }
      }
    }
    warning = {
      display_name  = "Platform warnings"
      subscriptions = { team = { protocol = "email", endpoint = "platform@example.com" } }
    }
  }

  prometheus_rule_groups = {
    platform = <<-EOT
      groups:
        - name: platform
          rules:
            - alert: TargetDown
              expr: up == 0
              for: 5m
              labels:
                severity: critical
              annotations:
                runbook_url: https://github.com/connectly/platform/blob/main/docs/runbooks/alert-routing.md#target-down
    EOT
  }

  grafana_role_associations = {
    ADMIN  = { group_ids = ["906754fb1c-1c1a1b1c-1a1b-1c1d-1e1f-1a1b1c1d1e1f"] }
    VIEWER = { group_ids = ["906754fb1c-2c2a2b2c-2a2b-2c2d-2e2f-2a2b2c2d2e2f"] }
  }

  chatbot_slack_channels = {
    critical = {
      slack_team_id    = "T07EA123LEP"
      slack_channel_id = "C07EZ1ABC23"
      alert_topics     = ["critical"]
    }
    warning = {
      slack_team_id    = "T07EA123LEP"
      slack_channel_id = "C07EZ1ABC24"
      alert_topics     = ["warning"]
    }
  }

  alarms = {
    nat-a-port-allocation = {
      description         = "NAT gateway (a) cannot allocate source ports"
      runbook             = "nat-gateway.md#port-allocation-errors"
      namespace           = "AWS/NATGateway"
      metric_name         = "ErrorPortAllocation"
      dimensions          = { NatGatewayId = "nat-0123456789abcdef0" }
      statistic           = "Sum"
      threshold           = 0
      comparison_operator = "GreaterThanThreshold"
      treat_missing_data  = "notBreaching"
      topic               = "critical"
    }
  }

  # Room for the Atlantis overview (and any other dashboard body).
  dashboards = {
    atlantis-overview = jsonencode({
      widgets = [{
        type       = "text"
        x          = 0
        y          = 0
        width      = 24
        height     = 2
        properties = { markdown = "# Atlantis overview" }
      }]
    })
  }

  tags = { Layer = "monitoring" }
}
