mock_provider "aws" {}

variables {
  name        = "platform-test-app"
  description = "App tier of the test platform"
  vpc_id      = "vpc-0123456789abcdef0"
}

# Variable checks, several per run (issue 20: each run starts the provider): each run breaks several
# variables at once, each with the value its former one-check run used (named in the comment above it), and
# a run passes only if every listed variable fails, so a check that stops failing still fails its run.
# A variable with several checks appears in several runs; a check that reads other variables runs apart
# from the runs that set those.
run "invalid_inputs_1" {
  command = plan

  variables {
    # name_invalid_characters
    name = "bad|name"
    # description_empty
    description = " "
    # vpc_id_invalid
    vpc_id = "my-vpc"
    # ingress_rules_key
    ingress_rules = { "bad key!" = { description = "x", from_port = 443, to_port = 443, cidr_ipv4 = "10.0.0.0/8" } }
    # egress_rules_key
    egress_rules = { "bad key!" = { description = "x", from_port = 443, to_port = 443, cidr_ipv4 = "10.0.0.0/8" } }
  }
  expect_failures = [var.name, var.description, var.vpc_id, var.ingress_rules, var.egress_rules]
}

run "invalid_inputs_2" {
  command = plan

  variables {
    # name_sg_prefix
    name = "sg-app"
    # ingress_rules_description_missing
    ingress_rules = { r = { description = "", from_port = 443, to_port = 443, cidr_ipv4 = "10.0.0.0/8" } }
    # egress_rules_description_missing
    egress_rules = { r = { description = "", from_port = 443, to_port = 443, cidr_ipv4 = "10.0.0.0/8" } }
  }
  expect_failures = [var.name, var.ingress_rules, var.egress_rules]
}

run "invalid_inputs_3" {
  command = plan

  variables {
    # ingress_rules_protocol_invalid
    ingress_rules = { r = { description = "x", ip_protocol = "sctp", from_port = 1, to_port = 1, cidr_ipv4 = "10.0.0.0/8" } }
    # egress_rules_protocol_invalid
    egress_rules = { r = { description = "x", ip_protocol = "sctp", from_port = 1, to_port = 1, cidr_ipv4 = "10.0.0.0/8" } }
  }
  expect_failures = [var.ingress_rules, var.egress_rules]
}

run "invalid_inputs_4" {
  command = plan

  variables {
    # ingress_rules_tcp_ports_missing
    ingress_rules = { r = { description = "x", cidr_ipv4 = "10.0.0.0/8" } }
    # egress_rules_tcp_ports_missing
    egress_rules = { r = { description = "x", cidr_ipv4 = "10.0.0.0/8" } }
  }
  expect_failures = [var.ingress_rules, var.egress_rules]
}

run "invalid_inputs_5" {
  command = plan

  variables {
    # ingress_rules_icmp_type_out_of_range
    ingress_rules = { r = { description = "x", ip_protocol = "icmp", from_port = 300, cidr_ipv4 = "10.0.0.0/8" } }
    # egress_rules_icmp_type_out_of_range
    egress_rules = { r = { description = "x", ip_protocol = "icmp", from_port = 300, cidr_ipv4 = "10.0.0.0/8" } }
  }
  expect_failures = [var.ingress_rules, var.egress_rules]
}

run "invalid_inputs_6" {
  command = plan

  variables {
    # ingress_rules_all_protocols_with_ports
    ingress_rules = { r = { description = "x", ip_protocol = "-1", from_port = 0, to_port = 65535, cidr_ipv4 = "10.0.0.0/8" } }
    # egress_rules_all_protocols_with_ports
    egress_rules = { r = { description = "x", ip_protocol = "-1", from_port = 0, to_port = 65535, cidr_ipv4 = "10.0.0.0/8" } }
  }
  expect_failures = [var.ingress_rules, var.egress_rules]
}

run "invalid_inputs_7" {
  command = plan

  variables {
    # ingress_rules_no_target
    ingress_rules = { r = { description = "x", from_port = 443, to_port = 443 } }
    # egress_rules_no_target
    egress_rules = { r = { description = "x", from_port = 443, to_port = 443 } }
  }
  expect_failures = [var.ingress_rules, var.egress_rules]
}

run "invalid_inputs_8" {
  command = plan

  variables {
    # ingress_rules_cidr_ipv4_invalid
    ingress_rules = { r = { description = "x", from_port = 443, to_port = 443, cidr_ipv4 = "10.0.0.1/16" } }
    # egress_rules_cidr_ipv4_invalid
    egress_rules = { r = { description = "x", from_port = 443, to_port = 443, cidr_ipv4 = "10.0.0.1/16" } }
  }
  expect_failures = [var.ingress_rules, var.egress_rules]
}

run "invalid_inputs_9" {
  command = plan

  variables {
    # ingress_rules_cidr_ipv6_invalid
    ingress_rules = { r = { description = "x", from_port = 443, to_port = 443, cidr_ipv6 = "10.0.0.0/16" } }
    # egress_rules_cidr_ipv6_invalid
    egress_rules = { r = { description = "x", from_port = 443, to_port = 443, cidr_ipv6 = "10.0.0.0/16" } }
  }
  expect_failures = [var.ingress_rules, var.egress_rules]
}

run "invalid_inputs_10" {
  command = plan

  variables {
    # ingress_rules_sg_reference_invalid
    ingress_rules = { r = { description = "x", from_port = 443, to_port = 443, referenced_security_group_id = "my-alb-sg" } }
    # egress_rules_sg_reference_invalid
    egress_rules = { r = { description = "x", from_port = 443, to_port = 443, referenced_security_group_id = "my-alb-sg" } }
  }
  expect_failures = [var.ingress_rules, var.egress_rules]
}

run "invalid_inputs_11" {
  command = plan

  variables {
    # ingress_rules_prefix_list_invalid
    ingress_rules = { r = { description = "x", from_port = 443, to_port = 443, prefix_list_id = "s3" } }
    # egress_rules_prefix_list_invalid
    egress_rules = { r = { description = "x", from_port = 443, to_port = 443, prefix_list_id = "s3" } }
  }
  expect_failures = [var.ingress_rules, var.egress_rules]
}

run "public_admin_port_ssh_ipv4" {
  command = plan
  variables {
    ingress_rules = { ssh = { description = "x", from_port = 22, to_port = 22, cidr_ipv4 = "0.0.0.0/0" } }
  }
  expect_failures = [var.ingress_rules]
}

run "public_admin_port_rdp" {
  command = plan
  variables {
    ingress_rules = { rdp = { description = "x", from_port = 3389, to_port = 3389, cidr_ipv4 = "0.0.0.0/0" } }
  }
  expect_failures = [var.ingress_rules]
}

run "public_admin_port_postgres_ipv6" {
  command = plan
  variables {
    ingress_rules = { pg = { description = "x", from_port = 5432, to_port = 5432, cidr_ipv6 = "::/0" } }
  }
  expect_failures = [var.ingress_rules]
}

run "public_admin_port_mysql" {
  command = plan
  variables {
    ingress_rules = { db = { description = "x", from_port = 3306, to_port = 3306, cidr_ipv4 = "0.0.0.0/0" } }
  }
  expect_failures = [var.ingress_rules]
}

run "public_admin_port_redis" {
  command = plan
  variables {
    ingress_rules = { db = { description = "x", from_port = 6379, to_port = 6379, cidr_ipv4 = "0.0.0.0/0" } }
  }
  expect_failures = [var.ingress_rules]
}

run "public_admin_port_mssql" {
  command = plan
  variables {
    ingress_rules = { db = { description = "x", from_port = 1433, to_port = 1433, cidr_ipv4 = "0.0.0.0/0" } }
  }
  expect_failures = [var.ingress_rules]
}

run "public_admin_port_mongodb" {
  command = plan
  variables {
    ingress_rules = { db = { description = "x", from_port = 27017, to_port = 27017, cidr_ipv4 = "0.0.0.0/0" } }
  }
  expect_failures = [var.ingress_rules]
}

run "public_admin_port_port_range_covering_ssh" {
  command = plan
  variables {
    ingress_rules = { wide = { description = "x", from_port = 0, to_port = 1024, cidr_ipv4 = "0.0.0.0/0" } }
  }
  expect_failures = [var.ingress_rules]
}

run "public_admin_port_all_protocols" {
  command = plan
  variables {
    ingress_rules = { all = { description = "x", ip_protocol = "-1", cidr_ipv4 = "0.0.0.0/0" } }
  }
  expect_failures = [var.ingress_rules]
}

run "public_admin_port_protocol_number_6" {
  command = plan
  variables {
    ingress_rules = { ssh = { description = "x", ip_protocol = "6", from_port = 22, to_port = 22, cidr_ipv4 = "0.0.0.0/0" } }
  }
  expect_failures = [var.ingress_rules]
}
