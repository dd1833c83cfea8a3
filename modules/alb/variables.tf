variable "name" {
  description = "Name of the load balancer (1-32 letters, digits and hyphens; not starting with internal-). Also the prefix of the security group and default target group names."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9]([A-Za-z0-9-]{0,30}[A-Za-z0-9])?$", var.name)) && !startswith(lower(var.name), "internal-")
    error_message = "name must be 1-32 letters, digits and hyphens, must not start or end with a hyphen, and must not start with internal-."
  }
}

variable "internal" {
  description = "Internal load balancer (reachable only inside the VPC). Internet-facing needs internal = false and public subnets."
  type        = bool
  default     = true
  nullable    = false
}

variable "vpc_id" {
  description = "VPC of the load balancer, its security group and its (non-lambda) target groups."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id must be a VPC id such as vpc-0123456789abcdef0."
  }
}

variable "subnet_ids" {
  description = "Subnets of the load balancer: at least two, in different Availability Zones."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2 && alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", s))])
    error_message = "subnet_ids must list at least two subnet ids (subnet-...)."
  }
}

variable "access_logs" {
  description = "Access logs, always on: S3 bucket (it must allow ELB log delivery and use SSE-S3, e.g. modules/s3-bucket with attach_lb_log_delivery_policy = true and sse_algorithm = \"AES256\") and an optional key prefix."
  type = object({
    bucket = string
    prefix = optional(string)
  })
  nullable = false

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.access_logs.bucket))
    error_message = "access_logs.bucket must be an S3 bucket name."
  }

  validation {
    condition     = var.access_logs.prefix == null || (!startswith(coalesce(var.access_logs.prefix, "-"), "/") && !endswith(coalesce(var.access_logs.prefix, "-"), "/") && !strcontains(lower(coalesce(var.access_logs.prefix, "-")), "awslogs"))
    error_message = "access_logs.prefix must not start or end with / and must not contain AWSLogs."
  }
}

variable "connection_logs" {
  description = "Optional connection logs (client TLS handshakes) to S3, same rules as access_logs. null = off."
  type = object({
    bucket = string
    prefix = optional(string)
  })
  default = null

  validation {
    condition     = var.connection_logs == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", try(var.connection_logs.bucket, "")))
    error_message = "connection_logs.bucket must be an S3 bucket name."
  }
}

variable "enable_deletion_protection" {
  description = "Deletion protection: the load balancer cannot be deleted until this is turned off. Keep true outside throw-away environments."
  type        = bool
  default     = true
  nullable    = false
}

variable "drop_invalid_header_fields" {
  description = "Drop HTTP headers with invalid names instead of routing them to targets (request smuggling defence)."
  type        = bool
  default     = true
  nullable    = false
}

variable "desync_mitigation_mode" {
  description = "HTTP desync mitigation: monitor, defensive (AWS default) or strictest."
  type        = string
  default     = "defensive"
  nullable    = false

  validation {
    condition     = contains(["monitor", "defensive", "strictest"], var.desync_mitigation_mode)
    error_message = "desync_mitigation_mode must be monitor, defensive or strictest."
  }
}

variable "idle_timeout" {
  description = "Idle connection timeout in seconds (1-4000)."
  type        = number
  default     = 60
  nullable    = false

  validation {
    condition     = var.idle_timeout >= 1 && var.idle_timeout <= 4000
    error_message = "idle_timeout must be 1-4000 seconds."
  }
}

variable "ip_address_type" {
  description = "ipv4 or dualstack."
  type        = string
  default     = "ipv4"
  nullable    = false

  validation {
    condition     = contains(["ipv4", "dualstack"], var.ip_address_type)
    error_message = "ip_address_type must be ipv4 or dualstack."
  }
}

variable "create_security_group" {
  description = "Create the load balancer's own security group through ../security-group (ingress and egress from security_group_ingress_rules / security_group_egress_rules)."
  type        = bool
  default     = true
  nullable    = false
}

variable "security_group_ingress_rules" {
  description = "Ingress rules of the load balancer's security group, keyed by name (type as in modules/security-group), e.g. HTTPS from the VPC CIDR. Empty by default: nothing can reach the load balancer until you say who may."
  type = map(object({
    description                  = string
    from_port                    = optional(number)
    to_port                      = optional(number)
    ip_protocol                  = optional(string, "tcp")
    cidr_ipv4                    = optional(string)
    cidr_ipv6                    = optional(string)
    referenced_security_group_id = optional(string)
    prefix_list_id               = optional(string)
  }))
  default  = {}
  nullable = false
}

variable "security_group_egress_rules" {
  description = "Egress rules of the load balancer's security group, keyed by name (type as in modules/security-group), normally the target port to the targets' security group or subnets. Empty by default (no egress)."
  type = map(object({
    description                  = string
    from_port                    = optional(number)
    to_port                      = optional(number)
    ip_protocol                  = optional(string, "tcp")
    cidr_ipv4                    = optional(string)
    cidr_ipv6                    = optional(string)
    referenced_security_group_id = optional(string)
    prefix_list_id               = optional(string)
  }))
  default  = {}
  nullable = false
}

variable "security_group_ids" {
  description = "Additional existing security groups to attach to the load balancer."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for s in var.security_group_ids : can(regex("^sg-[0-9a-f]{8,17}$", s))])
    error_message = "security_group_ids must be security group ids (sg-...)."
  }
}

variable "target_groups" {
  description = <<-EOT
    Target groups keyed by name. name defaults to "<lb name>-<key>" (cut to 32 characters). target_type: ip (default),
    instance or lambda (lambda ignores port/protocol). targets: optional static attachments keyed by name.
  EOT
  type = map(object({
    name                 = optional(string)
    port                 = optional(number)
    protocol             = optional(string, "HTTP")
    protocol_version     = optional(string, "HTTP1")
    target_type          = optional(string, "ip")
    deregistration_delay = optional(number, 300)
    slow_start           = optional(number, 0)
    health_check = optional(object({
      enabled             = optional(bool, true)
      path                = optional(string, "/")
      port                = optional(string, "traffic-port")
      protocol            = optional(string)
      matcher             = optional(string, "200")
      interval            = optional(number, 30)
      timeout             = optional(number, 5)
      healthy_threshold   = optional(number, 3)
      unhealthy_threshold = optional(number, 3)
    }), {})
    stickiness = optional(object({
      type            = optional(string, "lb_cookie")
      cookie_duration = optional(number, 86400)
      cookie_name     = optional(string)
    }))
    targets = optional(map(object({
      target_id         = string
      port              = optional(number)
      availability_zone = optional(string)
    })), {})
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for k, tg in var.target_groups : can(regex("^[A-Za-z0-9_-]{1,32}$", k))])
    error_message = "target_groups keys must be 1-32 letters, digits, '_' or '-'."
  }

  validation {
    condition     = alltrue([for tg in var.target_groups : tg.name == null || can(regex("^[A-Za-z0-9]([A-Za-z0-9-]{0,30}[A-Za-z0-9])?$", coalesce(tg.name, "x")))])
    error_message = "target_groups[*].name must be 1-32 letters, digits and hyphens, not starting or ending with a hyphen."
  }

  validation {
    condition     = alltrue([for tg in var.target_groups : contains(["ip", "instance", "lambda"], tg.target_type)])
    error_message = "target_groups[*].target_type must be ip, instance or lambda."
  }

  validation {
    condition     = alltrue([for tg in var.target_groups : tg.target_type == "lambda" || (coalesce(tg.port, 0) >= 1 && coalesce(tg.port, 0) <= 65535 && contains(["HTTP", "HTTPS"], tg.protocol))])
    error_message = "target_groups[*]: ip and instance target groups need port (1-65535) and protocol HTTP or HTTPS."
  }

  validation {
    condition     = alltrue([for tg in var.target_groups : contains(["HTTP1", "HTTP2", "GRPC"], tg.protocol_version)])
    error_message = "target_groups[*].protocol_version must be HTTP1, HTTP2 or GRPC."
  }

  validation {
    condition     = alltrue([for tg in var.target_groups : tg.deregistration_delay >= 0 && tg.deregistration_delay <= 3600 && (tg.slow_start == 0 || (tg.slow_start >= 30 && tg.slow_start <= 900))])
    error_message = "target_groups[*]: deregistration_delay must be 0-3600 and slow_start 0 or 30-900 seconds."
  }

  validation {
    condition = alltrue([for tg in var.target_groups : (
      tg.health_check.interval >= 5 && tg.health_check.interval <= 300 &&
      tg.health_check.timeout >= 2 && tg.health_check.timeout <= 120 && tg.health_check.timeout < tg.health_check.interval &&
      tg.health_check.healthy_threshold >= 2 && tg.health_check.healthy_threshold <= 10 &&
      tg.health_check.unhealthy_threshold >= 2 && tg.health_check.unhealthy_threshold <= 10 &&
      startswith(tg.health_check.path, "/") &&
      (tg.health_check.protocol == null || contains(["HTTP", "HTTPS"], coalesce(tg.health_check.protocol, "HTTP")))
    )])
    error_message = "target_groups[*].health_check: interval 5-300, timeout 2-120 and below interval, thresholds 2-10, path starting with /, protocol HTTP or HTTPS."
  }

  validation {
    condition     = alltrue([for tg in var.target_groups : tg.stickiness == null || contains(["lb_cookie", "app_cookie"], try(tg.stickiness.type, ""))])
    error_message = "target_groups[*].stickiness.type must be lb_cookie or app_cookie."
  }
}

variable "listeners" {
  description = <<-EOT
    Listeners keyed by name. protocol: HTTPS (default; needs certificate_arn) or HTTP. ssl_policy defaults to
    ELBSecurityPolicy-TLS13-1-2-2021-06 and must be a TLS 1.2+ policy. Exactly one default action:
    forward = { target_group_key }, redirect = { ... } or fixed_response = { ... }. An HTTP listener may only
    redirect to HTTPS (or answer with a fixed response) unless allow_plain_http_listeners = true.
    rules: optional listener rules keyed by name, each with a priority, host_headers and/or path_patterns,
    and one action (forward / redirect / fixed_response).
  EOT
  type = map(object({
    port                        = number
    protocol                    = optional(string, "HTTPS")
    certificate_arn             = optional(string)
    additional_certificate_arns = optional(map(string), {})
    ssl_policy                  = optional(string, "ELBSecurityPolicy-TLS13-1-2-2021-06")
    forward = optional(object({
      target_group_key = string
    }))
    redirect = optional(object({
      port        = optional(string, "443")
      protocol    = optional(string, "HTTPS")
      host        = optional(string)
      path        = optional(string)
      query       = optional(string)
      status_code = optional(string, "HTTP_301")
    }))
    fixed_response = optional(object({
      content_type = optional(string, "text/plain")
      message_body = optional(string)
      status_code  = optional(string, "404")
    }))
    rules = optional(map(object({
      priority      = number
      host_headers  = optional(list(string), [])
      path_patterns = optional(list(string), [])
      forward = optional(object({
        target_group_key = string
      }))
      redirect = optional(object({
        port        = optional(string, "443")
        protocol    = optional(string, "HTTPS")
        host        = optional(string)
        path        = optional(string)
        query       = optional(string)
        status_code = optional(string, "HTTP_301")
      }))
      fixed_response = optional(object({
        content_type = optional(string, "text/plain")
        message_body = optional(string)
        status_code  = optional(string, "404")
      }))
    })), {})
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for k, l in var.listeners : can(regex("^[A-Za-z0-9_-]{1,32}$", k)) && alltrue([for rk, r in l.rules : can(regex("^[A-Za-z0-9_-]{1,32}$", rk))])])
    error_message = "listeners keys and their rules keys must be 1-32 letters, digits, '_' or '-'."
  }

  validation {
    condition     = alltrue([for l in var.listeners : l.port >= 1 && l.port <= 65535 && contains(["HTTP", "HTTPS"], l.protocol)])
    error_message = "listeners[*]: port 1-65535 and protocol HTTP or HTTPS."
  }

  validation {
    condition = alltrue([for l in var.listeners : l.protocol == "HTTP" ? (l.certificate_arn == null && length(l.additional_certificate_arns) == 0) : (
      can(regex("^arn:aws[a-z-]*:(acm|iam):[a-z0-9-]*:[0-9]{12}:(certificate|server-certificate)/.+$", l.certificate_arn)) &&
      alltrue([for c in values(l.additional_certificate_arns) : can(regex("^arn:aws[a-z-]*:(acm|iam):[a-z0-9-]*:[0-9]{12}:(certificate|server-certificate)/.+$", c))])
    )])
    error_message = "listeners[*]: HTTPS listeners need certificate_arn (an ACM or IAM certificate ARN, as are additional_certificate_arns); HTTP listeners take no certificate."
  }

  validation {
    condition     = alltrue([for l in var.listeners : l.protocol == "HTTP" || can(regex("^ELBSecurityPolicy-(TLS13-1-[23]-.+|FS-1-2-.+|TLS-1-2-.+)$", l.ssl_policy))])
    error_message = "listeners[*].ssl_policy must be a TLS 1.2+ policy (ELBSecurityPolicy-TLS13-1-2-*, -TLS13-1-3-*, -FS-1-2-* or -TLS-1-2-*); the default is ELBSecurityPolicy-TLS13-1-2-2021-06."
  }

  validation {
    condition = alltrue(flatten([for l in var.listeners : concat(
      [length([for a in [l.forward, l.redirect, l.fixed_response] : a if a != null]) == 1],
      [for r in l.rules : length([for a in [r.forward, r.redirect, r.fixed_response] : a if a != null]) == 1],
    )]))
    error_message = "listeners[*] and their rules need exactly one action: forward, redirect or fixed_response."
  }

  validation {
    condition = alltrue(flatten([for l in var.listeners : [
      for key in concat([try(l.forward.target_group_key, null)], [for r in l.rules : try(r.forward.target_group_key, null)]) :
      key == null || contains(keys(var.target_groups), coalesce(key, "-"))
    ]]))
    error_message = "listeners[*]: every forward.target_group_key must be a key of target_groups."
  }

  validation {
    condition = var.allow_plain_http_listeners || alltrue(flatten([for l in var.listeners : l.protocol == "HTTPS" ? [true] : concat(
      [l.forward == null && (l.redirect == null || try(l.redirect.protocol, "") == "HTTPS")],
      [for r in l.rules : r.forward == null && (r.redirect == null || try(r.redirect.protocol, "") == "HTTPS")],
    )]))
    error_message = "listeners[*]: an HTTP listener may only redirect to HTTPS or return a fixed response; set allow_plain_http_listeners = true to forward plain HTTP."
  }

  validation {
    condition = alltrue(flatten([for l in var.listeners : [for r in l.rules : (
      r.priority >= 1 && r.priority <= 50000 && floor(r.priority) == r.priority &&
      length(r.host_headers) + length(r.path_patterns) >= 1
    )]]))
    error_message = "listeners[*].rules[*]: priority must be 1-50000 and each rule needs host_headers and/or path_patterns."
  }

  validation {
    condition = alltrue(flatten([for l in var.listeners : [
      for a in concat([l.redirect], [for r in l.rules : r.redirect]) : a == null || contains(["HTTP_301", "HTTP_302"], try(a.status_code, ""))
      ]
    ]))
    error_message = "listeners[*]: redirect.status_code must be HTTP_301 or HTTP_302."
  }

  validation {
    condition = alltrue(flatten([for l in var.listeners : [
      for a in concat([l.fixed_response], [for r in l.rules : r.fixed_response]) :
      a == null || (can(regex("^[2-5][0-9][0-9]$", try(a.status_code, ""))) && contains(["text/plain", "text/css", "text/html", "application/javascript", "application/json"], try(a.content_type, "")))
      ]
    ]))
    error_message = "listeners[*]: fixed_response needs a 2XX-5XX status_code and content_type text/plain, text/css, text/html, application/javascript or application/json."
  }
}

variable "http_to_https_redirect" {
  description = "Add an HTTP listener on http_redirect_port that redirects every request to HTTPS on port 443 (HTTP 301). Needs an HTTPS listener on 443."
  type        = bool
  default     = true
  nullable    = false
}

variable "http_redirect_port" {
  description = "Port of the HTTP-to-HTTPS redirect listener."
  type        = number
  default     = 80
  nullable    = false

  validation {
    condition     = var.http_redirect_port >= 1 && var.http_redirect_port <= 65535
    error_message = "http_redirect_port must be 1-65535."
  }
}

variable "allow_plain_http_listeners" {
  description = "Allow HTTP listeners (and rules) that forward to targets instead of redirecting to HTTPS. Off by default."
  type        = bool
  default     = false
  nullable    = false
}

variable "web_acl_arn" {
  description = "ARN of a WAFv2 web ACL (scope REGIONAL) to associate with the load balancer. null = no association. If the ARN is only known after apply, also set associate_web_acl = true."
  type        = string
  default     = null

  validation {
    condition     = var.web_acl_arn == null || can(regex("^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:[0-9]{12}:regional/webacl/.+$", var.web_acl_arn))
    error_message = "web_acl_arn must be a REGIONAL WAFv2 web ACL ARN (arn:aws:wafv2:REGION:ACCOUNT:regional/webacl/NAME/ID)."
  }
}

variable "associate_web_acl" {
  description = "Whether to create the WAF association. null (default) = when web_acl_arn is set. Set true when web_acl_arn comes from a resource created in the same apply, so the decision is known at plan time."
  type        = bool
  default     = null
}

variable "tags" {
  description = "Tags for every resource, merged over the provider's default_tags. The module adds Name."
  type        = map(string)
  default     = {}
  nullable    = false
}
