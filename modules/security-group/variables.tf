variable "name" {
  description = "Name of the security group (also its Name tag). 1-255 characters; must not start with sg-."
  type        = string

  validation {
    condition     = length(var.name) >= 1 && length(var.name) <= 255 && can(regex("^[A-Za-z0-9 ._\\-:/()#,@\\[\\]+=&;{}!$*]+$", var.name)) && !startswith(var.name, "sg-")
    error_message = "name must be 1-255 characters of letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*, and must not start with sg-."
  }
}

variable "description" {
  description = "Description of the security group (what it is for). Changing it replaces the group."
  type        = string

  validation {
    condition     = length(trimspace(var.description)) >= 1 && length(var.description) <= 255 && can(regex("^[A-Za-z0-9 ._\\-:/()#,@\\[\\]+=&;{}!$*]+$", var.description))
    error_message = "description must be 1-255 characters of letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*."
  }
}

variable "vpc_id" {
  description = "ID of the VPC the security group belongs to."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id must be a VPC id such as vpc-0123456789abcdef0."
  }
}

variable "ingress_rules" {
  description = <<-EOT
    Ingress rules keyed by rule name (one aws_vpc_security_group_ingress_rule each). Each rule sets exactly one
    source: cidr_ipv4, cidr_ipv6, referenced_security_group_id ("self" = this group) or prefix_list_id.
    ip_protocol: tcp (default), udp, icmp, icmpv6, -1 (all) or a protocol number. tcp/udp need from_port and to_port.
    Rules open to 0.0.0.0/0 or ::/0 on 22, 3389, 3306, 5432, 6379, 1433 or 27017 (or on all protocols) are
    rejected unless allow_public_admin_ports = true.
  EOT
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

  validation {
    condition     = alltrue([for k, r in var.ingress_rules : can(regex("^[A-Za-z0-9_.-]{1,64}$", k))])
    error_message = "ingress_rules keys are rule names: 1-64 letters, digits, '_', '.' or '-'."
  }

  validation {
    condition     = alltrue([for r in var.ingress_rules : length(trimspace(r.description)) >= 1 && length(r.description) <= 255 && can(regex("^[A-Za-z0-9 ._\\-:/()#,@\\[\\]+=&;{}!$*]*$", r.description))])
    error_message = "ingress_rules[*].description is required: 1-255 characters of letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*."
  }

  validation {
    condition     = alltrue([for r in var.ingress_rules : contains(["tcp", "udp", "icmp", "icmpv6", "-1"], r.ip_protocol) || can(regex("^([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])$", r.ip_protocol))])
    error_message = "ingress_rules[*].ip_protocol must be tcp, udp, icmp, icmpv6, -1 (all) or a protocol number 0-255."
  }

  validation {
    condition = alltrue([for r in var.ingress_rules : !contains(["tcp", "udp", "6", "17"], r.ip_protocol) || (
      r.from_port != null && r.to_port != null &&
      coalesce(r.from_port, -1) >= 0 && coalesce(r.to_port, 65536) <= 65535 && coalesce(r.from_port, 1) <= coalesce(r.to_port, 0)
    )])
    error_message = "ingress_rules[*]: tcp and udp rules need from_port and to_port with 0 <= from_port <= to_port <= 65535."
  }

  validation {
    condition = alltrue([for r in var.ingress_rules : !contains(["icmp", "icmpv6", "1", "58"], r.ip_protocol) || (
      coalesce(r.from_port, -1) >= -1 && coalesce(r.from_port, -1) <= 255 && coalesce(r.to_port, -1) >= -1 && coalesce(r.to_port, -1) <= 255
    )])
    error_message = "ingress_rules[*]: for icmp/icmpv6, from_port is the ICMP type and to_port the code, each -1 (all) or 0-255."
  }

  validation {
    condition     = alltrue([for r in var.ingress_rules : r.ip_protocol != "-1" || (r.from_port == null && r.to_port == null)])
    error_message = "ingress_rules[*]: a rule with ip_protocol = \"-1\" covers every port; leave from_port and to_port unset."
  }

  validation {
    condition     = alltrue([for r in var.ingress_rules : length(compact([r.cidr_ipv4, r.cidr_ipv6, r.referenced_security_group_id, r.prefix_list_id])) == 1])
    error_message = "ingress_rules[*]: set exactly one of cidr_ipv4, cidr_ipv6, referenced_security_group_id or prefix_list_id."
  }

  validation {
    condition     = alltrue([for r in var.ingress_rules : r.cidr_ipv4 == null || (can(cidrnetmask(r.cidr_ipv4)) && try(cidrsubnet(r.cidr_ipv4, 0, 0) == r.cidr_ipv4, false))])
    error_message = "ingress_rules[*].cidr_ipv4 must be an IPv4 network in CIDR notation (host bits zero), e.g. 10.0.0.0/16."
  }

  validation {
    condition     = alltrue([for r in var.ingress_rules : r.cidr_ipv6 == null || (can(cidrhost(r.cidr_ipv6, 0)) && strcontains(coalesce(r.cidr_ipv6, "-"), ":"))])
    error_message = "ingress_rules[*].cidr_ipv6 must be an IPv6 network in CIDR notation, e.g. 2001:db8::/56."
  }

  validation {
    condition     = alltrue([for r in var.ingress_rules : r.referenced_security_group_id == null || can(regex("^(self|([0-9]{12}/)?sg-[0-9a-f]{8,17})$", r.referenced_security_group_id))])
    error_message = "ingress_rules[*].referenced_security_group_id must be a security group id (sg-..., or ACCOUNT/sg-... across a peering) or \"self\" for this group."
  }

  validation {
    condition     = alltrue([for r in var.ingress_rules : r.prefix_list_id == null || can(regex("^pl-[0-9a-f]{8,17}$", r.prefix_list_id))])
    error_message = "ingress_rules[*].prefix_list_id must be a managed prefix list id (pl-...)."
  }

  validation {
    condition = var.allow_public_admin_ports || alltrue([for r in var.ingress_rules : !(
      (endswith(coalesce(r.cidr_ipv4, "-"), "/0") || endswith(coalesce(r.cidr_ipv6, "-"), "/0")) &&
      (r.ip_protocol == "-1" || (contains(["tcp", "udp", "6", "17"], r.ip_protocol) &&
      anytrue([for p in [22, 3389, 3306, 5432, 6379, 1433, 27017] : coalesce(r.from_port, 65536) <= p && p <= coalesce(r.to_port, -1)])))
    )])
    error_message = "ingress_rules: a rule open to 0.0.0.0/0 or ::/0 must not cover an admin or database port (22, 3389, 3306, 5432, 6379, 1433, 27017), nor all protocols; narrow the source, or set allow_public_admin_ports = true if this is really intended."
  }
}

variable "egress_rules" {
  description = <<-EOT
    Egress rules keyed by rule name (one aws_vpc_security_group_egress_rule each), same shape as ingress_rules.
    Empty by default: the group then allows no outbound traffic (Terraform removes the allow-all egress rule
    AWS adds to every new group). Ask for egress explicitly, e.g.
    { all = { description = "All outbound", ip_protocol = "-1", cidr_ipv4 = "0.0.0.0/0" } }.
  EOT
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

  validation {
    condition     = alltrue([for k, r in var.egress_rules : can(regex("^[A-Za-z0-9_.-]{1,64}$", k))])
    error_message = "egress_rules keys are rule names: 1-64 letters, digits, '_', '.' or '-'."
  }

  validation {
    condition     = alltrue([for r in var.egress_rules : length(trimspace(r.description)) >= 1 && length(r.description) <= 255 && can(regex("^[A-Za-z0-9 ._\\-:/()#,@\\[\\]+=&;{}!$*]*$", r.description))])
    error_message = "egress_rules[*].description is required: 1-255 characters of letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*."
  }

  validation {
    condition     = alltrue([for r in var.egress_rules : contains(["tcp", "udp", "icmp", "icmpv6", "-1"], r.ip_protocol) || can(regex("^([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])$", r.ip_protocol))])
    error_message = "egress_rules[*].ip_protocol must be tcp, udp, icmp, icmpv6, -1 (all) or a protocol number 0-255."
  }

  validation {
    condition = alltrue([for r in var.egress_rules : !contains(["tcp", "udp", "6", "17"], r.ip_protocol) || (
      r.from_port != null && r.to_port != null &&
      coalesce(r.from_port, -1) >= 0 && coalesce(r.to_port, 65536) <= 65535 && coalesce(r.from_port, 1) <= coalesce(r.to_port, 0)
    )])
    error_message = "egress_rules[*]: tcp and udp rules need from_port and to_port with 0 <= from_port <= to_port <= 65535."
  }

  validation {
    condition = alltrue([for r in var.egress_rules : !contains(["icmp", "icmpv6", "1", "58"], r.ip_protocol) || (
      coalesce(r.from_port, -1) >= -1 && coalesce(r.from_port, -1) <= 255 && coalesce(r.to_port, -1) >= -1 && coalesce(r.to_port, -1) <= 255
    )])
    error_message = "egress_rules[*]: for icmp/icmpv6, from_port is the ICMP type and to_port the code, each -1 (all) or 0-255."
  }

  validation {
    condition     = alltrue([for r in var.egress_rules : r.ip_protocol != "-1" || (r.from_port == null && r.to_port == null)])
    error_message = "egress_rules[*]: a rule with ip_protocol = \"-1\" covers every port; leave from_port and to_port unset."
  }

  validation {
    condition     = alltrue([for r in var.egress_rules : length(compact([r.cidr_ipv4, r.cidr_ipv6, r.referenced_security_group_id, r.prefix_list_id])) == 1])
    error_message = "egress_rules[*]: set exactly one of cidr_ipv4, cidr_ipv6, referenced_security_group_id or prefix_list_id."
  }

  validation {
    condition     = alltrue([for r in var.egress_rules : r.cidr_ipv4 == null || (can(cidrnetmask(r.cidr_ipv4)) && try(cidrsubnet(r.cidr_ipv4, 0, 0) == r.cidr_ipv4, false))])
    error_message = "egress_rules[*].cidr_ipv4 must be an IPv4 network in CIDR notation (host bits zero), e.g. 10.0.0.0/16."
  }

  validation {
    condition     = alltrue([for r in var.egress_rules : r.cidr_ipv6 == null || (can(cidrhost(r.cidr_ipv6, 0)) && strcontains(coalesce(r.cidr_ipv6, "-"), ":"))])
    error_message = "egress_rules[*].cidr_ipv6 must be an IPv6 network in CIDR notation, e.g. 2001:db8::/56."
  }

  validation {
    condition     = alltrue([for r in var.egress_rules : r.referenced_security_group_id == null || can(regex("^(self|([0-9]{12}/)?sg-[0-9a-f]{8,17})$", r.referenced_security_group_id))])
    error_message = "egress_rules[*].referenced_security_group_id must be a security group id (sg-..., or ACCOUNT/sg-... across a peering) or \"self\" for this group."
  }

  validation {
    condition     = alltrue([for r in var.egress_rules : r.prefix_list_id == null || can(regex("^pl-[0-9a-f]{8,17}$", r.prefix_list_id))])
    error_message = "egress_rules[*].prefix_list_id must be a managed prefix list id (pl-...)."
  }
}

variable "allow_public_admin_ports" {
  description = "Allow ingress rules open to 0.0.0.0/0 or ::/0 on admin and database ports (22, 3389, 3306, 5432, 6379, 1433, 27017) or on all protocols. Off by default; turn on only with a documented reason."
  type        = bool
  default     = false
  nullable    = false
}

variable "revoke_rules_on_delete" {
  description = "Revoke all of the group's rules before deleting it (needed when other groups reference this one in rules Terraform does not manage)."
  type        = bool
  default     = false
  nullable    = false
}

variable "tags" {
  description = "Tags for the group and its rules, merged over the provider's default_tags. The module adds Name."
  type        = map(string)
  default     = {}
  nullable    = false
}
