mock_provider "aws" {
  mock_resource "aws_acm_certificate" {
    defaults = { arn = "arn:aws:acm:ap-northeast-2:111122223333:certificate/11111111-2222-3333-4444-555555555555" }
  }
  mock_resource "aws_acm_certificate_validation" {
    defaults = { certificate_arn = "arn:aws:acm:ap-northeast-2:111122223333:certificate/11111111-2222-3333-4444-555555555555" }
  }
}

mock_provider "aws" {
  alias = "us_east_1"

  mock_resource "aws_acm_certificate" {
    defaults = { arn = "arn:aws:acm:us-east-1:111122223333:certificate/66666666-7777-8888-9999-000000000000" }
  }
  mock_resource "aws_acm_certificate_validation" {
    defaults = { certificate_arn = "arn:aws:acm:us-east-1:111122223333:certificate/66666666-7777-8888-9999-000000000000" }
  }
}

variables {
  zone_ids = {
    "connectly.io"     = "Z0123456789ABCDEFGHIJ"
    "api.connectly.io" = "Z0987654321ABCDEFGHIJ"
  }
  certificates = {
    "connectly.io" = {
      subject_alternative_names = ["*.connectly.io", "www.connectly.io"]
      global                    = true
    }
    "api.connectly.io" = {
      subject_alternative_names = ["*.api.connectly.io"]
    }
    "cdn.connectly.io" = {
      regional = false
      global   = true
    }
  }
  tags = { Team = "platform" }
}

# Merged with runs of the same variables (issue 20): validation_records
run "certificates" {
  command = plan

  assert {
    condition     = toset(keys(aws_acm_certificate.regional)) == toset(["connectly.io", "api.connectly.io"])
    error_message = "Regional certificates (the default) must be created, keyed by domain; cdn (regional = false) must not."
  }
  assert {
    condition     = toset(keys(aws_acm_certificate.global)) == toset(["connectly.io", "cdn.connectly.io"])
    error_message = "Certificates with global = true must get a us-east-1 copy."
  }
  assert {
    condition     = alltrue([for c in concat(values(aws_acm_certificate.regional), values(aws_acm_certificate.global)) : c.validation_method == "DNS"])
    error_message = "Every certificate must be validated through DNS."
  }
  assert {
    condition     = alltrue([for c in concat(values(aws_acm_certificate.regional), values(aws_acm_certificate.global)) : c.options[0].certificate_transparency_logging_preference == "ENABLED"])
    error_message = "Certificate transparency logging must be on."
  }
  assert {
    condition     = aws_acm_certificate.regional["connectly.io"].key_algorithm == "RSA_2048" && aws_acm_certificate.regional["connectly.io"].subject_alternative_names == toset(["*.connectly.io", "www.connectly.io"])
    error_message = "Certificates must default to RSA_2048 and carry their SANs."
  }
  assert {
    condition     = aws_acm_certificate.regional["api.connectly.io"].tags["Name"] == "api.connectly.io" && aws_acm_certificate.regional["api.connectly.io"].tags["Team"] == "platform"
    error_message = "Certificates must be tagged with their domain and the module tags."
  }

  # was run "validation_records"
  assert {
    condition     = toset(keys(aws_route53_record.validation)) == toset(["connectly.io", "www.connectly.io", "api.connectly.io", "cdn.connectly.io"])
    error_message = "One validation record per base name: a wildcard shares its base name's record, regions share records."
  }
  assert {
    condition     = aws_route53_record.validation["api.connectly.io"].zone_id == "Z0987654321ABCDEFGHIJ" && aws_route53_record.validation["www.connectly.io"].zone_id == "Z0123456789ABCDEFGHIJ"
    error_message = "Each name must be validated in the longest zone it falls under."
  }
  assert {
    condition     = alltrue([for r in aws_route53_record.validation : r.ttl == 60 && r.allow_overwrite])
    error_message = "Validation records must have a 60 s TTL and allow overwrite (shared records)."
  }
  assert {
    condition     = toset(keys(aws_acm_certificate_validation.regional)) == toset(["connectly.io", "api.connectly.io"]) && toset(keys(aws_acm_certificate_validation.global)) == toset(["connectly.io", "cdn.connectly.io"])
    error_message = "Every certificate must be waited for."
  }
}

run "applied" {
  command = apply

  override_resource {
    target = aws_acm_certificate.regional["connectly.io"]
    values = {
      arn = "arn:aws:acm:ap-northeast-2:111122223333:certificate/aaaaaaaa-0000-0000-0000-000000000001"
      domain_validation_options = [
        { domain_name = "connectly.io", resource_record_name = "_a1.connectly.io.", resource_record_type = "CNAME", resource_record_value = "_v1.acm-validations.aws." },
        { domain_name = "*.connectly.io", resource_record_name = "_a1.connectly.io.", resource_record_type = "CNAME", resource_record_value = "_v1.acm-validations.aws." },
        { domain_name = "www.connectly.io", resource_record_name = "_a2.www.connectly.io.", resource_record_type = "CNAME", resource_record_value = "_v2.acm-validations.aws." },
      ]
    }
  }
  override_resource {
    target = aws_acm_certificate.regional["api.connectly.io"]
    values = {
      arn = "arn:aws:acm:ap-northeast-2:111122223333:certificate/aaaaaaaa-0000-0000-0000-000000000002"
      domain_validation_options = [
        { domain_name = "api.connectly.io", resource_record_name = "_a3.api.connectly.io.", resource_record_type = "CNAME", resource_record_value = "_v3.acm-validations.aws." },
        { domain_name = "*.api.connectly.io", resource_record_name = "_a3.api.connectly.io.", resource_record_type = "CNAME", resource_record_value = "_v3.acm-validations.aws." },
      ]
    }
  }
  override_resource {
    target = aws_acm_certificate.global["connectly.io"]
    values = {
      arn = "arn:aws:acm:us-east-1:111122223333:certificate/bbbbbbbb-0000-0000-0000-000000000001"
      domain_validation_options = [
        { domain_name = "connectly.io", resource_record_name = "_a1.connectly.io.", resource_record_type = "CNAME", resource_record_value = "_v1.acm-validations.aws." },
        { domain_name = "*.connectly.io", resource_record_name = "_a1.connectly.io.", resource_record_type = "CNAME", resource_record_value = "_v1.acm-validations.aws." },
        { domain_name = "www.connectly.io", resource_record_name = "_a2.www.connectly.io.", resource_record_type = "CNAME", resource_record_value = "_v2.acm-validations.aws." },
      ]
    }
  }
  override_resource {
    target = aws_acm_certificate.global["cdn.connectly.io"]
    values = {
      arn = "arn:aws:acm:us-east-1:111122223333:certificate/bbbbbbbb-0000-0000-0000-000000000002"
      domain_validation_options = [
        { domain_name = "cdn.connectly.io", resource_record_name = "_a4.cdn.connectly.io.", resource_record_type = "CNAME", resource_record_value = "_v4.acm-validations.aws." },
      ]
    }
  }
  override_resource {
    target = aws_route53_record.validation["connectly.io"]
    values = { fqdn = "_a1.connectly.io" }
  }
  override_resource {
    target = aws_route53_record.validation["www.connectly.io"]
    values = { fqdn = "_a2.www.connectly.io" }
  }

  assert {
    condition     = aws_route53_record.validation["connectly.io"].name == "_a1.connectly.io." && aws_route53_record.validation["connectly.io"].records == toset(["_v1.acm-validations.aws."]) && aws_route53_record.validation["connectly.io"].type == "CNAME"
    error_message = "Validation records must carry the name, type and value ACM asks for."
  }
  assert {
    condition     = aws_route53_record.validation["cdn.connectly.io"].name == "_a4.cdn.connectly.io."
    error_message = "A global-only certificate must be validated from its us-east-1 copy's options."
  }
  assert {
    condition     = aws_acm_certificate_validation.regional["connectly.io"].validation_record_fqdns == toset(["_a1.connectly.io", "_a2.www.connectly.io"])
    error_message = "A certificate must wait on the records of all its names (wildcards share their base record)."
  }
  assert {
    condition     = aws_acm_certificate_validation.global["connectly.io"].validation_record_fqdns == aws_acm_certificate_validation.regional["connectly.io"].validation_record_fqdns
    error_message = "The us-east-1 copy must be validated by the same records."
  }
  assert {
    condition     = toset(keys(output.certificate_arns)) == toset(["connectly.io", "api.connectly.io"]) && startswith(output.certificate_arns["api.connectly.io"], "arn:aws:acm:ap-northeast-2:")
    error_message = "certificate_arns must list the regional certificates by domain."
  }
  assert {
    condition     = toset(keys(output.us_east_1_certificate_arns)) == toset(["connectly.io", "cdn.connectly.io"]) && startswith(output.us_east_1_certificate_arns["cdn.connectly.io"], "arn:aws:acm:us-east-1:")
    error_message = "The us-east-1 copies must be created through the aws.us_east_1 provider."
  }
  assert {
    condition     = output.certificates["cdn.connectly.io"].arn == null && startswith(output.certificates["cdn.connectly.io"].us_east_1_arn, "arn:aws:acm:us-east-1:")
    error_message = "certificates must give arn and us_east_1_arn per domain."
  }
  assert {
    condition     = output.validation_zones["api.connectly.io"] == "api.connectly.io" && output.validation_zones["www.connectly.io"] == "connectly.io"
    error_message = "validation_zones must name the zone of each name."
  }
}

run "no_waiting_and_no_transparency" {
  command = plan

  variables {
    wait_for_validation              = false
    certificate_transparency_logging = false
  }

  assert {
    condition     = length(aws_acm_certificate_validation.regional) == 0 && length(aws_acm_certificate_validation.global) == 0
    error_message = "wait_for_validation = false must not wait."
  }
  assert {
    condition     = aws_acm_certificate.regional["connectly.io"].options[0].certificate_transparency_logging_preference == "DISABLED"
    error_message = "certificate_transparency_logging = false must disable CT logging."
  }
  assert {
    condition     = length(aws_route53_record.validation) == 4
    error_message = "Validation records are created even without waiting."
  }
}

run "explicit_zone" {
  command = plan

  variables {
    certificates = {
      "api.connectly.io" = { zone = "connectly.io" }
    }
  }

  assert {
    condition     = aws_route53_record.validation["api.connectly.io"].zone_id == "Z0123456789ABCDEFGHIJ"
    error_message = "A certificate's zone must override the longest-suffix choice."
  }
}
