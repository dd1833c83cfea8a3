mock_provider "aws" {}

variables {
  name        = "platform-test-app"
  description = "App tier of the test platform"
  vpc_id      = "vpc-0123456789abcdef0"
}

run "name_invalid_characters" {
  command = plan
  variables {
    name = "bad|name"
  }
  expect_failures = [var.name]
}

run "name_sg_prefix" {
  command = plan
  variables {
    name = "sg-app"
  }
  expect_failures = [var.name]
}

run "description_empty" {
  command = plan
  variables {
    description = " "
  }
  expect_failures = [var.description]
}

run "vpc_id_invalid" {
  command = plan
  variables {
    vpc_id = "my-vpc"
  }
  expect_failures = [var.vpc_id]
}

run "ingress_rules_key" {
  command = plan
  variables {
    ingress_rules = { "bad key!" = { description = "x", from_port = 443, to_port = 443, cidr_ipv4 = "10.0.0.0/8" } }
  }
  expect_failures = [var.ingress_rules]
}

run "ingress_rules_description_missing" {
  command = plan
  variables {
    ingress_rules = { r = { description = "", from_port = 443, to_port = 443, cidr_ipv4 = "10.0.0.0/8" } }
  }
  expect_failures = [var.ingress_rules]
}

run "ingress_rules_protocol_invalid" {
  command = plan
  variables {
    ingress_rules = { r = { description = "x", ip_protocol = "sctp", from_port = 1, to_port = 1, cidr_ipv4 = "10.0.0.0/8" } }
  }
  expect_failures = [var.ingress_rules]
}

run "ingress_rules_tcp_ports_missing" {
  command = plan
  variables {
    ingress_rules = { r = { description = "x", cidr_ipv4 = "10.0.0.0/8" } }
  }
  expect_failures = [var.ingress_rules]
}

run "ingress_rules_icmp_type_out_of_range" {
  command = plan
  variables {
    ingress_rules = { r = { description = "x", ip_protocol = "icmp", from_port = 300, cidr_ipv4 = "10.0.0.0/8" } }
  }
  expect_failures = [var.ingress_rules]
}

run "ingress_rules_all_protocols_with_ports" {
  command = plan
  variables {
    ingress_rules = { r = { description = "x", ip_protocol = "-1", from_port = 0, to_port = 65535, cidr_ipv4 = "10.0.0.0/8" } }
  }
  expect_failures = [var.ingress_rules]
}

run "ingress_rules_no_target" {
  command = plan
  variables {
    ingress_rules = { r = { description = "x", from_port = 443, to_port = 443 } }
  }
  expect_failures = [var.ingress_rules]
}

run "ingress_rules_cidr_ipv4_invalid" {
  command = plan
  variables {
    ingress_rules = { r = { description = "x", from_port = 443, to_port = 443, cidr_ipv4 = "10.0.0.1/16" } }
  }
  expect_failures = [var.ingress_rules]
}

run "ingress_rules_cidr_ipv6_invalid" {
  command = plan
  variables {
    ingress_rules = { r = { description = "x", from_port = 443, to_port = 443, cidr_ipv6 = "10.0.0.0/16" } }
  }
  expect_failures = [var.ingress_rules]
}

run "ingress_rules_sg_reference_invalid" {
  command = plan
  variables {
    ingress_rules = { r = { description = "x", from_port = 443, to_port = 443, referenced_security_group_id = "my-alb-sg" } }
  }
  expect_failures = [var.ingress_rules]
}

run "ingress_rules_prefix_list_invalid" {
  command = plan
  variables {
    ingress_rules = { r = { description = "x", from_port = 443, to_port = 443, prefix_list_id = "s3" } }
  }
  expect_failures = [var.ingress_rules]
}

run "egress_rules_key" {
  command = plan
  variables {
    egress_rules = { "bad key!" = { description = "x", from_port = 443, to_port = 443, cidr_ipv4 = "10.0.0.0/8" } }
  }
  expect_failures = [var.egress_rules]
}

run "egress_rules_description_missing" {
  command = plan
  variables {
    egress_rules = { r = { description = "", from_port = 443, to_port = 443, cidr_ipv4 = "10.0.0.0/8" } }
  }
  expect_failures = [var.egress_rules]
}

run "egress_rules_protocol_invalid" {
  command = plan
  variables {
    egress_rules = { r = { description = "x", ip_protocol = "sctp", from_port = 1, to_port = 1, cidr_ipv4 = "10.0.0.0/8" } }
  }
  expect_failures = [var.egress_rules]
}

run "egress_rules_tcp_ports_missing" {
  command = plan
  variables {
    egress_rules = { r = { description = "x", cidr_ipv4 = "10.0.0.0/8" } }
  }
  expect_failures = [var.egress_rules]
}

run "egress_rules_icmp_type_out_of_range" {
  command = plan
  variables {
    egress_rules = { r = { description = "x", ip_protocol = "icmp", from_port = 300, cidr_ipv4 = "10.0.0.0/8" } }
  }
  expect_failures = [var.egress_rules]
}

run "egress_rules_all_protocols_with_ports" {
  command = plan
  variables {
    egress_rules = { r = { description = "x", ip_protocol = "-1", from_port = 0, to_port = 65535, cidr_ipv4 = "10.0.0.0/8" } }
  }
  expect_failures = [var.egress_rules]
}

run "egress_rules_no_target" {
  command = plan
  variables {
    egress_rules = { r = { description = "x", from_port = 443, to_port = 443 } }
  }
  expect_failures = [var.egress_rules]
}

run "egress_rules_cidr_ipv4_invalid" {
  command = plan
  variables {
    egress_rules = { r = { description = "x", from_port = 443, to_port = 443, cidr_ipv4 = "10.0.0.1/16" } }
  }
  expect_failures = [var.egress_rules]
}

run "egress_rules_cidr_ipv6_invalid" {
  command = plan
  variables {
    egress_rules = { r = { description = "x", from_port = 443, to_port = 443, cidr_ipv6 = "10.0.0.0/16" } }
  }
  expect_failures = [var.egress_rules]
}

run "egress_rules_sg_reference_invalid" {
  command = plan
  variables {
    egress_rules = { r = { description = "x", from_port = 443, to_port = 443, referenced_security_group_id = "my-alb-sg" } }
  }
  expect_failures = [var.egress_rules]
}

run "egress_rules_prefix_list_invalid" {
  command = plan
  variables {
    egress_rules = { r = { description = "x", from_port = 443, to_port = 443, prefix_list_id = "s3" } }
  }
  expect_failures = [var.egress_rules]
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
