variable "name" {
  description = "Name of the shared ECS cluster and prefix of the load balancer (<name>, at most 32 characters) and its log bucket, e.g. connectly-prod-services."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,30}[a-z0-9]$", var.name))
    error_message = "name must be 2-32 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen."
  }
}

variable "vpc_id" {
  description = "VPC of the load balancer (the network layer's vpc_id)."
  type        = string
  nullable    = false
}

variable "alb_subnet_ids" {
  description = "Subnets of the load balancer: public ones for an internet-facing ALB (the network layer's public_subnet_ids), private ones when alb_internal = true."
  type        = list(string)
  nullable    = false
}

variable "alb_internal" {
  description = "Make the shared load balancer internal (reachable only inside the VPC)."
  type        = bool
  default     = false
  nullable    = false
}

variable "alb_ingress_cidr_blocks" {
  description = "Who may reach the load balancer on 443 (and 80, redirected to HTTPS): CIDR blocks keyed by a rule name."
  type        = map(string)
  nullable    = false

  validation {
    condition     = length(var.alb_ingress_cidr_blocks) > 0 && alltrue([for cidr in values(var.alb_ingress_cidr_blocks) : can(cidrhost(cidr, 0))])
    error_message = "alb_ingress_cidr_blocks must name at least one IPv4 CIDR block (e.g. internet = \"0.0.0.0/0\")."
  }
}

variable "certificate_arn" {
  description = "ACM certificate of the HTTPS listener (the certificates layer's certificate_arns[\"connectly.io\"], with *.connectly.io)."
  type        = string
  nullable    = false
}

variable "web_acl_arn" {
  description = "The shared REGIONAL WAFv2 web ACL (the waf layer's web_acl_arn), associated with the load balancer."
  type        = string
  nullable    = false
}

variable "kms_key_arn" {
  description = "The platform's ecr KMS key (the kms layer's key_arns.ecr): encrypts the service image repositories."
  type        = string
  nullable    = false
}

variable "repositories" {
  description = "Image repositories of the service teams, keyed by name (../ecr's repositories)."
  type = map(object({
    keep_images          = optional(number, 100)
    untagged_expiry_days = optional(number, 7)
    pull_principal_arns  = optional(list(string), [])
  }))
  default  = {}
  nullable = false
}

variable "replication_destinations" {
  description = "DR: regions (and registries) the image repositories are replicated to (../ecr)."
  type = list(object({
    region      = string
    registry_id = optional(string)
  }))
  default  = []
  nullable = false
}

variable "fargate_spot_weight" {
  description = "Weight of FARGATE_SPOT in the cluster's default capacity provider strategy (FARGATE has base 1 and weight 1): 0 runs everything on Fargate; 3 puts three of four tasks beyond the first on Spot. Services may set their own strategy."
  type        = number
  default     = 0
  nullable    = false

  validation {
    condition     = var.fargate_spot_weight >= 0 && var.fargate_spot_weight <= 1000 && floor(var.fargate_spot_weight) == var.fargate_spot_weight
    error_message = "fargate_spot_weight must be a whole number from 0 to 1000."
  }
}

variable "alb_deletion_protection" {
  description = "Deletion protection of the load balancer. Off only where a destroy must work (the emulator)."
  type        = bool
  default     = true
  nullable    = false
}

variable "access_logs_retention_days" {
  description = "Days the load balancer's access logs are kept."
  type        = number
  default     = 365
  nullable    = false
}

variable "access_logs_bucket_deny_statements" {
  description = "Deny statements (insecure transport, unencrypted uploads) in the access log bucket's policy. Off only for the emulator, which evaluates only StringEquals conditions."
  type        = bool
  default     = true
  nullable    = false
}

variable "force_delete_repositories" {
  description = "Delete image repositories that still hold images on destroy (the emulator's tests). Off in every real environment."
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
