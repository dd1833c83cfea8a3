mock_provider "aws" {}

mock_provider "aws" {
  alias = "us_east_1"
}

variables {
  name         = "connectly-test"
  public_zones = { "connectly.io" = {} }
}

run "bad_name" {
  command = plan
  variables { name = "connectly test" }
  expect_failures = [var.name]
}

run "public_zone_with_trailing_dot" {
  command = plan
  variables { public_zones = { "connectly.io." = {} } }
  expect_failures = [var.public_zones]
}

run "public_zone_upper_case" {
  command = plan
  variables { public_zones = { "Connectly.io" = {} } }
  expect_failures = [var.public_zones]
}

run "private_zone_bad_name" {
  command = plan
  variables {
    vpc_id        = "vpc-0123456789abcdef0"
    private_zones = { "internal_zone" = {} }
  }
  expect_failures = [var.private_zones]
}

run "private_zone_bad_vpc" {
  command = plan
  variables {
    vpc_id        = "vpc-0123456789abcdef0"
    private_zones = { "internal.connectly.io" = { additional_vpc_ids = ["subnet-0123456789abcdef0"] } }
  }
  expect_failures = [var.private_zones]
}

run "private_zone_without_vpc" {
  command = plan
  variables { private_zones = { "internal.connectly.io" = {} } }
  expect_failures = [var.private_zones]
}

run "bad_vpc_id" {
  command = plan
  variables { vpc_id = "vpc-xyz" }
  expect_failures = [var.vpc_id]
}

run "delegation_unknown_zone" {
  command = plan
  variables { delegations = { x = { zone = "other.io", name = "a.other.io", name_servers = ["ns-1.example.org"] } } }
  expect_failures = [var.delegations]
}

run "delegation_not_a_subdomain" {
  command = plan
  variables { delegations = { x = { zone = "connectly.io", name = "connectly.com", name_servers = ["ns-1.example.org"] } } }
  expect_failures = [var.delegations]
}

run "delegation_without_name_servers" {
  command = plan
  variables { delegations = { x = { zone = "connectly.io", name = "a.connectly.io", name_servers = [] } } }
  expect_failures = [var.delegations]
}

run "record_unknown_zone" {
  command = plan
  variables { records = { x = { zone = "other.io", name = "www", type = "A", records = ["192.0.2.1"] } } }
  expect_failures = [var.records]
}

run "record_private_zone_not_declared" {
  command = plan
  variables { records = { x = { zone = "connectly.io", private = true, name = "www", type = "A", records = ["192.0.2.1"] } } }
  expect_failures = [var.records]
}

run "record_bad_type" {
  command = plan
  variables { records = { x = { zone = "connectly.io", name = "www", type = "SOA", records = ["x"] } } }
  expect_failures = [var.records]
}

run "record_records_and_alias" {
  command = plan
  variables {
    records = { x = {
      zone    = "connectly.io"
      name    = "www"
      type    = "A"
      records = ["192.0.2.1"]
      alias   = { name = "x.elb.amazonaws.com", zone_id = "ZWKZPGTI48KDX" }
    } }
  }
  expect_failures = [var.records]
}

run "record_fqdn_name" {
  command = plan
  variables { records = { x = { zone = "connectly.io", name = "www.connectly.io.", type = "A", records = ["192.0.2.1"] } } }
  expect_failures = [var.records]
}

run "record_bad_ttl" {
  command = plan
  variables { records = { x = { zone = "connectly.io", name = "www", type = "A", ttl = -1, records = ["192.0.2.1"] } } }
  expect_failures = [var.records]
}

run "record_weight_without_set_identifier" {
  command = plan
  variables { records = { x = { zone = "connectly.io", name = "www", type = "A", weight = 10, records = ["192.0.2.1"] } } }
  expect_failures = [var.records]
}

run "dnssec_key_not_in_us_east_1" {
  command = plan
  variables { dnssec_kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555" }
  expect_failures = [var.dnssec_kms_key_arn]
}

run "query_log_key_not_in_us_east_1" {
  command = plan
  variables { query_log_kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555" }
  expect_failures = [var.query_log_kms_key_arn]
}

run "bad_retention" {
  command = plan
  variables { query_log_retention_in_days = 2 }
  expect_failures = [var.query_log_retention_in_days]
}

run "bad_log_group_class" {
  command = plan
  variables { log_group_class = "ARCHIVE" }
  expect_failures = [var.log_group_class]
}
