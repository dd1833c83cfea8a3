################################################################################
# General
################################################################################

variable "name" {
  description = "Prefix of the default secret names (NAME/KEY) and the name of the rotation function (NAME-postgres-rotation) and its security group. 1-40 lowercase letters, digits and hyphens, starting with a letter."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$", var.name))
    error_message = "name must be 1-40 lowercase letters, digits and hyphens, start with a letter and not end with a hyphen."
  }
}

variable "tags" {
  description = "Tags for every resource, merged over the provider's default_tags. The module adds Name."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "kms_key_arn" {
  description = "ARN of the customer-managed KMS key (the platform's secrets key, kms layer output key_arns.secrets) that encrypts every secret. The AWS-managed aws/secretsmanager key is never used."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }
}

################################################################################
# Secrets
################################################################################

variable "secrets" {
  description = <<-EOT
    Secrets keyed by a short name (letters, digits, _ and -). Each one:
    - name: the secret's name; default NAME/KEY.
    - description; recovery_window_in_days: 7-30 (default 30), or 0 to delete at once (tests only).
    - readers: IAM role/user ARNs allowed secretsmanager:GetSecretValue and DescribeSecret by the resource
      policy (principals of this account also need an IAM policy; principals of other accounts stay denied).
    - replicate: copy the secret to every region of replica_regions (for DR).
    - generate: create the first value in Terraform with Secrets Manager's GetRandomPassword (an ephemeral
      resource). It reaches the secret through the write-only secret_string_wo, so it is in no plan, state or
      log (README: Generated values). Without template the value is the password; with template it is the JSON object template +
      {"password": ...} (database credentials: engine, host or dbInstanceIdentifier, port, username, dbname).
      version: raise it to write a new generated value. Without generate the module creates no value: its
      owner puts one (aws secretsmanager put-secret-value).
    - rotation: automatic rotation by lambda_arn, or (null) by the module's PostgreSQL single-user function.
      automatically_after_days (1-90; default 30 when schedule_expression is not set) or schedule_expression
      (rate(...) of at most 90 days, or cron(...)); duration: the rotation window, e.g. 3h. rotate_immediately (default false):
      rotate when rotation is turned on, instead of at the first scheduled time; false lets the database
      user be created with the first value before the function ever logs in.
  EOT
  type = map(object({
    name                    = optional(string)
    description             = optional(string, "")
    recovery_window_in_days = optional(number, 30)
    readers                 = optional(list(string), [])
    replicate               = optional(bool, false)
    generate = optional(object({
      length              = optional(number, 32)
      exclude_characters  = optional(string, "\"'/@\\`")
      exclude_punctuation = optional(bool, false)
      template            = optional(map(string))
      version             = optional(number, 1)
    }))
    rotation = optional(object({
      lambda_arn               = optional(string)
      automatically_after_days = optional(number)
      schedule_expression      = optional(string)
      duration                 = optional(string)
      rotate_immediately       = optional(bool, false)
    }))
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for k in keys(var.secrets) : can(regex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$", k))])
    error_message = "secrets keys must be 1-64 letters, digits, '_' or '-', starting with a letter or digit."
  }

  validation {
    condition     = alltrue([for s in values(var.secrets) : s.name == null || can(regex("^[A-Za-z0-9/_+=.@-]{1,512}$", coalesce(s.name, "-")))])
    error_message = "secrets[*].name must be 1-512 letters, digits and /_+=.@- characters."
  }

  validation {
    condition     = alltrue([for s in values(var.secrets) : s.recovery_window_in_days == 0 || (s.recovery_window_in_days >= 7 && s.recovery_window_in_days <= 30)])
    error_message = "secrets[*].recovery_window_in_days must be 7-30, or 0 (delete without recovery)."
  }

  validation {
    condition     = alltrue(flatten([for s in values(var.secrets) : [for r in s.readers : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(root|role/.+|user/.+)$", r))]]))
    error_message = "secrets[*].readers must be IAM role, user or account root ARNs (no wildcards, no \"*\")."
  }

  validation {
    condition = alltrue([for s in values(var.secrets) : s.generate == null || try(
      s.generate.length >= 16 && s.generate.length <= 4096 && floor(s.generate.length) == s.generate.length && s.generate.version >= 1,
    false)])
    error_message = "secrets[*].generate.length must be a whole number from 16 to 4096, and generate.version at least 1."
  }

  validation {
    condition     = alltrue([for s in values(var.secrets) : try(!contains(keys(s.generate.template), "password"), true)])
    error_message = "secrets[*].generate.template must not contain \"password\": the module adds the generated one."
  }

  validation {
    condition     = alltrue([for s in values(var.secrets) : s.rotation == null || try(s.rotation.automatically_after_days == null || s.rotation.schedule_expression == null, false)])
    error_message = "secrets[*].rotation: set automatically_after_days or schedule_expression, not both."
  }

  validation {
    condition = alltrue([for s in values(var.secrets) : s.rotation == null || try(
      s.rotation.automatically_after_days == null ? true : (s.rotation.automatically_after_days >= 1 && s.rotation.automatically_after_days <= 90),
    false)])
    error_message = "secrets[*].rotation.automatically_after_days must be 1-90: credentials are rotated at least every 90 days."
  }

  validation {
    condition = alltrue([for s in values(var.secrets) : s.rotation == null || try(
      s.rotation.schedule_expression == null ? true : (
        startswith(s.rotation.schedule_expression, "cron(") ? can(regex("^cron\\(.+\\)$", s.rotation.schedule_expression)) :
        can(regex("^rate\\([0-9]+ hours?\\)$", s.rotation.schedule_expression)) ? tonumber(regex("[0-9]+", s.rotation.schedule_expression)) <= 2160 :
        can(regex("^rate\\([0-9]+ days?\\)$", s.rotation.schedule_expression)) ? tonumber(regex("[0-9]+", s.rotation.schedule_expression)) <= 90 :
        false
      ),
    false)])
    error_message = "secrets[*].rotation.schedule_expression must be rate(N hours|days) of at most 90 days, or cron(...)."
  }

  validation {
    condition     = alltrue([for s in values(var.secrets) : s.rotation == null || try(s.rotation.duration == null || can(regex("^([1-9]|1[0-9]|2[0-4])h$", s.rotation.duration)), false)])
    error_message = "secrets[*].rotation.duration must be 1h-24h."
  }

  validation {
    condition     = alltrue([for s in values(var.secrets) : s.rotation == null || try(s.rotation.lambda_arn == null || can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]+$", s.rotation.lambda_arn)), false)])
    error_message = "secrets[*].rotation.lambda_arn must be an unqualified Lambda function ARN."
  }
}

variable "organization_id" {
  description = "AWS Organizations ID (o-...). Set: every secret's policy denies principals outside the organization. null (default): it denies principals outside this account. Either way AWS services acting on their own behalf are not denied."
  type        = string
  default     = null

  validation {
    condition     = var.organization_id == null || can(regex("^o-[a-z0-9]{10,32}$", var.organization_id))
    error_message = "organization_id must look like o-abcd123456."
  }
}

variable "block_public_policy" {
  description = "Let Secrets Manager refuse a resource policy that would give access to principals outside the account (BlockPublicPolicy)."
  type        = bool
  default     = true
  nullable    = false
}

variable "replica_regions" {
  description = "Regions that secrets with replicate = true are copied to (read-only replicas for DR), each with the ARN of a customer-managed KMS key in that region."
  type = map(object({
    kms_key_arn = string
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for region, r in var.replica_regions : can(regex("^arn:aws[a-z-]*:kms:${region}:[0-9]{12}:key/[A-Za-z0-9-]+$", r.kms_key_arn))])
    error_message = "replica_regions: each kms_key_arn must be a KMS key ARN in the region it is keyed by (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }

  validation {
    condition     = length(var.replica_regions) > 0 || !anytrue([for s in values(var.secrets) : s.replicate])
    error_message = "A secret has replicate = true but replica_regions is empty."
  }
}

################################################################################
# The PostgreSQL single-user rotation function
################################################################################

variable "create_rotation_function" {
  description = "Create the PostgreSQL rotation function even when no secret of this module uses it (for secrets of other layers, which then add their own aws_lambda_permission). It is always created when a secret's rotation has no lambda_arn."
  type        = bool
  default     = false
  nullable    = false
}

variable "rotation_function" {
  description = <<-EOT
    The PostgreSQL single-user rotation function (functions/postgres-single-user, built by `make rotation-zip`):
    - package: the zip; path defaults to functions/build/postgres-single-user.zip in this module, and its
      hash is read at plan time unless source_code_hash is given.
    - vpc: where it runs: vpc_id, subnet_ids (private subnets with a route to the Secrets Manager API: NAT
      or an interface endpoint), database_cidr_blocks (egress to the databases on database_port) and
      https_egress_cidr_blocks (egress on 443 to the Secrets Manager API; default anywhere, through NAT).
      The module creates the function's security group; its ID is an output for the databases' ingress.
    - logs_kms_key_arn: the platform's logs key for the function's log group (required when the function is
      created); log_retention_in_days. (The log group class is rotation_function_log_group_class.)
    - kms_key_arn: the key that encrypts the function's environment (non-secret settings); default the
      module's kms_key_arn. Its key policy must let Lambda use it (kms:ViaService lambda.REGION.amazonaws.com).
    - ssl_mode: verify-full (default), verify-ca or require; TLS is always used. ssl_root_cert: the CA bundle
      path inside the runtime (default: the Lambda runtime's bundle with the Amazon RDS CAs).
    - password_length / exclude_characters: the new passwords.
    - rds_instance_identifiers: RDS instances the function may describe to find a secret's host from its
      dbInstanceIdentifier (those named in this module's templates are added).
  EOT
  type = object({
    package = optional(object({
      path             = optional(string)
      source_code_hash = optional(string)
    }), {})
    vpc = optional(object({
      vpc_id                   = string
      subnet_ids               = list(string)
      database_cidr_blocks     = map(string)
      database_port            = optional(number, 5432)
      https_egress_cidr_blocks = optional(map(string), { anywhere = "0.0.0.0/0" })
    }))
    runtime                  = optional(string, "python3.12")
    architecture             = optional(string, "arm64")
    timeout                  = optional(number, 30)
    memory_size              = optional(number, 128)
    kms_key_arn              = optional(string)
    logs_kms_key_arn         = optional(string)
    log_retention_in_days    = optional(number, 365)
    ssl_mode                 = optional(string, "verify-full")
    ssl_root_cert            = optional(string)
    password_length          = optional(number, 32)
    exclude_characters       = optional(string, "/@\"'\\` ")
    rds_instance_identifiers = optional(list(string), [])
    secrets_manager_endpoint = optional(string)
  })
  default  = {}
  nullable = false

  validation {
    condition     = contains(["verify-full", "verify-ca", "require"], var.rotation_function.ssl_mode)
    error_message = "rotation_function.ssl_mode must be verify-full, verify-ca or require: the function never connects without TLS."
  }

  validation {
    condition     = var.rotation_function.password_length >= 16 && var.rotation_function.password_length <= 128
    error_message = "rotation_function.password_length must be 16-128."
  }

  validation {
    condition     = var.rotation_function.logs_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", coalesce(var.rotation_function.logs_kms_key_arn, "-")))
    error_message = "rotation_function.logs_kms_key_arn must be a KMS key ARN."
  }

  validation {
    condition = !(var.create_rotation_function || anytrue([for s in values(var.secrets) : s.rotation != null && try(s.rotation.lambda_arn == null, false)])) || (
      var.rotation_function.logs_kms_key_arn != null
    )
    error_message = "rotation_function.logs_kms_key_arn is required when the module creates the rotation function (the logs key: log groups are never unencrypted)."
  }

  validation {
    condition = var.rotation_function.vpc == null || try(
      length(var.rotation_function.vpc.subnet_ids) > 0 && can(regex("^vpc-[0-9a-f]+$", var.rotation_function.vpc.vpc_id)) &&
      alltrue([for c in values(var.rotation_function.vpc.database_cidr_blocks) : can(cidrnetmask(c))]) &&
      alltrue([for c in values(var.rotation_function.vpc.https_egress_cidr_blocks) : can(cidrnetmask(c))]),
    false)
    error_message = "rotation_function.vpc needs a vpc_id (vpc-...), at least one subnet, and IPv4 CIDR blocks in database_cidr_blocks and https_egress_cidr_blocks."
  }

  validation {
    condition     = alltrue([for id in var.rotation_function.rds_instance_identifiers : can(regex("^[a-z][a-z0-9-]{0,62}$", id))])
    error_message = "rotation_function.rds_instance_identifiers must be RDS DB instance identifiers."
  }

  validation {
    # The zip is built outside Terraform (make rotation-zip); say so instead of failing in filebase64sha256().
    condition = !(var.create_rotation_function || anytrue([for s in values(var.secrets) : s.rotation != null && try(s.rotation.lambda_arn == null, false)])) || (
      var.rotation_function.package.source_code_hash != null ||
      fileexists(coalesce(var.rotation_function.package.path, "${path.module}/functions/build/postgres-single-user.zip"))
    )
    error_message = "The rotation function's zip does not exist: run `make rotation-zip` (python3 modules/secrets/functions/build.py) before plan, or set rotation_function.package."
  }
}

variable "rotation_function_log_group_class" {
  description = "Class of the rotation function's log group: STANDARD or INFREQUENT_ACCESS. null leaves it out (AWS applies STANDARD): use null on the moto emulator, which does not return the class and would replace the group on every plan. A variable of its own because an optional() object attribute cannot be set to null."
  type        = string
  default     = "STANDARD"

  validation {
    condition     = var.rotation_function_log_group_class == null || contains(["STANDARD", "INFREQUENT_ACCESS"], coalesce(var.rotation_function_log_group_class, "STANDARD"))
    error_message = "rotation_function_log_group_class must be STANDARD, INFREQUENT_ACCESS or null."
  }
}
