mock_provider "aws" {}

mock_provider "aws" {
  alias = "us_east_1"
}

variables {
  name         = "connectly-test"
  public_zones = { "connectly.io" = {} }
}

# Merged validation runs (issue 20: one provider start instead of 7); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs_1" {
  command = plan
  variables {
    # bad_name
    name = "connectly test"

    # public_zone_with_trailing_dot
    public_zones = { "connectly.io." = {} }

    # bad_vpc_id
    vpc_id = "vpc-xyz"

    # dnssec_key_not_in_us_east_1
    dnssec_kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555"

    # query_log_key_not_in_us_east_1
    query_log_kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555"

    # bad_retention
    query_log_retention_in_days = 2

    # bad_log_group_class
    log_group_class = "ARCHIVE"
  }
  expect_failures = [
    var.name,                        # bad_name
    var.public_zones,                # public_zone_with_trailing_dot
    var.vpc_id,                      # bad_vpc_id
    var.dnssec_kms_key_arn,          # dnssec_key_not_in_us_east_1
    var.query_log_kms_key_arn,       # query_log_key_not_in_us_east_1
    var.query_log_retention_in_days, # bad_retention
    var.log_group_class,             # bad_log_group_class
  ]
}

run "public_zone_upper_case" {
  command = plan
  variables { public_zones = { "Connectly.io" = {} } }
  expect_failures = [var.public_zones]
}

# Merged validation runs (issue 20: one provider start instead of 2); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs_2" {
  command = plan
  variables {
    # private_zone_bad_name
    vpc_id        = "vpc-0123456789abcdef0"
    private_zones = { "internal_zone" = {} }

    # delegation_unknown_zone
    delegations = { x = { zone = "other.io", name = "a.other.io", name_servers = ["ns-1.example.org"] } }
  }
  expect_failures = [
    var.private_zones, # private_zone_bad_name
    var.delegations,   # delegation_unknown_zone
  ]
}

# Merged validation runs (issue 20: one provider start instead of 2); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs_3" {
  command = plan
  variables {
    # private_zone_bad_vpc
    vpc_id        = "vpc-0123456789abcdef0"
    private_zones = { "internal.connectly.io" = { additional_vpc_ids = ["subnet-0123456789abcdef0"] } }

    # delegation_not_a_subdomain
    delegations = { x = { zone = "connectly.io", name = "connectly.com", name_servers = ["ns-1.example.org"] } }
  }
  expect_failures = [
    var.private_zones, # private_zone_bad_vpc
    var.delegations,   # delegation_not_a_subdomain
  ]
}

# Merged validation runs (issue 20: one provider start instead of 2); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs_4" {
  command = plan
  variables {
    # private_zone_without_vpc
    private_zones = { "internal.connectly.io" = {} }

    # delegation_without_name_servers
    delegations = { x = { zone = "connectly.io", name = "a.connectly.io", name_servers = [] } }
  }
  expect_failures = [
    var.private_zones, # private_zone_without_vpc
    var.delegations,   # delegation_without_name_servers
  ]
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

