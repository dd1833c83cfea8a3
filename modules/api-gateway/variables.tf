variable "name" {
  description = "Name of the API (1-128 letters, digits, dots, hyphens, underscores). Also names the access log group /aws/apigateway/NAME/access."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]{1,128}$", var.name))
    error_message = "name must be 1-128 letters, digits, dots, hyphens or underscores."
  }
}

variable "description" {
  description = "Description of the API."
  type        = string
  default     = ""
}

variable "api_type" {
  description = "HTTP (API Gateway v2 HTTP API, the default: cheaper, JWT and Lambda authorizers) or REST (v1, regional; needed when a WAF web ACL must protect the API, because WAF cannot attach to an HTTP API)."
  type        = string
  default     = "HTTP"

  validation {
    condition     = contains(["HTTP", "REST"], var.api_type)
    error_message = "api_type must be HTTP or REST."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer-managed KMS key that encrypts the access (and REST execution) log groups; its policy must allow logs.REGION.amazonaws.com."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)."
  }
}

variable "log_retention_in_days" {
  description = "Days to keep access (and REST execution) logs."
  type        = number
  default     = 365
}

variable "access_log_format" {
  description = "Access log format (one JSON line per request). null: the module's JSON format for the API type."
  type        = string
  default     = null
}

variable "stage_name" {
  description = "Stage name. null: \"$default\" for an HTTP API (served at the root URL), \"v1\" for a REST API."
  type        = string
  default     = null

  validation {
    condition     = var.stage_name == null || can(regex("^(\\$default|[A-Za-z0-9_-]{1,128})$", var.stage_name))
    error_message = "stage_name must be $default or 1-128 letters, digits, hyphens or underscores."
  }

  validation {
    condition     = var.stage_name != "$default" || var.api_type == "HTTP"
    error_message = "A REST API stage cannot be named $default."
  }
}

variable "default_route_throttling" {
  description = "Throttling for every route (HTTP: default route settings; REST: method settings */*): steady-state requests per second and burst."
  type = object({
    rate_limit  = optional(number, 100)
    burst_limit = optional(number, 200)
  })
  default = {}

  validation {
    condition     = var.default_route_throttling.rate_limit > 0 && var.default_route_throttling.burst_limit > 0
    error_message = "default_route_throttling rate_limit and burst_limit must be positive."
  }
}

variable "disable_execute_api_endpoint" {
  description = "Turn off the default execute-api endpoint so clients must use the custom domain."
  type        = bool
  default     = false

  validation {
    condition     = !var.disable_execute_api_endpoint || var.domain_name != null
    error_message = "disable_execute_api_endpoint needs domain_name, or the API is unreachable."
  }
}

# --- HTTP API ----------------------------------------------------------------------------------------

variable "cors_configuration" {
  description = "CORS for an HTTP API. null: no CORS headers."
  type = object({
    allow_origins     = list(string)
    allow_methods     = optional(list(string), ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
    allow_headers     = optional(list(string), ["authorization", "content-type"])
    expose_headers    = optional(list(string), [])
    allow_credentials = optional(bool, false)
    max_age           = optional(number, 300)
  })
  default = null

  validation {
    condition     = var.cors_configuration == null || try(!(contains(var.cors_configuration.allow_origins, "*") && var.cors_configuration.allow_credentials), false)
    error_message = "cors_configuration cannot allow credentials from any origin (\"*\")."
  }
}

variable "integrations" {
  description = <<-EOT
    HTTP API integrations keyed by a name that routes refer to. `type` AWS_PROXY (Lambda; `uri` is the
    function or invoke ARN) or HTTP_PROXY (`uri` is a URL, or a load balancer listener ARN with
    `vpc_link_id`). `lambda_function_name` makes the module grant API Gateway lambda:InvokeFunction
    (scoped to this API's execution ARN).
  EOT
  type = map(object({
    type                   = optional(string, "AWS_PROXY")
    uri                    = string
    method                 = optional(string)
    payload_format_version = optional(string)
    timeout_milliseconds   = optional(number, 30000)
    vpc_link_id            = optional(string)
    lambda_function_name   = optional(string)
    description            = optional(string)
  }))
  default = {}

  validation {
    condition     = alltrue([for i in values(var.integrations) : contains(["AWS_PROXY", "HTTP_PROXY"], i.type)])
    error_message = "integrations type must be AWS_PROXY or HTTP_PROXY."
  }

  validation {
    condition     = alltrue([for i in values(var.integrations) : i.timeout_milliseconds >= 50 && i.timeout_milliseconds <= 30000])
    error_message = "integrations timeout_milliseconds must be 50-30000."
  }

  validation {
    condition     = alltrue([for i in values(var.integrations) : i.type == "HTTP_PROXY" || i.vpc_link_id == null])
    error_message = "vpc_link_id is only for HTTP_PROXY integrations."
  }
}

variable "authorizers" {
  description = <<-EOT
    HTTP API authorizers keyed by a name that routes refer to. JWT: `jwt_issuer` and `jwt_audience`
    (e.g. a Cognito user pool or an OIDC provider). REQUEST: a Lambda authorizer, `lambda_invoke_arn`
    (and `lambda_function_name` to let the module grant API Gateway the invoke permission).
  EOT
  type = map(object({
    type                    = string
    identity_sources        = optional(list(string), ["$request.header.Authorization"])
    jwt_issuer              = optional(string)
    jwt_audience            = optional(list(string))
    lambda_invoke_arn       = optional(string)
    lambda_function_name    = optional(string)
    payload_format_version  = optional(string, "2.0")
    enable_simple_responses = optional(bool, true)
    result_ttl_in_seconds   = optional(number, 300)
  }))
  default = {}

  validation {
    condition     = alltrue([for a in values(var.authorizers) : contains(["JWT", "REQUEST"], a.type)])
    error_message = "authorizers type must be JWT or REQUEST."
  }

  validation {
    condition     = alltrue([for a in values(var.authorizers) : a.type != "JWT" || (a.jwt_issuer != null && try(length(a.jwt_audience) > 0, false))])
    error_message = "A JWT authorizer needs jwt_issuer and at least one jwt_audience."
  }

  validation {
    condition     = alltrue([for a in values(var.authorizers) : a.type != "JWT" || try(startswith(a.jwt_issuer, "https://"), false)])
    error_message = "jwt_issuer must be an https:// URL."
  }

  validation {
    condition     = alltrue([for a in values(var.authorizers) : a.type != "REQUEST" || a.lambda_invoke_arn != null])
    error_message = "A REQUEST (Lambda) authorizer needs lambda_invoke_arn."
  }
}

variable "routes" {
  description = <<-EOT
    HTTP API routes keyed by route key ("GET /orders/{id}", "ANY /{proxy+}", "$default"). `integration`
    names an entry of integrations. Every route states how callers are authorised: `authorizer` (an entry
    of authorizers) or `authorization_type` AWS_IAM, or NONE to be public on purpose. Per-route throttling
    overrides default_route_throttling.
  EOT
  type = map(object({
    integration            = string
    authorizer             = optional(string)
    authorization_type     = optional(string)
    authorization_scopes   = optional(list(string))
    throttling_rate_limit  = optional(number)
    throttling_burst_limit = optional(number)
  }))
  default = {}

  validation {
    condition     = alltrue([for k in keys(var.routes) : k == "$default" || can(regex("^(ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /[^ ]*$", k))])
    error_message = "routes keys must be \"METHOD /path\" (ANY, GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS) or \"$default\"."
  }

  validation {
    condition     = alltrue([for r in values(var.routes) : (r.authorizer == null) != (r.authorization_type == null)])
    error_message = "Every route needs exactly one of authorizer or authorization_type (AWS_IAM, or NONE for a deliberately public route)."
  }

  validation {
    condition     = alltrue([for r in values(var.routes) : r.authorization_type == null || contains(["AWS_IAM", "NONE"], coalesce(r.authorization_type, "NONE"))])
    error_message = "routes authorization_type must be AWS_IAM or NONE (use authorizer for JWT and Lambda authorizers)."
  }

  validation {
    condition     = alltrue([for r in values(var.routes) : contains(keys(var.integrations), r.integration)])
    error_message = "Every route's integration must be a key of integrations."
  }

  validation {
    condition     = alltrue([for r in values(var.routes) : r.authorizer == null || contains(keys(var.authorizers), coalesce(r.authorizer, "-"))])
    error_message = "Every route's authorizer must be a key of authorizers."
  }

  validation {
    condition     = var.api_type == "HTTP" || length(var.routes) == 0
    error_message = "routes, integrations and authorizers are for api_type = \"HTTP\"; a REST API is described by openapi_spec."
  }
}

# --- REST API ------------------------------------------------------------------------------------------

variable "openapi_spec" {
  description = "REST API definition: an OpenAPI 3 (or Swagger 2) document, JSON or YAML, with x-amazon-apigateway-integration extensions. Required for api_type = \"REST\". A change redeploys the stage."
  type        = string
  default     = null

  validation {
    condition     = (var.api_type == "REST") == (var.openapi_spec != null)
    error_message = "openapi_spec is required for api_type = \"REST\" and only used there."
  }
}

variable "rest_policy" {
  description = "Resource policy (JSON) of a REST API, e.g. to limit callers by source IP or VPC endpoint."
  type        = string
  default     = null

  validation {
    condition     = var.rest_policy == null || can(jsondecode(var.rest_policy).Statement)
    error_message = "rest_policy must be a JSON IAM policy document."
  }
}

variable "rest_logging_level" {
  description = "REST execution logging: OFF, ERROR (the default) or INFO, into an encrypted API-Gateway-Execution-Logs_ID/STAGE group the module creates first. REST logging (access and execution) needs the account's API Gateway CloudWatch role (aws_api_gateway_account), set once per region by the platform."
  type        = string
  default     = "ERROR"

  validation {
    condition     = contains(["OFF", "ERROR", "INFO"], var.rest_logging_level)
    error_message = "rest_logging_level must be OFF, ERROR or INFO."
  }
}

variable "rest_xray_tracing_enabled" {
  description = "X-Ray tracing on the REST stage (HTTP APIs do not support X-Ray)."
  type        = bool
  default     = true
}

variable "rest_cache_cluster_size" {
  description = "REST stage cache size in GB (0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237); cached data is always encrypted. null: no cache (it is billed per hour)."
  type        = string
  default     = null

  validation {
    condition     = var.rest_cache_cluster_size == null || contains(["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"], coalesce(var.rest_cache_cluster_size, "0.5"))
    error_message = "rest_cache_cluster_size must be one of 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237."
  }
}

variable "rest_cache_ttl_in_seconds" {
  description = "Time to live of cached responses (0-3600) when the cache is on."
  type        = number
  default     = 300

  validation {
    condition     = var.rest_cache_ttl_in_seconds >= 0 && var.rest_cache_ttl_in_seconds <= 3600
    error_message = "rest_cache_ttl_in_seconds must be 0-3600."
  }
}

variable "associate_web_acl" {
  description = "Associate web_acl_arn with the REST stage. Only for api_type = \"REST\": WAF cannot protect an HTTP API. A flag rather than `web_acl_arn != null`, so that a web ACL created in the same apply still gives a known plan."
  type        = bool
  default     = false

  validation {
    condition     = !var.associate_web_acl || var.api_type == "REST"
    error_message = "associate_web_acl needs api_type = \"REST\": AWS WAF cannot be associated with an HTTP API."
  }
}

variable "web_acl_arn" {
  description = "WAFv2 web ACL (scope REGIONAL) for the REST stage; set associate_web_acl = true with it."
  type        = string
  default     = null

  validation {
    condition     = (var.web_acl_arn != null) == var.associate_web_acl
    error_message = "Set web_acl_arn together with associate_web_acl = true (a web ACL given without the flag would silently protect nothing)."
  }

  validation {
    condition     = var.web_acl_arn == null || can(regex("^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:[0-9]{12}:regional/webacl/.+$", var.web_acl_arn))
    error_message = "web_acl_arn must be a REGIONAL WAFv2 web ACL ARN (arn:aws:wafv2:REGION:ACCOUNT:regional/webacl/NAME/ID)."
  }
}

# --- custom domain -------------------------------------------------------------------------------------

variable "domain_name" {
  description = <<-EOT
    Custom domain (regional endpoint, TLS 1.2): `name`, `certificate_arn` (an issued ACM certificate in the
    API's region covering the name), `base_path` (API mapping key; "" maps the root) and, optionally,
    `hosted_zone_id` where `create_dns_records` (default true) creates Route53 alias A and AAAA records
    pointing at the domain; create_dns_records = false leaves DNS to the caller (see domain_name_target).
  EOT
  type = object({
    name               = string
    certificate_arn    = string
    base_path          = optional(string, "")
    create_dns_records = optional(bool, true)
    hosted_zone_id     = optional(string)
  })
  default = null

  validation {
    condition     = var.domain_name == null || try(!var.domain_name.create_dns_records || var.domain_name.hosted_zone_id != null, false)
    error_message = "domain_name.create_dns_records needs hosted_zone_id (or set create_dns_records = false)."
  }

  validation {
    condition     = var.domain_name == null || try(can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", var.domain_name.certificate_arn)) && can(regex("^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$", var.domain_name.name)), false)
    error_message = "domain_name needs a lower-case DNS name and an ACM certificate ARN."
  }
}

variable "tags" {
  description = "Tags for every taggable resource, added to the provider's default_tags. The module sets Name."
  type        = map(string)
  default     = {}
}
