variable "certificates" {
  description = <<-EOT
    ACM certificates keyed by their domain name (e.g. "api.connectly.io", "*.connectly.io"; quote a wildcard in
    YAML). subject_alternative_names: more names on the same certificate. regional: issue it in the provider's
    region (ALB, API Gateway regional). global: also issue a copy in us-east-1 for CloudFront (and API Gateway
    edge). key_algorithm: RSA_2048 (widest client support), EC_prime256v1 or EC_secp384r1. zone: the zone (a
    zone_ids key) that validates every name of the certificate; null picks, for each name, the longest zone it
    ends with.
  EOT
  type = map(object({
    subject_alternative_names = optional(list(string), [])
    regional                  = optional(bool, true)
    global                    = optional(bool, false)
    key_algorithm             = optional(string, "RSA_2048")
    zone                      = optional(string)
  }))
  nullable = false

  validation {
    condition = alltrue(flatten([for d, c in var.certificates : [
      for n in concat([d], c.subject_alternative_names) : can(regex("^(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$", n)) && length(n) <= 253
    ]]))
    error_message = "Certificate keys and subject_alternative_names must be lower-case domain names without a trailing dot, optionally starting with \"*.\"."
  }

  validation {
    condition     = alltrue([for c in var.certificates : c.regional || c.global])
    error_message = "Each certificate must be regional, global (us-east-1) or both."
  }

  validation {
    condition     = alltrue([for c in var.certificates : contains(["RSA_2048", "EC_prime256v1", "EC_secp384r1"], c.key_algorithm)])
    error_message = "key_algorithm must be RSA_2048, EC_prime256v1 or EC_secp384r1."
  }

  validation {
    condition     = alltrue([for c in var.certificates : length(c.subject_alternative_names) <= 99])
    error_message = "A certificate holds at most 100 names (ACM's quota; by default 10): at most 99 subject_alternative_names."
  }

  validation {
    condition     = alltrue([for c in var.certificates : c.zone == null || contains(keys(var.zone_ids), coalesce(c.zone, "-"))])
    error_message = "certificates[*].zone must be a key of zone_ids."
  }

  validation {
    condition = alltrue(flatten([for d, c in var.certificates : [
      for n in concat([d], c.subject_alternative_names) : c.zone != null || length([for z in keys(var.zone_ids) : z if trimprefix(n, "*.") == z || endswith(trimprefix(n, "*."), ".${z}")]) > 0
    ]]))
    error_message = "Every certificate name must fall under a zone of zone_ids (the dns layer's public_zone_ids), or the certificate must name its zone."
  }
}

variable "zone_ids" {
  description = "Route 53 public hosted zone IDs by domain: the dns layer's public_zone_ids output. The DNS validation records are created in these zones."
  type        = map(string)
  nullable    = false

  validation {
    condition     = alltrue([for id in values(var.zone_ids) : can(regex("^[A-Z0-9]{1,32}$", id))])
    error_message = "zone_ids values must be Route 53 hosted zone IDs (upper-case letters and digits, e.g. Z0123456789ABCDEFGHIJ; without /hostedzone/)."
  }
}

variable "certificate_transparency_logging" {
  description = "Log the certificates to public certificate transparency logs. Browsers reject publicly trusted certificates that are not logged; turn it off only for names that must stay unpublished and are used by clients that do not check."
  type        = bool
  default     = true
  nullable    = false
}

variable "wait_for_validation" {
  description = "Wait (up to validation_timeout) until ACM issues each certificate, so the ARN outputs are usable as soon as the apply ends."
  type        = bool
  default     = true
  nullable    = false
}

variable "validation_timeout" {
  description = "How long to wait for a certificate to be issued (a Terraform duration, e.g. 45m)."
  type        = string
  default     = "45m"
  nullable    = false

  validation {
    condition     = can(regex("^[0-9]+(s|m|h)$", var.validation_timeout))
    error_message = "validation_timeout must be a duration such as 45m, 2h or 600s."
  }
}

variable "validation_record_ttl" {
  description = "TTL in seconds of the DNS validation CNAME records."
  type        = number
  default     = 60
  nullable    = false

  validation {
    condition     = var.validation_record_ttl >= 0 && var.validation_record_ttl <= 172800 && floor(var.validation_record_ttl) == var.validation_record_ttl
    error_message = "validation_record_ttl must be a whole number of seconds from 0 to 172800."
  }
}

variable "tags" {
  description = "Tags for every certificate, merged over the provider's default_tags. The module adds Name (the domain)."
  type        = map(string)
  default     = {}
  nullable    = false
}
