mock_provider "aws" {}

variables {
  name        = "platform-test-app"
  description = "App tier of the test platform"
  vpc_id      = "vpc-0123456789abcdef0"
  tags        = { Team = "platform" }
}

run "secure_defaults" {
  command = plan

  assert {
    condition     = aws_security_group.this.name == "platform-test-app" && aws_security_group.this.vpc_id == "vpc-0123456789abcdef0"
    error_message = "Name and VPC must be passed through."
  }

  assert {
    condition     = aws_security_group.this.description == "App tier of the test platform"
    error_message = "Description must be passed through."
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.this) == 0
    error_message = "No ingress rule by default."
  }

  assert {
    condition     = length(aws_vpc_security_group_egress_rule.this) == 0
    error_message = "No egress rule by default (no default egress-all)."
  }

  assert {
    condition     = aws_security_group.this.revoke_rules_on_delete == false
    error_message = "revoke_rules_on_delete defaults to false."
  }

  assert {
    condition     = aws_security_group.this.tags["Name"] == "platform-test-app" && aws_security_group.this.tags["Team"] == "platform"
    error_message = "Tags must carry Name and the caller's tags."
  }
}

run "rules" {
  command = plan

  variables {
    ingress_rules = {
      https-vpc = {
        description = "HTTPS from the VPC"
        from_port   = 443
        to_port     = 443
        cidr_ipv4   = "10.0.0.0/16"
      }
      app-from-alb = {
        description                  = "App port from the ALB"
        from_port                    = 8080
        to_port                      = 8080
        referenced_security_group_id = "sg-0123456789abcdef0"
      }
      self-all = {
        description                  = "Everything between members"
        ip_protocol                  = "-1"
        referenced_security_group_id = "self"
      }
      ping-v6 = {
        description = "ICMPv6 from the VPC"
        ip_protocol = "icmpv6"
        cidr_ipv6   = "2001:db8::/56"
      }
      dns-prefix-list = {
        description    = "DNS from a prefix list"
        ip_protocol    = "udp"
        from_port      = 53
        to_port        = 53
        prefix_list_id = "pl-0123456789abcdef0"
      }
    }
    egress_rules = {
      all = {
        description = "All outbound"
        ip_protocol = "-1"
        cidr_ipv4   = "0.0.0.0/0"
      }
    }
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.this) == 5 && length(aws_vpc_security_group_egress_rule.this) == 1
    error_message = "One rule resource per map entry."
  }

  assert {
    condition = (
      aws_vpc_security_group_ingress_rule.this["https-vpc"].from_port == 443 &&
      aws_vpc_security_group_ingress_rule.this["https-vpc"].to_port == 443 &&
      aws_vpc_security_group_ingress_rule.this["https-vpc"].ip_protocol == "tcp" &&
      aws_vpc_security_group_ingress_rule.this["https-vpc"].cidr_ipv4 == "10.0.0.0/16"
    )
    error_message = "A tcp rule keeps its ports, defaults ip_protocol to tcp and keeps its CIDR."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.this["self-all"].from_port == null && aws_vpc_security_group_ingress_rule.this["self-all"].to_port == null
    error_message = "An all-protocol rule sends no ports."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.this["ping-v6"].from_port == -1 && aws_vpc_security_group_ingress_rule.this["ping-v6"].to_port == -1
    error_message = "ICMP type and code default to -1 (all)."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.this["app-from-alb"].referenced_security_group_id == "sg-0123456789abcdef0"
    error_message = "A referenced group is passed through."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.this["dns-prefix-list"].prefix_list_id == "pl-0123456789abcdef0" && aws_vpc_security_group_ingress_rule.this["dns-prefix-list"].ip_protocol == "udp"
    error_message = "A prefix-list rule is passed through."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.this["https-vpc"].tags["Name"] == "platform-test-app-https-vpc" && aws_vpc_security_group_ingress_rule.this["https-vpc"].tags["Team"] == "platform"
    error_message = "Rules are tagged with <group>-<rule> and the caller's tags."
  }

  assert {
    condition     = aws_vpc_security_group_egress_rule.this["all"].ip_protocol == "-1" && aws_vpc_security_group_egress_rule.this["all"].cidr_ipv4 == "0.0.0.0/0"
    error_message = "Egress-all is created only when asked for."
  }
}

run "self_reference_and_outputs" {
  command = apply

  variables {
    ingress_rules = {
      self-all = {
        description                  = "Everything between members"
        ip_protocol                  = "-1"
        referenced_security_group_id = "self"
      }
    }
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.this["self-all"].referenced_security_group_id == aws_security_group.this.id
    error_message = "\"self\" must resolve to this group's id."
  }

  assert {
    condition     = output.security_group_id == aws_security_group.this.id && output.security_group_arn == aws_security_group.this.arn && output.security_group_name == "platform-test-app"
    error_message = "Outputs must expose the group's id, ARN and name."
  }

  assert {
    condition     = keys(output.ingress_rule_ids) == ["self-all"] && length(output.egress_rule_ids) == 0
    error_message = "Rule id outputs are keyed like the inputs."
  }
}

run "public_https_is_allowed" {
  command = plan

  variables {
    ingress_rules = {
      https-public = {
        description = "HTTPS from anywhere"
        from_port   = 443
        to_port     = 443
        cidr_ipv4   = "0.0.0.0/0"
      }
      http-public-v6 = {
        description = "HTTP from anywhere (v6)"
        from_port   = 80
        to_port     = 80
        cidr_ipv6   = "::/0"
      }
      ssh-from-vpn = {
        description = "SSH from the VPN range"
        from_port   = 22
        to_port     = 22
        cidr_ipv4   = "10.100.0.0/16"
      }
    }
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.this) == 3
    error_message = "Public web ports and admin ports from private ranges are allowed."
  }
}

run "public_admin_port_allowed_when_asked" {
  command = plan

  variables {
    allow_public_admin_ports = true
    ingress_rules = {
      ssh-public = {
        description = "SSH from anywhere (bastion)"
        from_port   = 22
        to_port     = 22
        cidr_ipv4   = "0.0.0.0/0"
      }
    }
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.this["ssh-public"].cidr_ipv4 == "0.0.0.0/0"
    error_message = "allow_public_admin_ports = true lets the rule through."
  }
}
