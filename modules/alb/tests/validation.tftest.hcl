mock_provider "aws" {
  mock_resource "aws_lb" {
    defaults = {
      arn        = "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:loadbalancer/app/platform-test/50dc6c495c0c9188"
      arn_suffix = "app/platform-test/50dc6c495c0c9188"
      dns_name   = "internal-platform-test-123456789.ap-northeast-2.elb.amazonaws.com"
      zone_id    = "ZWKZPGTI48KDX"
    }
  }

  mock_resource "aws_lb_target_group" {
    defaults = {
      arn        = "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:targetgroup/platform-test-app/73e2d6bc24d8a067"
      arn_suffix = "targetgroup/platform-test-app/73e2d6bc24d8a067"
    }
  }

  mock_resource "aws_lb_listener" {
    defaults = {
      arn = "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:listener/app/platform-test/50dc6c495c0c9188/f2f7dc8efc522ab2"
    }
  }
}

variables {
  name       = "platform-test"
  vpc_id     = "vpc-0123456789abcdef0"
  subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  access_logs = {
    bucket = "platform-test-alb-logs"
    prefix = "platform-test"
  }
  security_group_ingress_rules = {
    https-from-vpc = {
      description = "HTTPS from the VPC"
      from_port   = 443
      to_port     = 443
      cidr_ipv4   = "10.0.0.0/16"
    }
  }
  target_groups = {
    app = {
      port = 8080
    }
  }
  listeners = {
    https = {
      port            = 443
      certificate_arn = "arn:aws:acm:ap-northeast-2:111122223333:certificate/11111111-2222-3333-4444-555555555555"
      forward         = { target_group_key = "app" }
    }
  }
  tags = { Team = "platform" }
}

# Merged validation runs (issue 20: one provider start instead of 12); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs_1" {
  command = plan
  variables {
    # name_invalid
    name = "-bad-name"

    # vpc_id_invalid
    vpc_id = "main"

    # subnet_ids_only_one
    subnet_ids = ["subnet-0123456789abcdef0"]

    # access_logs_bucket_invalid
    access_logs = { bucket = "Bad_Bucket" }

    # connection_logs_bucket_invalid
    connection_logs = { bucket = "Bad_Bucket" }

    # desync_mitigation_mode_invalid
    desync_mitigation_mode = "off"

    # idle_timeout_invalid
    idle_timeout = 0

    # ip_address_type_invalid
    ip_address_type = "ipv6"

    # security_group_ids_invalid
    security_group_ids = ["alb-sg"]

    # http_redirect_port_invalid
    http_redirect_port = 70000

    # web_acl_arn_invalid
    web_acl_arn = "arn:aws:wafv2:us-east-1:111122223333:global/webacl/cf/abcd"

    # target_group_key_invalid
    target_groups = { "bad key" = { port = 8080 } }
  }
  expect_failures = [
    var.name,                   # name_invalid
    var.vpc_id,                 # vpc_id_invalid
    var.subnet_ids,             # subnet_ids_only_one
    var.access_logs,            # access_logs_bucket_invalid
    var.connection_logs,        # connection_logs_bucket_invalid
    var.desync_mitigation_mode, # desync_mitigation_mode_invalid
    var.idle_timeout,           # idle_timeout_invalid
    var.ip_address_type,        # ip_address_type_invalid
    var.security_group_ids,     # security_group_ids_invalid
    var.http_redirect_port,     # http_redirect_port_invalid
    var.web_acl_arn,            # web_acl_arn_invalid
    var.target_groups,          # target_group_key_invalid
  ]
}

# Merged validation runs (issue 20: one provider start instead of 3); each variable breaks its own
# validation, and a validation that stops failing is reported by name.
run "invalid_inputs_2" {
  command = plan
  variables {
    # name_internal_prefix
    name = "internal-app"

    # access_logs_prefix_invalid
    access_logs = { bucket = "platform-test-alb-logs", prefix = "/AWSLogs/x" }

    # target_group_name_invalid
    target_groups = { app = { port = 8080, name = "bad_name" } }
  }
  expect_failures = [
    var.name,          # name_internal_prefix
    var.access_logs,   # access_logs_prefix_invalid
    var.target_groups, # target_group_name_invalid
  ]
}

run "target_group_type_invalid" {
  command = plan
  variables {
    target_groups = { app = { port = 8080, target_type = "alb" } }
  }
  expect_failures = [var.target_groups]
}

run "target_group_port_missing" {
  command = plan
  variables {
    target_groups = { app = { protocol = "HTTP" } }
  }
  expect_failures = [var.target_groups]
}

run "target_group_protocol_version_invalid" {
  command = plan
  variables {
    target_groups = { app = { port = 8080, protocol_version = "HTTP3" } }
  }
  expect_failures = [var.target_groups]
}

run "target_group_slow_start_invalid" {
  command = plan
  variables {
    target_groups = { app = { port = 8080, slow_start = 10 } }
  }
  expect_failures = [var.target_groups]
}

run "target_group_health_check_invalid" {
  command = plan
  variables {
    target_groups = { app = { port = 8080, health_check = { interval = 5, timeout = 10 } } }
  }
  expect_failures = [var.target_groups]
}

run "target_group_stickiness_invalid" {
  command = plan
  variables {
    target_groups = { app = { port = 8080, stickiness = { type = "source_ip" } } }
  }
  expect_failures = [var.target_groups]
}

run "listener_key_invalid" {
  command = plan
  variables {
    listeners = { "bad key" = { port = 443, certificate_arn = "arn:aws:acm:ap-northeast-2:111122223333:certificate/11111111-2222-3333-4444-555555555555", forward = { target_group_key = "app" } } }
  }
  expect_failures = [var.listeners]
}

run "listener_protocol_invalid" {
  command = plan
  variables {
    listeners = { tcp = { port = 443, protocol = "TCP", forward = { target_group_key = "app" } } }
  }
  expect_failures = [var.listeners]
}

run "listener_https_without_certificate" {
  command = plan
  variables {
    listeners = { https = { port = 443, forward = { target_group_key = "app" } } }
  }
  expect_failures = [var.listeners]
}

run "listener_tls_policy_too_old" {
  command = plan
  variables {
    listeners = { https = { port = 443, certificate_arn = "arn:aws:acm:ap-northeast-2:111122223333:certificate/11111111-2222-3333-4444-555555555555", ssl_policy = "ELBSecurityPolicy-2016-08", forward = { target_group_key = "app" } } }
  }
  expect_failures = [var.listeners]
}

run "listener_two_actions" {
  command = plan
  variables {
    listeners = { https = { port = 443, certificate_arn = "arn:aws:acm:ap-northeast-2:111122223333:certificate/11111111-2222-3333-4444-555555555555", forward = { target_group_key = "app" }, fixed_response = {} } }
  }
  expect_failures = [var.listeners]
}

run "listener_unknown_target_group" {
  command = plan
  variables {
    listeners = { https = { port = 443, certificate_arn = "arn:aws:acm:ap-northeast-2:111122223333:certificate/11111111-2222-3333-4444-555555555555", forward = { target_group_key = "missing" } } }
  }
  expect_failures = [var.listeners]
}

run "listener_plain_http_forward" {
  command = plan
  variables {
    listeners = { http = { port = 8080, protocol = "HTTP", forward = { target_group_key = "app" } } }
  }
  expect_failures = [var.listeners]
}

run "listener_plain_http_redirect_to_http" {
  command = plan
  variables {
    listeners = { http = { port = 8080, protocol = "HTTP", redirect = { protocol = "HTTP", port = "8081" } } }
  }
  expect_failures = [var.listeners]
}

run "listener_rule_without_condition" {
  command = plan
  variables {
    listeners = { https = { port = 443, certificate_arn = "arn:aws:acm:ap-northeast-2:111122223333:certificate/11111111-2222-3333-4444-555555555555", fixed_response = {}, rules = { r = { priority = 1, forward = { target_group_key = "app" } } } } }
  }
  expect_failures = [var.listeners]
}

run "listener_rule_priority_invalid" {
  command = plan
  variables {
    listeners = { https = { port = 443, certificate_arn = "arn:aws:acm:ap-northeast-2:111122223333:certificate/11111111-2222-3333-4444-555555555555", fixed_response = {}, rules = { r = { priority = 0, path_patterns = ["/x"], forward = { target_group_key = "app" } } } } }
  }
  expect_failures = [var.listeners]
}

run "listener_redirect_status_invalid" {
  command = plan
  variables {
    listeners = { https = { port = 443, certificate_arn = "arn:aws:acm:ap-northeast-2:111122223333:certificate/11111111-2222-3333-4444-555555555555", redirect = { status_code = "HTTP_308" } } }
  }
  expect_failures = [var.listeners]
}

run "listener_fixed_response_invalid" {
  command = plan
  variables {
    listeners = { https = { port = 443, certificate_arn = "arn:aws:acm:ap-northeast-2:111122223333:certificate/11111111-2222-3333-4444-555555555555", fixed_response = { status_code = "600" } } }
  }
  expect_failures = [var.listeners]
}
