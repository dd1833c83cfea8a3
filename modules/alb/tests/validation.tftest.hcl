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

run "name_invalid" {
  command = plan
  variables {
    name = "-bad-name"
  }
  expect_failures = [var.name]
}

run "name_internal_prefix" {
  command = plan
  variables {
    name = "internal-app"
  }
  expect_failures = [var.name]
}

run "vpc_id_invalid" {
  command = plan
  variables {
    vpc_id = "main"
  }
  expect_failures = [var.vpc_id]
}

run "subnet_ids_only_one" {
  command = plan
  variables {
    subnet_ids = ["subnet-0123456789abcdef0"]
  }
  expect_failures = [var.subnet_ids]
}

run "access_logs_bucket_invalid" {
  command = plan
  variables {
    access_logs = { bucket = "Bad_Bucket" }
  }
  expect_failures = [var.access_logs]
}

run "access_logs_prefix_invalid" {
  command = plan
  variables {
    access_logs = { bucket = "platform-test-alb-logs", prefix = "/AWSLogs/x" }
  }
  expect_failures = [var.access_logs]
}

run "connection_logs_bucket_invalid" {
  command = plan
  variables {
    connection_logs = { bucket = "Bad_Bucket" }
  }
  expect_failures = [var.connection_logs]
}

run "desync_mitigation_mode_invalid" {
  command = plan
  variables {
    desync_mitigation_mode = "off"
  }
  expect_failures = [var.desync_mitigation_mode]
}

run "idle_timeout_invalid" {
  command = plan
  variables {
    idle_timeout = 0
  }
  expect_failures = [var.idle_timeout]
}

run "ip_address_type_invalid" {
  command = plan
  variables {
    ip_address_type = "ipv6"
  }
  expect_failures = [var.ip_address_type]
}

run "security_group_ids_invalid" {
  command = plan
  variables {
    security_group_ids = ["alb-sg"]
  }
  expect_failures = [var.security_group_ids]
}

run "http_redirect_port_invalid" {
  command = plan
  variables {
    http_redirect_port = 70000
  }
  expect_failures = [var.http_redirect_port]
}

run "web_acl_arn_invalid" {
  command = plan
  variables {
    web_acl_arn = "arn:aws:wafv2:us-east-1:111122223333:global/webacl/cf/abcd"
  }
  expect_failures = [var.web_acl_arn]
}

run "target_group_key_invalid" {
  command = plan
  variables {
    target_groups = { "bad key" = { port = 8080 } }
  }
  expect_failures = [var.target_groups]
}

run "target_group_name_invalid" {
  command = plan
  variables {
    target_groups = { app = { port = 8080, name = "bad_name" } }
  }
  expect_failures = [var.target_groups]
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
