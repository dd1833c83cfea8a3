variable "name" {
  description = "Name prefix for the security group and the endpoints' Name tags (the endpoint key is appended)."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9][a-zA-Z0-9-]{0,62}$", var.name))
    error_message = "name must be 1-63 characters: letters, digits and hyphens, starting with a letter or digit."
  }
}

variable "vpc_id" {
  description = "ID of the VPC the endpoints are created in."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-zA-Z]+$", var.vpc_id))
    error_message = "vpc_id must be a VPC ID (vpc-...)."
  }
}

variable "vpc_cidr_block" {
  description = "CIDR block of the VPC. The endpoint security group allows HTTPS (443) from this range only. Required when a security group is created (create_security_group and at least one Interface endpoint)."
  type        = string
  default     = null

  validation {
    condition     = var.vpc_cidr_block == null || can(cidrhost(var.vpc_cidr_block, 0))
    error_message = "vpc_cidr_block must be a valid IPv4 CIDR block, e.g. 10.0.0.0/16."
  }

  validation {
    condition = var.vpc_cidr_block != null || !var.create_security_group || length([
      for e in values(var.endpoints) : e if e.type == "Interface"
    ]) == 0
    error_message = "vpc_cidr_block is required when create_security_group is true and there is an Interface endpoint."
  }
}

variable "endpoints" {
  description = <<-EOT
    VPC endpoints keyed by a name (used in the Name tag; adding or removing an entry never touches the others).
    service: a short service name ("s3", "dynamodb", "ecr.api", "logs", ...) expanded to com.amazonaws.<region>.<service>,
    or a full service name starting with "com.amazonaws." or "aws." (PrivateLink services).
    type: "Interface" (default) or "Gateway" (s3 and dynamodb only).
    subnet_ids: Interface only, one subnet per AZ. route_table_ids: Gateway only.
    private_dns_enabled: Interface only, default true.
    policy: a JSON endpoint policy; null uses the module's default policy (principals of the allowed accounts /
    organisation only), unless attach_default_policy = false, which leaves AWS's full-access policy (only for services
    that do not support endpoint policies).
    security_group_ids: extra security groups for an Interface endpoint, added to the module's own.
  EOT
  type = map(object({
    service                                        = string
    type                                           = optional(string, "Interface")
    subnet_ids                                     = optional(list(string), [])
    route_table_ids                                = optional(list(string), [])
    private_dns_enabled                            = optional(bool, true)
    private_dns_only_for_inbound_resolver_endpoint = optional(bool)
    policy                                         = optional(string)
    attach_default_policy                          = optional(bool, true)
    security_group_ids                             = optional(list(string), [])
    ip_address_type                                = optional(string)
    tags                                           = optional(map(string), {})
  }))
  default = {}

  validation {
    condition     = alltrue([for k, e in var.endpoints : can(regex("^[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}$", k))])
    error_message = "endpoints keys must be 1-63 characters: letters, digits, '.', '_' and '-'."
  }

  validation {
    condition     = alltrue([for e in values(var.endpoints) : contains(["Interface", "Gateway"], e.type)])
    error_message = "endpoints[*].type must be \"Interface\" or \"Gateway\"."
  }

  validation {
    condition     = alltrue([for e in values(var.endpoints) : e.type != "Gateway" || contains(["s3", "dynamodb"], e.service)])
    error_message = "Gateway endpoints exist only for the services \"s3\" and \"dynamodb\"."
  }

  validation {
    condition     = alltrue([for e in values(var.endpoints) : e.type != "Interface" || length(e.subnet_ids) > 0])
    error_message = "An Interface endpoint needs subnet_ids (one subnet per availability zone)."
  }

  validation {
    condition     = alltrue([for e in values(var.endpoints) : e.type != "Gateway" || (length(e.subnet_ids) == 0 && length(e.security_group_ids) == 0)])
    error_message = "A Gateway endpoint takes route_table_ids, not subnet_ids or security_group_ids."
  }

  validation {
    condition     = alltrue([for e in values(var.endpoints) : e.policy == null || can(jsondecode(e.policy))])
    error_message = "endpoints[*].policy must be a JSON document."
  }

  validation {
    condition     = alltrue([for e in values(var.endpoints) : contains(["ipv4", "dualstack", "ipv6"], coalesce(e.ip_address_type, "ipv4"))])
    error_message = "endpoints[*].ip_address_type must be ipv4, dualstack or ipv6."
  }
}

variable "create_security_group" {
  description = "Create one security group for the Interface endpoints that allows HTTPS (443) from vpc_cidr_block only and nothing else. Not created when there is no Interface endpoint."
  type        = bool
  default     = true
}

variable "allowed_account_ids" {
  description = "Accounts whose principals the default endpoint policy allows (aws:PrincipalAccount). Empty means the current account."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.allowed_account_ids : can(regex("^[0-9]{12}$", a))])
    error_message = "allowed_account_ids must be 12-digit AWS account IDs."
  }
}

variable "allowed_organization_id" {
  description = "AWS Organizations ID (o-...) whose principals the default endpoint policy also allows (aws:PrincipalOrgID). Null allows the accounts in allowed_account_ids only."
  type        = string
  default     = null

  validation {
    condition     = var.allowed_organization_id == null || can(regex("^o-[a-z0-9]{10,32}$", var.allowed_organization_id))
    error_message = "allowed_organization_id must look like o-xxxxxxxxxx."
  }
}

variable "aws_owned_s3_object_arns" {
  description = "S3 objects owned by AWS that the default policy of an S3 endpoint keeps readable (s3:GetObject) for any principal, because AWS, not your account, signs those requests. Null means the regional ECR image-layer bucket (arn:aws:s3:::prod-<region>-starport-layer-bucket/*), without which image pulls through an S3 gateway endpoint fail. Add Amazon Linux repository buckets here if instances install packages through the endpoint."
  type        = list(string)
  default     = null

  validation {
    condition     = alltrue([for a in(var.aws_owned_s3_object_arns == null ? [] : var.aws_owned_s3_object_arns) : can(regex("^arn:aws[a-z-]*:s3:::", a))])
    error_message = "aws_owned_s3_object_arns must be S3 ARNs."
  }
}

variable "tags" {
  description = "Tags added to every resource (the provider's default_tags carry the standard set)."
  type        = map(string)
  default     = {}
}
