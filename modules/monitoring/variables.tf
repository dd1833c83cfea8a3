variable "name" {
  description = "Name prefix of every resource (topics <name>-<topic>, workspaces, alarms, dashboards), e.g. connectly-prod. 1-40 letters, digits, '_' or '-'."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$", var.name))
    error_message = "name must be 1-40 letters, digits, '_' or '-', starting with a letter or digit."
  }
}

# --- SNS ------------------------------------------------------------------------------------------------

variable "sns_kms_key_arn" {
  description = "ARN of the KMS key that encrypts the alert topics (the kms layer's key_arns[\"sns\"]). Its policy must let cloudwatch.amazonaws.com and aps.amazonaws.com use it (the kms module's sns_publisher_service_principals)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.sns_kms_key_arn))
    error_message = "sns_kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }
}

variable "alert_topics" {
  description = <<-EOT
    Alert topics keyed by severity (the Prometheus alert label severity routes to the topic of the same name).
    Each becomes the SNS topic <name>-<key>, encrypted with sns_kms_key_arn. subscriptions: who is notified,
    keyed by a label, { protocol = email | https | sqs | lambda, endpoint } (email and https must be confirmed;
    endpoint_auto_confirms = true for an HTTPS receiver such as PagerDuty that confirms by itself). An
    endpoint the organisation has not filled in yet holds PLACEHOLDER (see refuse_placeholder_ids).
  EOT
  type = map(object({
    display_name = optional(string)
    subscriptions = optional(map(object({
      protocol               = string
      endpoint               = string
      endpoint_auto_confirms = optional(bool, false)
      raw_message_delivery   = optional(bool, false)
    })), {})
  }))
  default = {
    critical = { display_name = "Critical platform alerts" }
    warning  = { display_name = "Platform warnings" }
  }
  nullable = false

  validation {
    condition     = length(var.alert_topics) > 0 && alltrue([for k in keys(var.alert_topics) : can(regex("^[a-z][a-z0-9_-]{0,39}$", k))])
    error_message = "alert_topics must have at least one topic; keys are 1-40 lower-case letters, digits, '_' or '-' (they are also Prometheus severity label values)."
  }

  validation {
    condition     = alltrue(flatten([for t in var.alert_topics : [for s in values(t.subscriptions) : contains(["email", "https", "sqs", "lambda"], s.protocol)]]))
    error_message = "alert_topics[*].subscriptions[*].protocol must be email, https, sqs or lambda (no plain http, no SMS)."
  }

  validation {
    condition = alltrue(flatten([for t in var.alert_topics : [for s in values(t.subscriptions) : (
      s.protocol == "email" ? can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", s.endpoint)) :
      s.protocol == "https" ? can(regex("^https://[^\\s/]+", s.endpoint)) :
      can(regex("^arn:aws[a-z-]*:(sqs|lambda):", s.endpoint))
    )]]))
    error_message = "alert_topics[*].subscriptions[*].endpoint must fit its protocol: an e-mail address for email, an https:// URL for https, a queue or function ARN for sqs and lambda."
  }
}

variable "refuse_placeholder_ids" {
  description = <<-EOT
    Refuse to plan or apply while an identifier only the organisation knows still holds the placeholder
    PLACEHOLDER: Slack workspace and channel IDs (chatbot_slack_channels), IAM Identity Center user and
    group IDs (grafana_role_associations) and subscription endpoints (alert_topics). true in prod, so an
    unconfigured prod cannot look configured; false elsewhere, where the check block only warns.
  EOT
  type        = bool
  default     = true
  nullable    = false
}

variable "default_alert_topic" {
  description = "The alert_topics key that receives Prometheus alerts without a matching severity label, and CloudWatch alarms without a topic."
  type        = string
  default     = "warning"
  nullable    = false

  validation {
    condition     = contains(keys(var.alert_topics), var.default_alert_topic)
    error_message = "default_alert_topic must be a key of alert_topics."
  }
}

variable "topic_publisher_service_principals" {
  description = "AWS services allowed to publish to the alert topics (for this account's alarms, workspaces, budgets, cost anomaly subscriptions and EventBridge rules only: the security layer routes findings through EventBridge)."
  type        = list(string)
  default     = ["cloudwatch.amazonaws.com", "aps.amazonaws.com", "budgets.amazonaws.com", "costalerts.amazonaws.com", "events.amazonaws.com"]
  nullable    = false

  validation {
    condition     = alltrue([for p in var.topic_publisher_service_principals : can(regex("^[a-z0-9.-]+\\.amazonaws\\.com$", p))])
    error_message = "topic_publisher_service_principals must be service principals such as cloudwatch.amazonaws.com."
  }
}

# --- Amazon Managed Prometheus ---------------------------------------------------------------------------

variable "logs_kms_key_arn" {
  description = "ARN of the KMS key (the kms layer's key_arns[\"logs\"]) that encrypts the Prometheus workspace's log group."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.logs_kms_key_arn))
    error_message = "logs_kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }
}

variable "encrypt_prometheus_workspace" {
  description = "Encrypt the Prometheus workspace with a customer-managed key (prometheus_kms_key_arn, or one the module creates). Changing it replaces the workspace. false only on the moto emulator, which does not return the workspace's kmsKeyArn, so the workspace would be replaced on every plan (docs/emulator.md)."
  type        = bool
  default     = true
  nullable    = false
}

variable "prometheus_kms_key_arn" {
  description = "Existing KMS key for the Prometheus workspace. null creates one (rotated, usable only through aps.<region>.amazonaws.com by this account)."
  type        = string
  default     = null

  validation {
    condition     = var.prometheus_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.prometheus_kms_key_arn))
    error_message = "prometheus_kms_key_arn must be a KMS key ARN."
  }
}

variable "prometheus_log_retention_in_days" {
  description = "Days to keep the Prometheus workspace's logs (rule evaluation and alert manager errors)."
  type        = number
  default     = 365
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.prometheus_log_retention_in_days)
    error_message = "prometheus_log_retention_in_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "log_group_class" {
  description = "Class of the log group (STANDARD or INFREQUENT_ACCESS). null leaves it to AWS (STANDARD): use null on the moto emulator, which does not return the class (docs/emulator.md)."
  type        = string
  default     = "STANDARD"

  validation {
    condition     = contains(["STANDARD", "INFREQUENT_ACCESS"], coalesce(var.log_group_class, "STANDARD"))
    error_message = "log_group_class must be STANDARD, INFREQUENT_ACCESS or null."
  }
}

variable "create_alert_manager_definition" {
  description = "Create the workspace's alert manager definition, which routes alerts by their severity label to the alert topics. false only on the moto emulator, which lacks CreateAlertManagerDefinition (docs/emulator.md)."
  type        = bool
  default     = true
  nullable    = false
}

variable "prometheus_rule_groups" {
  description = "Prometheus recording and alerting rules: rule group namespaces keyed by name, each value a rules file in YAML (groups: [...]). Alerts should carry a severity label naming an alert topic."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for k, v in var.prometheus_rule_groups : can(regex("^[0-9A-Za-z][-.0-9A-Z_a-z]{0,63}$", k)) && can(yamldecode(v).groups)])
    error_message = "prometheus_rule_groups keys must be 1-64 letters, digits, '.', '_' or '-'; values must be YAML rules files with a groups list."
  }
}

# --- Amazon Managed Grafana ----------------------------------------------------------------------------

variable "create_grafana" {
  description = "Create the Amazon Managed Grafana workspace (IAM Identity Center sign-in, service-managed data sources). false only where Grafana is unavailable, e.g. the moto emulator (no backend)."
  type        = bool
  default     = true
  nullable    = false
}

variable "grafana_data_sources" {
  description = "Data sources Grafana gets read access to through its service-managed role: any of PROMETHEUS, CLOUDWATCH, XRAY."
  type        = list(string)
  default     = ["PROMETHEUS", "CLOUDWATCH"]
  nullable    = false

  validation {
    condition     = length(setsubtract(var.grafana_data_sources, ["PROMETHEUS", "CLOUDWATCH", "XRAY"])) == 0
    error_message = "grafana_data_sources may contain only PROMETHEUS, CLOUDWATCH and XRAY."
  }
}

variable "grafana_version" {
  description = "Grafana version of the workspace (e.g. 10.4)."
  type        = string
  default     = "10.4"
  nullable    = false

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+$", var.grafana_version))
    error_message = "grafana_version must look like 10.4."
  }
}

variable "grafana_role_associations" {
  description = "IAM Identity Center users and groups per Grafana role (ADMIN, EDITOR, VIEWER): { ADMIN = { group_ids = [...] } }."
  type = map(object({
    user_ids  = optional(list(string), [])
    group_ids = optional(list(string), [])
  }))
  default  = {}
  nullable = false

  validation {
    condition     = length(setsubtract(keys(var.grafana_role_associations), ["ADMIN", "EDITOR", "VIEWER"])) == 0
    error_message = "grafana_role_associations keys must be ADMIN, EDITOR or VIEWER."
  }

  validation {
    condition = alltrue(flatten([for a in var.grafana_role_associations : [
      for id in concat(a.user_ids, a.group_ids) : strcontains(id, "PLACEHOLDER") || can(regex("^([0-9a-f]{10}-)?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$", id))
    ]]))
    error_message = "grafana_role_associations: user_ids and group_ids must be IAM Identity Center IDs (e.g. 906754fb1c-1c1a1b1c-1a1b-1c1d-1e1f-1a1b1c1d1e1f), or a PLACEHOLDER until the organisation fills them in."
  }
}

variable "grafana_license_type" {
  description = "Paid Grafana Enterprise licence for the workspace: null (default, no licence and no cost), ENTERPRISE or ENTERPRISE_FREE_TRIAL."
  type        = string
  default     = null

  validation {
    condition     = var.grafana_license_type == null || contains(["ENTERPRISE", "ENTERPRISE_FREE_TRIAL"], coalesce(var.grafana_license_type, "-"))
    error_message = "grafana_license_type must be null, ENTERPRISE or ENTERPRISE_FREE_TRIAL."
  }
}

# --- AWS Chatbot ----------------------------------------------------------------------------------------

variable "create_chatbot" {
  description = "Create the AWS Chatbot Slack channel configurations in chatbot_slack_channels. false only where Chatbot is unavailable, e.g. the moto emulator (no backend)."
  type        = bool
  default     = true
  nullable    = false
}

variable "chatbot_slack_channels" {
  description = <<-EOT
    Slack channels that receive alerts, keyed by a label. slack_team_id: the workspace ID authorised once in the
    AWS Chatbot console; slack_channel_id: the channel (e.g. C07EZ1ABC23); alert_topics: alert_topics keys whose
    messages go to the channel. guardrail_policy_arns cap what channel members can do (read-only CloudWatch by
    default); logging_level: ERROR, INFO or NONE.
  EOT
  type = map(object({
    slack_team_id         = string
    slack_channel_id      = string
    alert_topics          = list(string)
    logging_level         = optional(string, "ERROR")
    guardrail_policy_arns = optional(list(string), ["arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess"])
  }))
  default  = {}
  nullable = false

  validation {
    condition = alltrue([for c in var.chatbot_slack_channels : (
      (strcontains(c.slack_team_id, "PLACEHOLDER") || can(regex("^[0-9A-Z]{1,255}$", c.slack_team_id))) &&
      (strcontains(c.slack_channel_id, "PLACEHOLDER") || can(regex("^[A-Za-z0-9]{9,11}$", c.slack_channel_id)))
    )])
    error_message = "chatbot_slack_channels: slack_team_id must be the Slack workspace ID (e.g. T07EA123LEP) and slack_channel_id the channel ID (e.g. C07EZ1ABC23), or a PLACEHOLDER until the organisation fills them in."
  }

  validation {
    condition     = alltrue([for c in var.chatbot_slack_channels : length(c.alert_topics) > 0 && length(setsubtract(c.alert_topics, keys(var.alert_topics))) == 0])
    error_message = "chatbot_slack_channels[*].alert_topics must list keys of alert_topics."
  }

  validation {
    condition     = alltrue([for c in var.chatbot_slack_channels : contains(["ERROR", "INFO", "NONE"], c.logging_level)])
    error_message = "chatbot_slack_channels[*].logging_level must be ERROR, INFO or NONE."
  }

  validation {
    condition     = alltrue(flatten([for c in var.chatbot_slack_channels : [for p in c.guardrail_policy_arns : can(regex("^arn:aws[a-z-]*:iam::([0-9]{12}|aws):policy/.+$", p)) && !endswith(p, "/AdministratorAccess")]]))
    error_message = "chatbot_slack_channels[*].guardrail_policy_arns must be IAM policy ARNs, not AdministratorAccess."
  }

  # Without a guardrail AWS Chatbot caps nothing: channel members could use the channel role's full rights.
  validation {
    condition     = alltrue([for c in var.chatbot_slack_channels : length(c.guardrail_policy_arns) > 0])
    error_message = "chatbot_slack_channels[*].guardrail_policy_arns must not be empty (AWS Chatbot applies no guardrail then): keep the read-only default arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess."
  }
}

# --- CloudWatch -----------------------------------------------------------------------------------------

variable "alarms" {
  description = <<-EOT
    CloudWatch metric alarms keyed by a label (alarm <name>-<key>). topic: the alert_topics key notified on ALARM
    (and on OK unless ok_notification = false); null uses default_alert_topic. Use statistic or
    extended_statistic (e.g. p99), not both. runbook: the runbook section that says what to do, as
    FILE.md#anchor under runbook_base_url (docs/runbooks/); the alarm description ends with its link, so
    the notification carries it. Every alarm also gets a graph on the platform dashboard.
  EOT
  type = map(object({
    description         = string
    runbook             = optional(string)
    namespace           = string
    metric_name         = string
    dimensions          = optional(map(string), {})
    statistic           = optional(string)
    extended_statistic  = optional(string)
    period              = optional(number, 300)
    evaluation_periods  = optional(number, 1)
    datapoints_to_alarm = optional(number)
    threshold           = number
    comparison_operator = string
    treat_missing_data  = optional(string, "missing")
    unit                = optional(string)
    topic               = optional(string)
    ok_notification     = optional(bool, true)
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for k in keys(var.alarms) : can(regex("^[A-Za-z0-9_.-]{1,200}$", k))])
    error_message = "alarms keys must be 1-200 letters, digits, '.', '_' or '-'."
  }

  validation {
    condition     = alltrue([for a in var.alarms : (a.statistic == null) != (a.extended_statistic == null)])
    error_message = "Each alarm needs exactly one of statistic and extended_statistic."
  }

  validation {
    condition     = alltrue([for a in var.alarms : a.statistic == null || contains(["SampleCount", "Average", "Sum", "Minimum", "Maximum"], coalesce(a.statistic, "-"))])
    error_message = "alarms[*].statistic must be SampleCount, Average, Sum, Minimum or Maximum."
  }

  validation {
    condition     = alltrue([for a in var.alarms : contains(["GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold"], a.comparison_operator)])
    error_message = "alarms[*].comparison_operator must be GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold or LessThanOrEqualToThreshold."
  }

  validation {
    condition     = alltrue([for a in var.alarms : contains(["missing", "ignore", "breaching", "notBreaching"], a.treat_missing_data)])
    error_message = "alarms[*].treat_missing_data must be missing, ignore, breaching or notBreaching."
  }

  validation {
    condition     = alltrue([for a in var.alarms : contains([10, 20, 30], a.period) || (a.period >= 60 && a.period % 60 == 0)])
    error_message = "alarms[*].period must be 10, 20, 30 or a multiple of 60 seconds."
  }

  validation {
    condition     = alltrue([for a in var.alarms : a.evaluation_periods >= 1 && (a.datapoints_to_alarm == null || (coalesce(a.datapoints_to_alarm, 1) >= 1 && coalesce(a.datapoints_to_alarm, 1) <= a.evaluation_periods))])
    error_message = "alarms[*].evaluation_periods must be at least 1, and datapoints_to_alarm between 1 and evaluation_periods."
  }

  validation {
    condition     = alltrue([for a in var.alarms : a.topic == null || contains(keys(var.alert_topics), coalesce(a.topic, "-"))])
    error_message = "alarms[*].topic must be a key of alert_topics."
  }

  validation {
    condition     = alltrue([for a in var.alarms : can(regex("^[a-z0-9][a-z0-9-]*\\.md#[a-z0-9][a-z0-9-]*$", coalesce(a.runbook, "-")))])
    error_message = "Every alarm needs a runbook: the section that says what to do, as FILE.md#anchor under runbook_base_url (e.g. nat-gateway.md#port-allocation-errors)."
  }

  validation {
    condition     = alltrue([for a in var.alarms : length(a.description) + length(coalesce(a.runbook, "-")) <= 800])
    error_message = "alarms[*].description is too long: with the runbook link it must fit the 1024 characters of an alarm description."
  }
}

variable "runbook_base_url" {
  description = "Where the runbooks (docs/runbooks/ of this repository) are read: an alarm's runbook FILE.md#anchor is appended to it."
  type        = string
  default     = "https://github.com/connectly/platform/blob/main/docs/runbooks/"
  nullable    = false

  validation {
    condition     = can(regex("^https://[^\\s]+/$", var.runbook_base_url)) && length(var.runbook_base_url) <= 200
    error_message = "runbook_base_url must be an https:// URL of at most 200 characters ending in '/'."
  }
}

variable "create_platform_dashboard" {
  description = "Create the CloudWatch dashboard <name>-platform: alarm status, a graph per alarm, alert topic delivery failures."
  type        = bool
  default     = true
  nullable    = false
}

variable "dashboards" {
  description = "More CloudWatch dashboards, keyed by a name suffix (dashboard <name>-<key>), each value a dashboard body in JSON (e.g. jsonencode({ widgets = [...] }) or a file). For bodies built elsewhere (service dashboards); a layer that builds its own body creates its dashboard itself, as modules/atlantis does with the Atlantis overview (ADR 0028: a dependency here would point the wrong way)."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for k, v in var.dashboards : can(regex("^[A-Za-z0-9_-]{1,200}$", k)) && can(jsondecode(v).widgets)])
    error_message = "dashboards keys must be letters, digits, '_' or '-'; values must be JSON dashboard bodies with a widgets list."
  }
}

variable "tags" {
  description = "Tags for every resource, merged over the provider's default_tags. The module adds Name."
  type        = map(string)
  default     = {}
  nullable    = false
}
