variable "function_name" {
  description = "Name of the function (1-64 letters, digits, hyphens, underscores). Also names the execution role and the log group (/aws/lambda/FUNCTION)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.function_name))
    error_message = "function_name must be 1-64 letters, digits, hyphens or underscores."
  }
}

variable "description" {
  description = "Description of the function."
  type        = string
  default     = ""
}

# --- code --------------------------------------------------------------------------------------------

variable "local_package" {
  description = <<-EOT
    A zip built before Terraform runs (see examples/build.sh). `path` is read at plan time; the hash is
    filebase64sha256(path) unless `source_code_hash` is given. Set exactly one of local_package and s3_package.
  EOT
  type = object({
    path             = string
    source_code_hash = optional(string)
  })
  default = null

  validation {
    condition     = var.local_package == null || try(endswith(var.local_package.path, ".zip"), false)
    error_message = "local_package.path must point at a .zip file."
  }
}

variable "s3_package" {
  description = "A zip stored in S3 (a versioned bucket): bucket, key and the object version, so a deployment always names the exact artefact. Set exactly one of local_package and s3_package."
  type = object({
    bucket         = string
    key            = string
    object_version = string
  })
  default = null

  validation {
    condition     = (var.local_package == null) != (var.s3_package == null)
    error_message = "Set exactly one of local_package and s3_package."
  }
}

variable "handler" {
  description = "Function entry point, e.g. \"app.handler\"."
  type        = string

  validation {
    condition     = length(var.handler) > 0 && length(var.handler) <= 128
    error_message = "handler must be 1-128 characters."
  }
}

variable "runtime" {
  description = "Lambda runtime identifier, e.g. python3.12, nodejs20.x, java21, provided.al2023."
  type        = string

  validation {
    condition     = can(regex("^(python3\\.(9|1[0-9])|nodejs(18|2[0-9])\\.x|java(11|17|21|25)|dotnet[0-9]+|ruby3\\.[0-9]+|provided\\.al202[3-9])$", var.runtime))
    error_message = "runtime must be a supported (not deprecated) Lambda runtime such as python3.12, nodejs20.x, java21, dotnet8, ruby3.3 or provided.al2023."
  }
}

variable "architecture" {
  description = "Instruction set: x86_64 or arm64 (Graviton, cheaper). Must match the artefact."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be x86_64 or arm64."
  }
}

variable "memory_size" {
  description = "Memory in MB (128-10240)."
  type        = number
  default     = 128

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240
    error_message = "memory_size must be 128-10240 MB."
  }
}

variable "timeout" {
  description = "Timeout in seconds (1-900)."
  type        = number
  default     = 3

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900
    error_message = "timeout must be 1-900 seconds."
  }
}

variable "ephemeral_storage_size" {
  description = "Size of /tmp in MB (512-10240)."
  type        = number
  default     = 512

  validation {
    condition     = var.ephemeral_storage_size >= 512 && var.ephemeral_storage_size <= 10240
    error_message = "ephemeral_storage_size must be 512-10240 MB."
  }
}

variable "layers" {
  description = "Up to five Lambda layer version ARNs."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.layers) <= 5 && alltrue([for l in var.layers : can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:layer:[A-Za-z0-9_-]+:[0-9]+$", l))])
    error_message = "layers must be at most five layer version ARNs (arn:aws:lambda:REGION:ACCOUNT:layer:NAME:VERSION)."
  }
}

variable "code_signing_config_arn" {
  description = "ARN of a code signing configuration that the artefact must satisfy. null: no code signing."
  type        = string
  default     = null
}

# --- runtime settings --------------------------------------------------------------------------------

variable "environment_variables" {
  description = "Environment variables, encrypted at rest with kms_key_arn. Keep secrets in Secrets Manager and pass their ARN instead."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k in keys(var.environment_variables) : can(regex("^[A-Za-z][A-Za-z0-9_]*$", k)) && !startswith(k, "AWS_")])
    error_message = "environment_variables keys must start with a letter, contain only letters, digits and underscores, and not use the reserved AWS_ prefix."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer-managed KMS key that encrypts the environment variables (and the log group unless cloudwatch_logs_kms_key_arn is set)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }
}

variable "tracing_mode" {
  description = "X-Ray tracing: Active (sample and trace, the default) or PassThrough (only when the caller traces)."
  type        = string
  default     = "Active"

  validation {
    condition     = contains(["Active", "PassThrough"], var.tracing_mode)
    error_message = "tracing_mode must be Active or PassThrough."
  }
}

variable "reserved_concurrent_executions" {
  description = "Concurrency reserved for (and capping) this function. null leaves it unreserved; 0 stops all invocations."
  type        = number
  default     = null

  validation {
    condition     = var.reserved_concurrent_executions == null || try(var.reserved_concurrent_executions >= 0, false)
    error_message = "reserved_concurrent_executions must be 0 or more, or null."
  }
}

variable "attach_dead_letter_policy" {
  description = "Give the module's role sqs:SendMessage or sns:Publish on dead_letter_target_arn. A flag rather than `dead_letter_target_arn != null`, so that a queue created in the same apply still gives a known plan."
  type        = bool
  default     = false
}

variable "dead_letter_target_arn" {
  description = "SQS queue or SNS topic ARN that receives events of failed asynchronous invocations. With the module's role, also set attach_dead_letter_policy = true."
  type        = string
  default     = null

  validation {
    condition     = var.dead_letter_target_arn == null || can(regex("^arn:aws[a-z-]*:(sqs|sns):[a-z0-9-]+:[0-9]{12}:.+$", var.dead_letter_target_arn))
    error_message = "dead_letter_target_arn must be an SQS queue or SNS topic ARN."
  }

  validation {
    condition     = !var.attach_dead_letter_policy || var.dead_letter_target_arn != null
    error_message = "attach_dead_letter_policy = true needs dead_letter_target_arn."
  }

  validation {
    condition     = var.dead_letter_target_arn == null || var.attach_dead_letter_policy || !var.create_role
    error_message = "The module's role cannot write to dead_letter_target_arn: set attach_dead_letter_policy = true."
  }
}

variable "vpc_config" {
  description = "Run the function in a VPC: private subnets and security groups. The role gets the ENI permissions of AWSLambdaVPCAccessExecutionRole, scoped to these subnets and security groups where EC2 allows it."
  type = object({
    subnet_ids                  = list(string)
    security_group_ids          = list(string)
    ipv6_allowed_for_dual_stack = optional(bool, false)
  })
  default = null

  validation {
    condition     = var.vpc_config == null || try(length(var.vpc_config.subnet_ids) > 0 && length(var.vpc_config.security_group_ids) > 0, false)
    error_message = "vpc_config needs at least one subnet and one security group."
  }
}

variable "logging" {
  description = "Log format and levels. JSON enables application_log_level / system_log_level filtering."
  type = object({
    log_format            = optional(string, "Text")
    application_log_level = optional(string)
    system_log_level      = optional(string)
  })
  default = {}

  validation {
    condition     = contains(["Text", "JSON"], var.logging.log_format)
    error_message = "logging.log_format must be Text or JSON."
  }

  validation {
    condition     = var.logging.log_format == "JSON" || (var.logging.application_log_level == null && var.logging.system_log_level == null)
    error_message = "Log levels need logging.log_format = \"JSON\"."
  }
}

variable "cloudwatch_logs_retention_in_days" {
  description = "Days to keep the function's logs (a value CloudWatch Logs accepts; 365 by default, as the platform keeps logs a year)."
  type        = number
  default     = 365
}

variable "cloudwatch_logs_kms_key_arn" {
  description = "KMS key ARN for the log group (its policy must allow logs.REGION.amazonaws.com). null: kms_key_arn."
  type        = string
  default     = null
}

variable "cloudwatch_logs_class" {
  description = "Log group class: STANDARD or INFREQUENT_ACCESS."
  type        = string
  default     = "STANDARD"
}

# --- IAM -----------------------------------------------------------------------------------------------

variable "create_role" {
  description = "Create the function's own least-privilege execution role (logs, X-Ray, KMS, dead-letter and VPC statements plus policy_statements and policy_arns). false: use role_arn."
  type        = bool
  default     = true
}

variable "role_arn" {
  description = "An existing execution role, used when create_role = false."
  type        = string
  default     = null

  validation {
    condition     = var.role_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", var.role_arn))
    error_message = "role_arn must be an IAM role ARN."
  }

  validation {
    condition     = var.create_role == (var.role_arn == null)
    error_message = "Set role_arn exactly when create_role = false."
  }
}

variable "policy_statements" {
  description = "Extra statements for the module's role, keyed by Sid (letters and digits). Name actions and resources precisely: \"*\" in either is rejected."
  type = map(object({
    effect     = optional(string, "Allow")
    actions    = list(string)
    resources  = list(string)
    conditions = optional(list(object({ test = string, variable = string, values = list(string) })), [])
  }))
  default = {}

  validation {
    condition     = alltrue([for sid, s in var.policy_statements : can(regex("^[A-Za-z0-9]+$", sid)) && contains(["Allow", "Deny"], s.effect)])
    error_message = "policy_statements keys are Sids (letters and digits only) and effect must be Allow or Deny."
  }

  validation {
    condition     = alltrue([for s in values(var.policy_statements) : s.effect == "Deny" || (!contains(s.actions, "*") && !contains(s.resources, "*") && length(s.resources) > 0)])
    error_message = "Allow statements in policy_statements must name their actions and resources: \"*\" is not allowed."
  }
}

variable "policy_arns" {
  description = "Managed policies to attach to the module's role, keyed by a name of your choice."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for a in values(var.policy_arns) : can(regex("^arn:aws[a-z-]*:iam::([0-9]{12}|aws):policy/.+$", a))])
    error_message = "policy_arns values must be IAM policy ARNs."
  }
}

variable "permissions_boundary_arn" {
  description = "Permissions boundary for the module's role."
  type        = string
  default     = null
}

# --- versions, aliases, triggers, URL --------------------------------------------------------------

variable "publish" {
  description = "Publish a new numbered version on every code or configuration change."
  type        = bool
  default     = false
}

variable "aliases" {
  description = "Aliases keyed by name. function_version defaults to the latest published version (publish = true) or $LATEST. routing_additional_version_weights shifts a share of traffic to another version (canary)."
  type = map(object({
    description                        = optional(string, "")
    function_version                   = optional(string)
    routing_additional_version_weights = optional(map(number), {})
  }))
  default = {}

  validation {
    condition     = alltrue([for n in keys(var.aliases) : can(regex("^[A-Za-z][A-Za-z0-9_-]{0,127}$", n)) && !can(regex("^[0-9]+$", n))])
    error_message = "aliases keys must start with a letter and contain letters, digits, hyphens or underscores (at most 128)."
  }

  validation {
    condition     = alltrue(flatten([for a in values(var.aliases) : [for w in values(a.routing_additional_version_weights) : w > 0 && w < 1]]))
    error_message = "routing_additional_version_weights must be between 0 and 1."
  }
}

variable "allowed_triggers" {
  description = <<-EOT
    Who may invoke the function (aws_lambda_permission), keyed by statement id. A service principal
    (*.amazonaws.com) needs source_arn, so only that resource can invoke it; S3 also needs source_account.
    `qualifier` limits the permission to an alias.
  EOT
  type = map(object({
    principal      = string
    source_arn     = optional(string)
    source_account = optional(string)
    action         = optional(string, "lambda:InvokeFunction")
    qualifier      = optional(string)
  }))
  default = {}

  validation {
    condition     = alltrue([for k in keys(var.allowed_triggers) : can(regex("^[A-Za-z0-9_-]{1,100}$", k))])
    error_message = "allowed_triggers keys are statement ids: 1-100 letters, digits, hyphens or underscores."
  }

  validation {
    condition     = alltrue([for t in values(var.allowed_triggers) : !endswith(t.principal, ".amazonaws.com") || t.source_arn != null])
    error_message = "A service principal in allowed_triggers needs source_arn (confused-deputy protection)."
  }

  validation {
    condition     = alltrue([for t in values(var.allowed_triggers) : t.principal != "s3.amazonaws.com" || t.source_account != null])
    error_message = "An s3.amazonaws.com trigger needs source_account (bucket ARNs carry no account)."
  }

  validation {
    condition     = alltrue([for t in values(var.allowed_triggers) : t.principal != "*"])
    error_message = "allowed_triggers principal \"*\" is not allowed; name the account, service or role."
  }
}

variable "function_url" {
  description = "A function URL. authorization_type defaults to AWS_IAM (SigV4-signed callers only); NONE (public) requires allow_unauthenticated = true."
  type = object({
    authorization_type    = optional(string, "AWS_IAM")
    allow_unauthenticated = optional(bool, false)
    invoke_mode           = optional(string, "BUFFERED")
    qualifier             = optional(string)
    cors = optional(object({
      allow_credentials = optional(bool, false)
      allow_headers     = optional(list(string), [])
      allow_methods     = optional(list(string), [])
      allow_origins     = optional(list(string), [])
      expose_headers    = optional(list(string), [])
      max_age           = optional(number, 0)
    }))
  })
  default = null

  validation {
    condition     = var.function_url == null || try(contains(["AWS_IAM", "NONE"], var.function_url.authorization_type) && contains(["BUFFERED", "RESPONSE_STREAM"], var.function_url.invoke_mode), false)
    error_message = "function_url.authorization_type must be AWS_IAM or NONE, invoke_mode BUFFERED or RESPONSE_STREAM."
  }

  validation {
    condition     = var.function_url == null || try(var.function_url.authorization_type == "AWS_IAM" || var.function_url.allow_unauthenticated, false)
    error_message = "A public function URL (authorization_type = \"NONE\") must be asked for explicitly with allow_unauthenticated = true."
  }
}

variable "tags" {
  description = "Tags for every resource, added to the provider's default_tags. The module sets Name."
  type        = map(string)
  default     = {}
}
