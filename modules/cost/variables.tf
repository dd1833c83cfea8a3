variable "name" {
  description = "Name prefix of the cost resources (budget <name>-monthly, anomaly monitor, export, bucket, Glue database <name>_cost), e.g. connectly-prod. 3-40 lower-case letters, digits and hyphens."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$", var.name))
    error_message = "name must be 3-40 lower-case letters, digits and hyphens, starting and ending with a letter or digit."
  }
}

variable "alert_topic_arns" {
  description = "The monitoring layer's alert topics by severity (its alert_topic_arns output): budget and anomaly notifications go there. Their KMS key must let budgets.amazonaws.com and costalerts.amazonaws.com use it (the kms layer's sns_publisher_service_principals)."
  type        = map(string)
  nullable    = false

  validation {
    condition     = length(var.alert_topic_arns) > 0 && alltrue([for a in values(var.alert_topic_arns) : can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$", a))])
    error_message = "alert_topic_arns must map severities to SNS topic ARNs."
  }
}

# --- AWS Budgets ------------------------------------------------------------------------------------

variable "create_budget" {
  description = "Create the monthly cost budget. false only on the moto emulator, whose budgets cannot be read back (docs/emulator.md)."
  type        = bool
  default     = true
  nullable    = false
}

variable "monthly_budget_usd" {
  description = "The environment's monthly cost budget in USD (the account's spend, or what budget_cost_filters select)."
  type        = number
  nullable    = false

  validation {
    condition     = var.monthly_budget_usd > 0
    error_message = "monthly_budget_usd must be more than 0."
  }
}

variable "budget_notifications" {
  description = "Budget notifications keyed by a label: type ACTUAL or FORECASTED, threshold in percent of the budget, topic: the alert_topic_arns key notified."
  type = map(object({
    type      = string
    threshold = number
    topic     = string
  }))
  default = {
    actual-80      = { type = "ACTUAL", threshold = 80, topic = "warning" }
    actual-100     = { type = "ACTUAL", threshold = 100, topic = "critical" }
    forecasted-100 = { type = "FORECASTED", threshold = 100, topic = "warning" }
  }
  nullable = false

  validation {
    condition     = length(var.budget_notifications) > 0 && length(var.budget_notifications) <= 10
    error_message = "budget_notifications must have 1 to 10 entries (AWS allows 10 per budget)."
  }

  validation {
    condition     = alltrue([for n in values(var.budget_notifications) : contains(["ACTUAL", "FORECASTED"], n.type) && n.threshold > 0 && n.threshold <= 1000])
    error_message = "budget_notifications[*].type must be ACTUAL or FORECASTED and threshold a percentage above 0 (at most 1000)."
  }

  validation {
    condition     = alltrue([for n in values(var.budget_notifications) : contains(keys(var.alert_topic_arns), n.topic)])
    error_message = "budget_notifications[*].topic must be a key of alert_topic_arns."
  }
}

variable "budget_cost_filters" {
  description = "Cost filters of the budget (AWS Budgets names: TagKeyValue, Service, LinkedAccount, ...), e.g. { TagKeyValue = [\"user:Environment$prod\"] }. {} budgets the whole account."
  type        = map(list(string))
  default     = {}
  nullable    = false
}

# --- Cost Anomaly Detection ---------------------------------------------------------------------------

variable "create_anomaly_detection" {
  description = "Create the Cost Anomaly Detection monitor (per AWS service) and its subscription. false only on the moto emulator (docs/emulator.md)."
  type        = bool
  default     = true
  nullable    = false
}

variable "anomaly_threshold_usd" {
  description = "Notify about an anomaly whose total impact is at least this many USD."
  type        = number
  default     = 100
  nullable    = false

  validation {
    condition     = var.anomaly_threshold_usd > 0
    error_message = "anomaly_threshold_usd must be more than 0."
  }
}

variable "anomaly_topic" {
  description = "The alert_topic_arns key that anomaly alerts go to (immediately, through SNS)."
  type        = string
  default     = "warning"
  nullable    = false

  validation {
    condition     = contains(keys(var.alert_topic_arns), var.anomaly_topic)
    error_message = "anomaly_topic must be a key of alert_topic_arns."
  }
}

# --- cost allocation tags ------------------------------------------------------------------------------

variable "cost_allocation_tag_keys" {
  description = "User tag keys to activate as cost allocation tags (the ones modules/common-tags applies: Environment, Layer, ...). Activation is an organisation-wide setting of the management (payer) account: set it in one environment, [] elsewhere."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for k in var.cost_allocation_tag_keys : can(regex("^[A-Za-z0-9 _.:/=+@-]{1,128}$", k)) && !startswith(k, "aws:")])
    error_message = "cost_allocation_tag_keys must be user tag keys (1-128 characters, not aws:...)."
  }
}

# --- Data Exports (CUR 2.0) ------------------------------------------------------------------------------

variable "create_data_export" {
  description = "Create the CUR 2.0 data export (daily, Parquet, resource ids and tags) to an encrypted bucket, with its Glue table and saved Athena queries. Like activation, one export in the management (payer) account covers the organisation."
  type        = bool
  default     = false
  nullable    = false
}

variable "athena_workgroup_name" {
  description = "The Athena workgroup the saved cost queries run in (the log-search layer's workgroup_name: encrypted results, scan limit). Needed with create_data_export."
  type        = string
  default     = null

  validation {
    condition     = var.athena_workgroup_name == null || can(regex("^[A-Za-z0-9._-]{1,128}$", coalesce(var.athena_workgroup_name, "-")))
    error_message = "athena_workgroup_name must be an Athena workgroup name."
  }

  validation {
    condition     = !var.create_data_export || var.athena_workgroup_name != null
    error_message = "create_data_export needs athena_workgroup_name (the workgroup the saved cost queries run in)."
  }
}

variable "export_start_month" {
  description = "First billing period (YYYY-MM) of the export table's partition projection."
  type        = string
  default     = "2026-01"
  nullable    = false

  validation {
    condition     = can(regex("^20[0-9]{2}-(0[1-9]|1[0-2])$", var.export_start_month))
    error_message = "export_start_month must look like 2026-01."
  }
}

variable "export_expiration_days" {
  description = "Days the export's objects are kept (each billing period is rewritten until it closes)."
  type        = number
  default     = 1096
  nullable    = false

  validation {
    condition     = var.export_expiration_days >= 90
    error_message = "export_expiration_days must be at least 90."
  }
}

variable "force_destroy" {
  description = "Let destroy delete the export bucket's objects (throw-away environments only)."
  type        = bool
  default     = false
  nullable    = false
}

variable "tags" {
  description = "Tags for every resource, merged over the provider's default_tags. The module adds Name."
  type        = map(string)
  default     = {}
  nullable    = false
}
