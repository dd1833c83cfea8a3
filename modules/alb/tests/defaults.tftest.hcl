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

run "secure_defaults" {
  command = plan

  assert {
    condition     = aws_lb.this.internal == true && aws_lb.this.load_balancer_type == "application"
    error_message = "The load balancer is an internal ALB by default."
  }

  assert {
    condition     = aws_lb.this.drop_invalid_header_fields == true
    error_message = "Invalid header fields must be dropped."
  }

  assert {
    condition     = aws_lb.this.enable_deletion_protection == true
    error_message = "Deletion protection must be on by default."
  }

  assert {
    condition     = aws_lb.this.access_logs[0].enabled == true && aws_lb.this.access_logs[0].bucket == "platform-test-alb-logs" && aws_lb.this.access_logs[0].prefix == "platform-test"
    error_message = "Access logs must go to the given bucket and prefix."
  }

  assert {
    condition     = length(aws_lb.this.connection_logs) == 0
    error_message = "No connection logs unless asked."
  }

  assert {
    condition     = aws_lb_listener.this["https"].protocol == "HTTPS" && aws_lb_listener.this["https"].ssl_policy == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    error_message = "HTTPS listeners use ELBSecurityPolicy-TLS13-1-2-2021-06 by default."
  }

  assert {
    condition     = aws_lb_listener.this["https"].default_action[0].type == "forward"
    error_message = "The HTTPS listener forwards to its target group."
  }

  assert {
    condition = (
      length(aws_lb_listener.http_redirect) == 1 &&
      aws_lb_listener.http_redirect[0].port == 80 &&
      aws_lb_listener.http_redirect[0].protocol == "HTTP" &&
      aws_lb_listener.http_redirect[0].default_action[0].type == "redirect" &&
      aws_lb_listener.http_redirect[0].default_action[0].redirect[0].protocol == "HTTPS" &&
      aws_lb_listener.http_redirect[0].default_action[0].redirect[0].port == "443" &&
      aws_lb_listener.http_redirect[0].default_action[0].redirect[0].status_code == "HTTP_301"
    )
    error_message = "Port 80 must permanently redirect to HTTPS 443."
  }

  assert {
    condition     = length(aws_wafv2_web_acl_association.this) == 0
    error_message = "No WAF association without web_acl_arn."
  }

  assert {
    condition     = length(module.security_group) == 1 && module.security_group[0].security_group_name == "platform-test-alb"
    error_message = "The ALB gets its own security group through ../security-group."
  }

  assert {
    condition     = aws_lb_target_group.this["app"].name == "platform-test-app" && aws_lb_target_group.this["app"].port == 8080 && aws_lb_target_group.this["app"].protocol == "HTTP" && aws_lb_target_group.this["app"].target_type == "ip"
    error_message = "Target group name defaults to <name>-<key>; HTTP and ip by default."
  }

  assert {
    condition     = aws_lb_target_group.this["app"].health_check[0].enabled == true && aws_lb_target_group.this["app"].health_check[0].path == "/" && aws_lb_target_group.this["app"].health_check[0].matcher == "200"
    error_message = "Health checks are on by default."
  }

  assert {
    condition     = aws_lb.this.tags["Name"] == "platform-test" && aws_lb.this.tags["Team"] == "platform" && aws_lb_target_group.this["app"].tags["Team"] == "platform"
    error_message = "Tags must carry Name and the caller's tags."
  }
}

run "internet_facing_with_waf_and_logs" {
  command = plan

  variables {
    internal    = false
    web_acl_arn = "arn:aws:wafv2:ap-northeast-2:111122223333:regional/webacl/platform/abcd-1234"
    connection_logs = {
      bucket = "platform-test-alb-logs"
      prefix = "connections"
    }
  }

  assert {
    condition     = aws_lb.this.internal == false
    error_message = "internal = false makes the load balancer internet-facing."
  }

  assert {
    condition     = length(aws_wafv2_web_acl_association.this) == 1 && aws_wafv2_web_acl_association.this[0].web_acl_arn == "arn:aws:wafv2:ap-northeast-2:111122223333:regional/webacl/platform/abcd-1234"
    error_message = "web_acl_arn associates the web ACL."
  }

  assert {
    condition     = aws_lb.this.connection_logs[0].enabled == true && aws_lb.this.connection_logs[0].prefix == "connections"
    error_message = "connection_logs turns connection logging on."
  }
}

run "associate_web_acl_false_overrides" {
  command = plan

  variables {
    web_acl_arn       = "arn:aws:wafv2:ap-northeast-2:111122223333:regional/webacl/platform/abcd-1234"
    associate_web_acl = false
  }

  assert {
    condition     = length(aws_wafv2_web_acl_association.this) == 0
    error_message = "associate_web_acl = false wins over web_acl_arn."
  }
}

run "toggles_off" {
  command = plan

  variables {
    http_to_https_redirect     = false
    create_security_group      = false
    security_group_ids         = ["sg-0123456789abcdef0"]
    enable_deletion_protection = false
  }

  assert {
    condition     = length(aws_lb_listener.http_redirect) == 0
    error_message = "http_to_https_redirect = false removes the redirect listener."
  }

  assert {
    condition     = length(module.security_group) == 0 && aws_lb.this.security_groups == toset(["sg-0123456789abcdef0"])
    error_message = "create_security_group = false uses only security_group_ids."
  }

  assert {
    condition     = aws_lb.this.enable_deletion_protection == false
    error_message = "enable_deletion_protection = false is passed through."
  }
}

run "rules_certificates_and_targets" {
  command = plan

  variables {
    target_groups = {
      app = {
        port = 8080
        targets = {
          a = { target_id = "10.0.1.10" }
          b = { target_id = "10.0.2.10", port = 8081 }
        }
      }
      admin = {
        name             = "platform-test-adm"
        port             = 8443
        protocol         = "HTTPS"
        protocol_version = "HTTP2"
        health_check     = { path = "/healthz", matcher = "200-299" }
        stickiness       = { cookie_duration = 3600 }
      }
      fn = {
        target_type = "lambda"
      }
    }
    listeners = {
      https = {
        port                        = 443
        certificate_arn             = "arn:aws:acm:ap-northeast-2:111122223333:certificate/11111111-2222-3333-4444-555555555555"
        additional_certificate_arns = { second = "arn:aws:acm:ap-northeast-2:111122223333:certificate/66666666-2222-3333-4444-555555555555" }
        ssl_policy                  = "ELBSecurityPolicy-TLS13-1-3-2021-06"
        fixed_response              = { status_code = "404", message_body = "not found" }
        rules = {
          app = {
            priority      = 10
            host_headers  = ["app.example.internal"]
            path_patterns = ["/api/*"]
            forward       = { target_group_key = "app" }
          }
          admin = {
            priority      = 20
            path_patterns = ["/admin/*"]
            forward       = { target_group_key = "admin" }
          }
          fn = {
            priority     = 30
            host_headers = ["fn.example.internal"]
            forward      = { target_group_key = "fn" }
          }
        }
      }
    }
  }

  assert {
    condition     = aws_lb_listener.this["https"].ssl_policy == "ELBSecurityPolicy-TLS13-1-3-2021-06" && aws_lb_listener.this["https"].default_action[0].type == "fixed-response"
    error_message = "ssl_policy and the fixed-response default action are passed through."
  }

  assert {
    condition     = length(aws_lb_listener_rule.this) == 3 && aws_lb_listener_rule.this["https/app"].priority == 10 && length(aws_lb_listener_rule.this["https/app"].condition) == 2
    error_message = "One listener rule per entry, with a condition per matcher kind."
  }

  assert {
    condition     = aws_lb_listener_rule.this["https/admin"].action[0].type == "forward" && length(aws_lb_listener_rule.this["https/admin"].condition) == 1
    error_message = "Rules forward to their target group."
  }

  assert {
    condition     = length(aws_lb_listener_certificate.this) == 1 && aws_lb_listener_certificate.this["https/second"].certificate_arn == "arn:aws:acm:ap-northeast-2:111122223333:certificate/66666666-2222-3333-4444-555555555555"
    error_message = "Additional certificates are attached to their listener."
  }

  assert {
    condition     = length(aws_lb_target_group_attachment.this) == 2 && aws_lb_target_group_attachment.this["app/b"].port == 8081 && aws_lb_target_group_attachment.this["app/a"].target_id == "10.0.1.10"
    error_message = "Static targets are attached, keyed <group>/<target>."
  }

  assert {
    condition     = aws_lb_target_group.this["admin"].name == "platform-test-adm" && aws_lb_target_group.this["admin"].health_check[0].protocol == "HTTPS" && aws_lb_target_group.this["admin"].health_check[0].path == "/healthz"
    error_message = "Explicit names and health checks are passed through; health check protocol follows the group's."
  }

  assert {
    condition     = aws_lb_target_group.this["admin"].stickiness[0].type == "lb_cookie" && aws_lb_target_group.this["admin"].stickiness[0].cookie_duration == 3600
    error_message = "Stickiness is passed through."
  }

  assert {
    condition     = aws_lb_target_group.this["fn"].target_type == "lambda" && aws_lb_target_group.this["fn"].port == null && aws_lb_target_group.this["fn"].vpc_id == null
    error_message = "Lambda target groups have no port or VPC."
  }
}

run "plain_http_allowed_when_asked" {
  command = plan

  variables {
    allow_plain_http_listeners = true
    http_to_https_redirect     = false
    listeners = {
      http = {
        port     = 8080
        protocol = "HTTP"
        forward  = { target_group_key = "app" }
      }
    }
  }

  assert {
    condition     = aws_lb_listener.this["http"].protocol == "HTTP" && aws_lb_listener.this["http"].certificate_arn == null
    error_message = "A plain HTTP listener has no TLS settings."
  }
}

run "outputs" {
  command = apply

  variables {
    web_acl_arn = "arn:aws:wafv2:ap-northeast-2:111122223333:regional/webacl/platform/abcd-1234"
  }

  assert {
    condition     = output.arn == aws_lb.this.arn && output.dns_name == aws_lb.this.dns_name && output.zone_id == aws_lb.this.zone_id
    error_message = "Outputs expose the load balancer's ARN, DNS name and zone."
  }

  assert {
    condition     = keys(output.listeners) == ["http-redirect", "https"] && output.listeners["http-redirect"].port == 80
    error_message = "The listeners output covers the listeners and the redirect."
  }

  assert {
    condition     = output.target_groups["app"].name == "platform-test-app" && output.security_group_id == module.security_group[0].security_group_id
    error_message = "Target group and security group outputs."
  }

  assert {
    condition     = output.web_acl_association_id != null
    error_message = "The WAF association id is output."
  }
}

run "redirect_without_https_443_is_rejected" {
  command = plan

  variables {
    listeners = {
      https = {
        port            = 8443
        certificate_arn = "arn:aws:acm:ap-northeast-2:111122223333:certificate/11111111-2222-3333-4444-555555555555"
        forward         = { target_group_key = "app" }
      }
    }
  }

  expect_failures = [aws_lb.this]
}

run "redirect_port_conflict_is_rejected" {
  command = plan

  variables {
    http_redirect_port = 443
  }

  expect_failures = [aws_lb.this]
}

run "no_security_group_is_rejected" {
  command = plan

  variables {
    create_security_group = false
  }

  expect_failures = [aws_lb.this]
}

run "associate_without_arn_is_rejected" {
  command = plan

  variables {
    associate_web_acl = true
  }

  expect_failures = [aws_wafv2_web_acl_association.this]
}
