variable "name" {
  description = "Name of the target group (1-32 letters, digits and hyphens), e.g. the service's name."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z0-9]([A-Za-z0-9-]{0,30}[A-Za-z0-9])?$", var.name))
    error_message = "name must be 1-32 letters, digits and hyphens, not starting or ending with a hyphen."
  }
}

variable "vpc_id" {
  description = "VPC of the target group (the platform's network vpc_id)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id must be a VPC id such as vpc-0123456789abcdef0."
  }
}

variable "listener_arn" {
  description = "The shared load balancer's HTTPS listener (the platform's services https_listener_arn)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:listener/app/.+$", var.listener_arn))
    error_message = "listener_arn must be an application load balancer listener ARN (arn:aws:elasticloadbalancing:REGION:ACCOUNT:listener/app/...)."
  }
}

variable "priority" {
  description = "Priority of the listener rule (1-50000, unique on the listener): the platform team assigns one per service."
  type        = number
  nullable    = false

  validation {
    condition     = var.priority >= 1 && var.priority <= 50000 && floor(var.priority) == var.priority
    error_message = "priority must be a whole number from 1 to 50000."
  }
}

variable "host_headers" {
  description = "Host names routed to the service (e.g. [\"orders.connectly.io\"]); with path_patterns, both must match."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "path_patterns" {
  description = "Path patterns routed to the service (e.g. [\"/orders/*\"])."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = length(var.host_headers) + length(var.path_patterns) >= 1 && length(var.host_headers) + length(var.path_patterns) <= 5
    error_message = "A route needs 1-5 host_headers and path_patterns in all (a rule allows five condition values)."
  }
}

variable "port" {
  description = "Container port the tasks serve HTTP on (TLS ends at the load balancer)."
  type        = number
  nullable    = false

  validation {
    condition     = var.port >= 1 && var.port <= 65535 && floor(var.port) == var.port
    error_message = "port must be 1-65535."
  }
}

variable "health_check_path" {
  description = "Path of the HTTP health check (200-399 is healthy)."
  type        = string
  default     = "/health"
  nullable    = false

  validation {
    condition     = startswith(var.health_check_path, "/")
    error_message = "health_check_path must start with /."
  }
}

variable "deregistration_delay" {
  description = "Seconds the load balancer drains a task before deregistering it."
  type        = number
  default     = 30
  nullable    = false
}

variable "tags" {
  description = "Tags for every resource, merged over the provider's default_tags. The module adds Name."
  type        = map(string)
  default     = {}
  nullable    = false
}
