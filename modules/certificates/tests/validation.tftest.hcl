mock_provider "aws" {}

mock_provider "aws" {
  alias = "us_east_1"
}

variables {
  zone_ids     = { "connectly.io" = "Z0123456789ABCDEFGHIJ" }
  certificates = { "connectly.io" = {} }
}

# Merged validation runs (issue 20: one provider start instead of 3); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs" {
  command = plan
  variables {
    # bad_domain
    certificates = { "Connectly.io." = {} }

    # bad_validation_timeout
    validation_timeout = "forever"

    # bad_validation_record_ttl
    validation_record_ttl = 1.5
  }
  expect_failures = [
    var.certificates,          # bad_domain
    var.validation_timeout,    # bad_validation_timeout
    var.validation_record_ttl, # bad_validation_record_ttl
  ]
}

run "bad_san" {
  command = plan
  variables { certificates = { "connectly.io" = { subject_alternative_names = ["www.*.connectly.io"] } } }
  expect_failures = [var.certificates]
}

run "neither_regional_nor_global" {
  command = plan
  variables { certificates = { "connectly.io" = { regional = false } } }
  expect_failures = [var.certificates]
}

run "bad_key_algorithm" {
  command = plan
  variables { certificates = { "connectly.io" = { key_algorithm = "RSA_1024" } } }
  expect_failures = [var.certificates]
}

run "too_many_sans" {
  command = plan
  variables { certificates = { "connectly.io" = { subject_alternative_names = [for i in range(100) : "h${i}.connectly.io"] } } }
  expect_failures = [var.certificates]
}

run "unknown_zone" {
  command = plan
  variables { certificates = { "connectly.io" = { zone = "other.io" } } }
  expect_failures = [var.certificates]
}

run "name_outside_every_zone" {
  command = plan
  variables { certificates = { "connectly.com" = {} } }
  expect_failures = [var.certificates]
}

run "bad_zone_id" {
  command = plan
  variables { zone_ids = { "connectly.io" = "zone-1" } }
  expect_failures = [var.zone_ids]
}

