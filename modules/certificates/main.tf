locals {
  regional_certificates = { for d, c in var.certificates : d => c if c.regional }
  global_certificates   = { for d, c in var.certificates : d => c if c.global }

  # Every name of every certificate, with the name ACM validates (a wildcard is validated by its base name).
  names = { for d, c in var.certificates : d => distinct(concat([d], c.subject_alternative_names)) }

  # One validation record per base name: "*.connectly.io" and "connectly.io" share it, and ACM uses the same
  # record in every region of the account, so the us-east-1 copy needs no records of its own.
  validation_names = distinct(flatten([for d, ns in local.names : [for n in ns : trimprefix(n, "*.")]]))

  # The certificate whose validation options describe each base name: the first (by key) regional one that
  # holds it, else the first global one.
  validation_sources = {
    for b in local.validation_names : b => {
      certificate = concat(
        sort([for d, ns in local.names : d if var.certificates[d].regional && contains([for n in ns : trimprefix(n, "*.")], b)]),
        sort([for d, ns in local.names : d if contains([for n in ns : trimprefix(n, "*.")], b)]),
      )[0]
    }
  }

  # The zone of each base name: the certificate's zone, or the longest zone of zone_ids it falls under.
  zone_candidates = {
    for b in local.validation_names : b => [for z in keys(var.zone_ids) : z if b == z || endswith(b, ".${z}")]
  }
  validation_zones = {
    for b in local.validation_names : b => coalesce(
      var.certificates[local.validation_sources[b].certificate].zone,
      try([for z in local.zone_candidates[b] : z if length(z) == max([for x in local.zone_candidates[b] : length(x)]...)][0], null),
    )
  }
}

resource "aws_acm_certificate" "regional" {
  for_each = local.regional_certificates

  domain_name               = each.key
  subject_alternative_names = each.value.subject_alternative_names
  validation_method         = "DNS"
  key_algorithm             = each.value.key_algorithm

  options {
    certificate_transparency_logging_preference = var.certificate_transparency_logging ? "ENABLED" : "DISABLED"
  }

  tags = merge(var.tags, { Name = each.key })

  lifecycle {
    create_before_destroy = true
  }
}

# The copy CloudFront (and edge-optimised API Gateway) can use: only certificates in us-east-1.
resource "aws_acm_certificate" "global" {
  for_each = local.global_certificates
  provider = aws.us_east_1

  domain_name               = each.key
  subject_alternative_names = each.value.subject_alternative_names
  validation_method         = "DNS"
  key_algorithm             = each.value.key_algorithm

  options {
    certificate_transparency_logging_preference = var.certificate_transparency_logging ? "ENABLED" : "DISABLED"
  }

  tags = merge(var.tags, { Name = each.key })

  lifecycle {
    create_before_destroy = true
  }
}

# The validation options ACM returns, by certificate (the regional copy where there is one) and by base name.
locals {
  validation_options_by_certificate = merge(
    { for d, c in aws_acm_certificate.global : d => c.domain_validation_options },
    { for d, c in aws_acm_certificate.regional : d => c.domain_validation_options },
  )
  validation_options = {
    for b in local.validation_names : b => [
      for o in local.validation_options_by_certificate[local.validation_sources[b].certificate] : o if trimprefix(o.domain_name, "*.") == b
    ][0]
  }
}

resource "aws_route53_record" "validation" {
  for_each = toset(local.validation_names)

  zone_id = var.zone_ids[local.validation_zones[each.key]]
  name    = local.validation_options[each.key].resource_record_name
  type    = local.validation_options[each.key].resource_record_type
  records = [local.validation_options[each.key].resource_record_value]
  ttl     = var.validation_record_ttl
  # A record another certificate (or the old one, during create_before_destroy) already made is the same.
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "regional" {
  for_each = var.wait_for_validation ? local.regional_certificates : {}

  certificate_arn         = aws_acm_certificate.regional[each.key].arn
  validation_record_fqdns = distinct([for n in local.names[each.key] : aws_route53_record.validation[trimprefix(n, "*.")].fqdn])

  timeouts {
    create = var.validation_timeout
  }
}

resource "aws_acm_certificate_validation" "global" {
  for_each = var.wait_for_validation ? local.global_certificates : {}
  provider = aws.us_east_1

  certificate_arn         = aws_acm_certificate.global[each.key].arn
  validation_record_fqdns = distinct([for n in local.names[each.key] : aws_route53_record.validation[trimprefix(n, "*.")].fqdn])

  timeouts {
    create = var.validation_timeout
  }
}
