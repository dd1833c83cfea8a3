mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group
  mock_resource "aws_route53_zone" {
    defaults = {
      zone_id      = "Z0123456789ABCDEFGHIJ"
      name_servers = ["ns-1.awsdns-01.org", "ns-2.awsdns-02.co.uk", "ns-3.awsdns-03.com", "ns-4.awsdns-04.net"]
    }
  }
  mock_resource "aws_route53_key_signing_key" {
    defaults = { ds_record = "12345 13 2 ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789" }
  }
}

mock_provider "aws" {
  alias  = "us_east_1"
  source = "../_test-mocks/aws" # the shared mocks; the blocks below replace or add to them
  mock_data "aws_region" {
    defaults = { name = "us-east-1" }
  }
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:us-east-1:111122223333:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:us-east-1:111122223333:log-group:/aws/route53/connectly.io" }
  }
}

variables {
  name = "connectly-test"
  public_zones = {
    "connectly.io"        = {}
    "api.connectly.io"    = {}
    "v1.api.connectly.io" = { dnssec = false, query_logging = false }
  }
  private_zones = {
    "internal.connectly.io" = { additional_vpc_ids = ["vpc-0fedcba9876543210"] }
  }
  vpc_id = "vpc-0123456789abcdef0"
  records = {
    www = {
      zone    = "connectly.io"
      name    = "www"
      type    = "CNAME"
      records = ["connectly.io"]
    }
    apex = {
      zone = "connectly.io"
      name = ""
      type = "A"
      alias = {
        name    = "internal-x-1.ap-northeast-2.elb.amazonaws.com"
        zone_id = "ZWKZPGTI48KDX"
      }
    }
    db = {
      zone    = "internal.connectly.io"
      private = true
      name    = "db"
      type    = "CNAME"
      ttl     = 60
      records = ["db.example.internal"]
    }
    blue = {
      zone           = "connectly.io"
      name           = "app"
      type           = "CNAME"
      records        = ["blue.connectly.io"]
      set_identifier = "blue"
      weight         = 90
    }
  }
  tags = { Team = "platform" }
}

# Merged with runs of the same variables (issue 20): dnssec, query_logging
run "zones" {
  command = plan

  assert {
    condition     = toset(keys(aws_route53_zone.public)) == toset(["connectly.io", "api.connectly.io", "v1.api.connectly.io"])
    error_message = "Every public zone must be created, keyed by domain."
  }
  assert {
    condition     = aws_route53_zone.public["connectly.io"].name == "connectly.io" && aws_route53_zone.public["connectly.io"].force_destroy == false
    error_message = "Public zones must be named after their key and not force-destroyed by default."
  }
  assert {
    condition     = length(aws_route53_zone.public["connectly.io"].vpc) == 0
    error_message = "Public zones must not attach a VPC."
  }
  assert {
    condition     = toset([for v in aws_route53_zone.private["internal.connectly.io"].vpc : v.vpc_id]) == toset(["vpc-0123456789abcdef0", "vpc-0fedcba9876543210"])
    error_message = "Private zones must attach vpc_id and the additional VPCs."
  }
  assert {
    condition     = aws_route53_zone.public["api.connectly.io"].tags["Name"] == "api.connectly.io" && aws_route53_zone.public["api.connectly.io"].tags["Team"] == "platform"
    error_message = "Zones must be tagged with their name and the module tags."
  }

  # was run "dnssec"
  assert {
    condition     = toset(keys(aws_route53_key_signing_key.this)) == toset(["connectly.io", "api.connectly.io"]) && toset(keys(aws_route53_hosted_zone_dnssec.this)) == toset(["connectly.io", "api.connectly.io"])
    error_message = "Public zones with dnssec (the default) must be signed; v1.api (dnssec = false) must not."
  }
  assert {
    condition     = aws_kms_key.dnssec[0].customer_master_key_spec == "ECC_NIST_P256" && aws_kms_key.dnssec[0].key_usage == "SIGN_VERIFY"
    error_message = "The DNSSEC key must be ECC_NIST_P256 for SIGN_VERIFY."
  }
  assert {
    condition     = one([for s in jsondecode(aws_kms_key.dnssec[0].policy).Statement : s.Principal.Service if s.Sid == "Route53DnssecService"]) == "dnssec-route53.amazonaws.com"
    error_message = "The DNSSEC key policy must let dnssec-route53.amazonaws.com use the key."
  }
  assert {
    condition     = one([for s in jsondecode(aws_kms_key.dnssec[0].policy).Statement : s.Condition.StringEquals["aws:SourceAccount"] if s.Sid == "Route53DnssecService"]) == "111122223333"
    error_message = "The DNSSEC service must be limited to this account's zones (confused deputy)."
  }
  assert {
    condition     = !contains(flatten([for s in jsondecode(aws_kms_key.dnssec[0].policy).Statement : s.Action]), "kms:*")
    error_message = "No statement may grant kms:*."
  }
  assert {
    condition     = aws_route53_key_signing_key.this["connectly.io"].status == "ACTIVE" && aws_route53_hosted_zone_dnssec.this["connectly.io"].signing_status == "SIGNING"
    error_message = "Key-signing keys must be active and zones signing."
  }
  assert {
    condition     = aws_kms_alias.dnssec[0].name == "alias/connectly-test-dnssec"
    error_message = "The DNSSEC key alias must be named after the module."
  }

  # was run "query_logging"
  assert {
    condition     = toset(keys(aws_route53_query_log.this)) == toset(["connectly.io", "api.connectly.io"])
    error_message = "Public zones with query_logging (the default) must log queries; v1.api must not."
  }
  assert {
    condition     = module.query_log_group["connectly.io"].cloudwatch_log_group_name == "/aws/route53/connectly.io"
    error_message = "Query log groups must be /aws/route53/<zone>."
  }
  assert {
    condition     = aws_kms_key.query_logs[0].enable_key_rotation && jsondecode(aws_kms_key.query_logs[0].policy).Statement[1].Principal.Service == "logs.us-east-1.amazonaws.com"
    error_message = "The query log key must be rotated and usable by CloudWatch Logs in us-east-1."
  }
  assert {
    condition     = jsondecode(aws_cloudwatch_log_resource_policy.query_logs[0].policy_document).Statement[0].Principal.Service == "route53.amazonaws.com"
    error_message = "Route 53 must be allowed to write query logs."
  }
  assert {
    condition     = jsondecode(aws_cloudwatch_log_resource_policy.query_logs[0].policy_document).Statement[0].Resource == "arn:aws:logs:us-east-1:111122223333:log-group:/aws/route53/*"
    error_message = "Route 53 may write only to /aws/route53/* log groups in us-east-1."
  }
}

run "delegation_and_records" {
  command = apply

  assert {
    condition     = output.subzone_delegations == tomap({ "api.connectly.io" = "connectly.io", "v1.api.connectly.io" = "api.connectly.io" })
    error_message = "Each subzone must be delegated from its closest parent zone."
  }
  assert {
    condition     = aws_route53_record.subzone_ns["api.connectly.io"].type == "NS" && length(aws_route53_record.subzone_ns["api.connectly.io"].records) == 4
    error_message = "The parent must get the subzone's NS records."
  }
  assert {
    condition     = toset(keys(aws_route53_record.subzone_ds)) == toset(["api.connectly.io"])
    error_message = "Only a signed subzone of a signed parent gets a DS record."
  }
  assert {
    condition     = aws_route53_record.subzone_ds["api.connectly.io"].records == toset(["12345 13 2 ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789"])
    error_message = "The DS record must come from the subzone's key-signing key."
  }
  assert {
    condition     = aws_route53_record.this["www"].name == "www.connectly.io" && aws_route53_record.this["www"].ttl == 300
    error_message = "Record names are relative to the zone; ttl defaults to 300."
  }
  assert {
    condition     = aws_route53_record.this["apex"].name == "connectly.io" && aws_route53_record.this["apex"].ttl == null && aws_route53_record.this["apex"].alias[0].zone_id == "ZWKZPGTI48KDX"
    error_message = "An empty name is the apex; alias records have no ttl."
  }
  assert {
    condition     = aws_route53_record.this["blue"].weighted_routing_policy[0].weight == 90 && aws_route53_record.this["blue"].set_identifier == "blue"
    error_message = "Weighted records must carry weight and set_identifier."
  }
  assert {
    condition     = output.dnssec_kms_key_arn == "arn:aws:kms:us-east-1:111122223333:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
    error_message = "The DNSSEC key must be created through the aws.us_east_1 provider."
  }
  assert {
    condition     = startswith(output.query_log_group_arns["connectly.io"], "arn:aws:logs:us-east-1:")
    error_message = "Query log groups must be in us-east-1."
  }
  assert {
    condition     = output.ds_records["connectly.io"] != "" && !contains(keys(output.ds_records), "v1.api.connectly.io")
    error_message = "ds_records must list signed zones only."
  }
}

run "toggles_off" {
  command = plan

  variables {
    enable_dnssec        = false
    enable_query_logging = false
    delegate_subzones    = false
  }

  assert {
    condition     = length(aws_route53_key_signing_key.this) == 0 && length(aws_route53_hosted_zone_dnssec.this) == 0 && length(aws_kms_key.dnssec) == 0
    error_message = "enable_dnssec = false must remove signing and its key."
  }
  assert {
    condition     = length(aws_route53_query_log.this) == 0 && length(module.query_log_group) == 0 && length(aws_kms_key.query_logs) == 0 && length(aws_cloudwatch_log_resource_policy.query_logs) == 0
    error_message = "enable_query_logging = false must remove query logging, its log groups, key and policy."
  }
  assert {
    condition     = length(aws_route53_record.subzone_ns) == 0 && length(aws_route53_record.subzone_ds) == 0
    error_message = "delegate_subzones = false must not create NS/DS records."
  }
  assert {
    condition     = length(aws_route53_zone.public) == 3 && length(aws_route53_record.this) == 4
    error_message = "The toggles must not touch zones or records."
  }
}

run "given_keys" {
  command = plan

  variables {
    dnssec_kms_key_arn    = "arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555"
    query_log_kms_key_arn = "arn:aws:kms:us-east-1:111122223333:key/66666666-7777-8888-9999-000000000000"
  }

  assert {
    condition     = length(aws_kms_key.dnssec) == 0 && length(aws_kms_key.query_logs) == 0
    error_message = "Given keys must be used instead of creating keys."
  }
  assert {
    condition     = aws_route53_key_signing_key.this["connectly.io"].key_management_service_arn == "arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555"
    error_message = "Key-signing keys must use dnssec_kms_key_arn."
  }
}

run "external_delegation" {
  command = plan

  variables {
    delegations = {
      data = {
        zone         = "connectly.io"
        name         = "data.connectly.io"
        name_servers = ["ns-9.awsdns-09.org"]
        ds_records   = ["2371 13 2 1F987CC6583E92DF0890718C42"]
      }
    }
  }

  assert {
    condition     = aws_route53_record.delegation_ns["data"].name == "data.connectly.io" && aws_route53_record.delegation_ns["data"].ttl == 172800 && aws_route53_record.delegation_ns["data"].records == toset(["ns-9.awsdns-09.org"])
    error_message = "An external delegation must create NS records in its zone."
  }
  assert {
    condition     = aws_route53_record.delegation_ds["data"].type == "DS"
    error_message = "An external delegation with ds_records must create a DS record."
  }
}
