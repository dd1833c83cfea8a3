variable "name" {
  description = "Short name of this DNS setup (e.g. connectly-prod): names the query-logging resource policy and the aliases of the KMS keys the module creates. 1-64 letters, digits, '_' or '-'."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$", var.name))
    error_message = "name must be 1-64 letters, digits, '_' or '-', starting with a letter or digit."
  }
}

variable "public_zones" {
  description = <<-EOT
    Public hosted zones keyed by domain name (lower case, no trailing dot). dnssec: sign the zone (needs
    enable_dnssec). query_logging: log queries to CloudWatch Logs in us-east-1 (needs enable_query_logging).
    force_destroy: delete the records Terraform does not manage when the zone is destroyed (off: a zone with
    foreign records cannot be destroyed by mistake). delegation_set_id: a reusable delegation set.
  EOT
  type = map(object({
    comment           = optional(string, "Managed by Terraform")
    dnssec            = optional(bool, true)
    query_logging     = optional(bool, true)
    force_destroy     = optional(bool, false)
    delegation_set_id = optional(string)
    tags              = optional(map(string), {})
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for d in keys(var.public_zones) : can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$", d)) && length(d) <= 253])
    error_message = "public_zones keys must be lower-case domain names without a trailing dot, e.g. connectly.io."
  }
}

variable "private_zones" {
  description = <<-EOT
    Private hosted zones keyed by domain name. Each is attached to vpc_id (the network layer's VPC) unless
    attach_vpc = false, and to every VPC in additional_vpc_ids (same region). A private zone needs at least one VPC.
  EOT
  type = map(object({
    comment            = optional(string, "Managed by Terraform")
    attach_vpc         = optional(bool, true)
    additional_vpc_ids = optional(list(string), [])
    force_destroy      = optional(bool, false)
    tags               = optional(map(string), {})
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for d in keys(var.private_zones) : can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$", d)) && length(d) <= 253])
    error_message = "private_zones keys must be lower-case domain names without a trailing dot, e.g. internal.connectly.io."
  }

  validation {
    condition     = alltrue(flatten([for z in var.private_zones : [for v in z.additional_vpc_ids : can(regex("^vpc-[0-9a-f]{8,17}$", v))]]))
    error_message = "private_zones[*].additional_vpc_ids must be VPC IDs (vpc-...)."
  }

  validation {
    condition     = alltrue([for z in var.private_zones : (z.attach_vpc ? var.vpc_id != null : length(z.additional_vpc_ids) > 0)])
    error_message = "Each private zone needs a VPC: set vpc_id (attach_vpc = true, the default) or list additional_vpc_ids."
  }
}

variable "vpc_id" {
  description = "VPC that private zones attach (the network layer's vpc_id). Required when a private zone has attach_vpc = true."
  type        = string
  default     = null

  validation {
    condition     = var.vpc_id == null || can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id must be a VPC ID (vpc-...)."
  }
}

variable "delegate_subzones" {
  description = "For each public zone that is a subdomain of another public zone here (api.connectly.io under connectly.io), create the NS records in the parent, and the DS record when both are DNSSEC-signed."
  type        = bool
  default     = true
  nullable    = false
}

variable "delegations" {
  description = <<-EOT
    Delegations to subzones hosted elsewhere (another account, another provider), keyed by a label. zone: the
    public zone (a public_zones key) that holds the records; name: the subdomain (a fully qualified name under
    zone); name_servers: its name servers; ds_records: its DS records (DNSSEC chain of trust), if it is signed.
  EOT
  type = map(object({
    zone         = string
    name         = string
    name_servers = list(string)
    ds_records   = optional(list(string), [])
    ttl          = optional(number, 172800)
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for d in var.delegations : contains(keys(var.public_zones), d.zone)])
    error_message = "delegations[*].zone must be a key of public_zones."
  }

  validation {
    condition     = alltrue([for d in var.delegations : endswith(d.name, ".${d.zone}")])
    error_message = "delegations[*].name must be a subdomain of its zone (e.g. team.connectly.io under connectly.io)."
  }

  validation {
    condition     = alltrue([for d in var.delegations : length(d.name_servers) >= 1])
    error_message = "delegations[*].name_servers must list at least one name server."
  }
}

variable "records" {
  description = <<-EOT
    Records that service teams add, keyed by a stable label (renaming a key replaces the record). zone: a
    public_zones key, or a private_zones key with private = true. name: relative to the zone ("www", "" for the
    apex). Either records (with ttl) or alias ({ name, zone_id, evaluate_target_health }, e.g. an ALB's dns_name
    and zone_id). Weighted routing: set_identifier and weight.
  EOT
  type = map(object({
    zone    = string
    private = optional(bool, false)
    name    = string
    type    = string
    ttl     = optional(number, 300)
    records = optional(list(string))
    alias = optional(object({
      name                   = string
      zone_id                = string
      evaluate_target_health = optional(bool, false)
    }))
    set_identifier  = optional(string)
    weight          = optional(number)
    health_check_id = optional(string)
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for r in var.records : r.private ? contains(keys(var.private_zones), r.zone) : contains(keys(var.public_zones), r.zone)])
    error_message = "records[*].zone must be a key of public_zones (or of private_zones with private = true)."
  }

  validation {
    condition     = alltrue([for r in var.records : contains(["A", "AAAA", "CAA", "CNAME", "DS", "HTTPS", "MX", "NAPTR", "NS", "PTR", "SPF", "SRV", "SSHFP", "SVCB", "TLSA", "TXT"], r.type)])
    error_message = "records[*].type must be one of A, AAAA, CAA, CNAME, DS, HTTPS, MX, NAPTR, NS, PTR, SPF, SRV, SSHFP, SVCB, TLSA, TXT."
  }

  validation {
    condition     = alltrue([for r in var.records : (r.records == null) != (r.alias == null)])
    error_message = "Each record needs either records or alias, not both."
  }

  validation {
    condition     = alltrue([for r in var.records : r.name == "" || can(regex("^(\\*\\.)?([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*$|^\\*$", r.name))])
    error_message = "records[*].name must be relative to the zone (\"www\", \"_dmarc\", \"*.apps\", \"\" for the apex), without a trailing dot."
  }

  validation {
    condition     = alltrue([for r in var.records : r.ttl >= 0 && r.ttl <= 2147483647 && floor(r.ttl) == r.ttl])
    error_message = "records[*].ttl must be a whole number of seconds."
  }

  validation {
    condition     = alltrue([for r in var.records : (r.weight == null || r.set_identifier != null) && (r.set_identifier == null || r.weight != null)])
    error_message = "Weighted records need both set_identifier and weight."
  }
}

variable "enable_dnssec" {
  description = "Sign the public zones whose dnssec is true (one KMS key-signing key in us-east-1 for all of them). false signs none: set only on the moto emulator, which lacks CreateKeySigningKey and EnableHostedZoneDNSSEC (docs/emulator.md)."
  type        = bool
  default     = true
  nullable    = false
}

variable "dnssec_kms_key_arn" {
  description = "Existing KMS key in us-east-1 (ECC_NIST_P256, SIGN_VERIFY, policy for dnssec-route53.amazonaws.com) for the key-signing keys. null creates one."
  type        = string
  default     = null

  validation {
    condition     = var.dnssec_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:us-east-1:[0-9]{12}:key/[A-Za-z0-9-]+$", var.dnssec_kms_key_arn))
    error_message = "dnssec_kms_key_arn must be a KMS key ARN in us-east-1 (Route 53 DNSSEC requires us-east-1)."
  }
}

variable "enable_query_logging" {
  description = "Log DNS queries of the public zones whose query_logging is true to CloudWatch Logs log groups /aws/route53/<zone> in us-east-1 (where Route 53 delivers them)."
  type        = bool
  default     = true
  nullable    = false
}

variable "query_log_kms_key_arn" {
  description = "KMS key in us-east-1 for the query log groups (the regional logs key cannot be used there). null creates one, usable only by logs.us-east-1.amazonaws.com for this account's log groups."
  type        = string
  default     = null

  validation {
    condition     = var.query_log_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:us-east-1:[0-9]{12}:key/[A-Za-z0-9-]+$", var.query_log_kms_key_arn))
    error_message = "query_log_kms_key_arn must be a KMS key ARN in us-east-1."
  }
}

variable "query_log_retention_in_days" {
  description = "Days to keep query logs (one of the values CloudWatch Logs accepts)."
  type        = number
  default     = 365
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.query_log_retention_in_days)
    error_message = "query_log_retention_in_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "log_group_class" {
  description = "Class of the query log groups (STANDARD or INFREQUENT_ACCESS). null leaves it to AWS (STANDARD): use null on the moto emulator, which does not return the class (docs/emulator.md)."
  type        = string
  default     = "STANDARD"

  validation {
    condition     = contains(["STANDARD", "INFREQUENT_ACCESS"], coalesce(var.log_group_class, "STANDARD"))
    error_message = "log_group_class must be STANDARD, INFREQUENT_ACCESS or null."
  }
}

variable "tags" {
  description = "Tags for every resource, merged over the provider's default_tags. The module adds Name."
  type        = map(string)
  default     = {}
  nullable    = false
}
