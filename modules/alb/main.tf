locals {
  tags = merge(var.tags, { Name = var.name })

  associate_web_acl = var.associate_web_acl != null ? var.associate_web_acl : var.web_acl_arn != null

  listener_rules = merge([for lk, l in var.listeners : {
    for rk, r in l.rules : "${lk}/${rk}" => merge(r, { listener_key = lk })
  }]...)

  listener_certificates = merge([for lk, l in var.listeners : {
    for ck, arn in l.additional_certificate_arns : "${lk}/${ck}" => { listener_key = lk, certificate_arn = arn }
  }]...)

  target_group_attachments = merge([for tk, tg in var.target_groups : {
    for ak, t in tg.targets : "${tk}/${ak}" => merge(t, { target_group_key = tk })
  }]...)
}

module "security_group" {
  source = "../security-group"
  count  = var.create_security_group ? 1 : 0

  name          = "${var.name}-alb"
  description   = "Load balancer ${var.name}"
  vpc_id        = var.vpc_id
  ingress_rules = var.security_group_ingress_rules
  egress_rules  = var.security_group_egress_rules

  tags = var.tags
}

resource "aws_lb" "this" {
  # checkov:skip=CKV2_AWS_28: WAF is an input (web_acl_arn); internal load balancers often have none, and checkov cannot follow the optional association
  # checkov:skip=CKV2_AWS_76: the web ACL is an input; the platform's modules/waf includes AWSManagedRulesKnownBadInputsRuleSet (the Log4j rules), asserted by its tests
  name               = var.name
  load_balancer_type = "application"
  internal           = var.internal
  subnets            = var.subnet_ids
  security_groups    = concat(module.security_group[*].security_group_id, var.security_group_ids)
  ip_address_type    = var.ip_address_type

  drop_invalid_header_fields = var.drop_invalid_header_fields
  enable_deletion_protection = var.enable_deletion_protection
  desync_mitigation_mode     = var.desync_mitigation_mode
  idle_timeout               = var.idle_timeout
  enable_http2               = true
  enable_waf_fail_open       = false

  access_logs {
    enabled = true
    bucket  = var.access_logs.bucket
    prefix  = var.access_logs.prefix
  }

  dynamic "connection_logs" {
    for_each = var.connection_logs == null ? [] : [var.connection_logs]
    content {
      enabled = true
      bucket  = connection_logs.value.bucket
      prefix  = connection_logs.value.prefix
    }
  }

  tags = local.tags

  lifecycle {
    precondition {
      condition     = !var.http_to_https_redirect || anytrue([for l in var.listeners : l.protocol == "HTTPS" && l.port == 443])
      error_message = "http_to_https_redirect needs an HTTPS listener on port 443 in listeners (or set http_to_https_redirect = false)."
    }

    precondition {
      condition     = !var.http_to_https_redirect || alltrue([for l in var.listeners : l.port != var.http_redirect_port])
      error_message = "A listener already uses http_redirect_port; remove it or set http_to_https_redirect = false."
    }

    precondition {
      condition     = length(var.security_group_ids) > 0 || var.create_security_group
      error_message = "The load balancer needs a security group: keep create_security_group = true or pass security_group_ids."
    }
  }
}

resource "aws_lb_target_group" "this" {
  for_each = var.target_groups

  name                 = coalesce(each.value.name, trimsuffix(substr("${var.name}-${each.key}", 0, 32), "-"))
  target_type          = each.value.target_type
  vpc_id               = each.value.target_type == "lambda" ? null : var.vpc_id
  port                 = each.value.target_type == "lambda" ? null : each.value.port
  protocol             = each.value.target_type == "lambda" ? null : each.value.protocol
  protocol_version     = each.value.target_type == "lambda" ? null : each.value.protocol_version
  deregistration_delay = each.value.deregistration_delay
  slow_start           = each.value.slow_start

  health_check {
    enabled             = each.value.health_check.enabled
    path                = each.value.health_check.path
    port                = each.value.target_type == "lambda" ? null : each.value.health_check.port
    protocol            = each.value.target_type == "lambda" ? null : coalesce(each.value.health_check.protocol, each.value.protocol)
    matcher             = each.value.health_check.matcher
    interval            = each.value.health_check.interval
    timeout             = each.value.health_check.timeout
    healthy_threshold   = each.value.health_check.healthy_threshold
    unhealthy_threshold = each.value.health_check.unhealthy_threshold
  }

  dynamic "stickiness" {
    for_each = each.value.stickiness == null ? [] : [each.value.stickiness]
    content {
      enabled         = true
      type            = stickiness.value.type
      cookie_duration = stickiness.value.cookie_duration
      cookie_name     = stickiness.value.cookie_name
    }
  }

  tags = merge(var.tags, { Name = coalesce(each.value.name, trimsuffix(substr("${var.name}-${each.key}", 0, 32), "-")) })
}

resource "aws_lb_target_group_attachment" "this" {
  for_each = local.target_group_attachments

  target_group_arn  = aws_lb_target_group.this[each.value.target_group_key].arn
  target_id         = each.value.target_id
  port              = each.value.port
  availability_zone = each.value.availability_zone
}

resource "aws_lb_listener" "this" {
  for_each = var.listeners

  load_balancer_arn = aws_lb.this.arn
  port              = each.value.port
  protocol          = each.value.protocol
  certificate_arn   = each.value.protocol == "HTTPS" ? each.value.certificate_arn : null
  ssl_policy        = each.value.protocol == "HTTPS" ? each.value.ssl_policy : null

  default_action {
    type             = each.value.forward != null ? "forward" : each.value.redirect != null ? "redirect" : "fixed-response"
    target_group_arn = each.value.forward != null ? aws_lb_target_group.this[each.value.forward.target_group_key].arn : null

    dynamic "redirect" {
      for_each = each.value.redirect == null ? [] : [each.value.redirect]
      content {
        port        = redirect.value.port
        protocol    = redirect.value.protocol
        host        = redirect.value.host
        path        = redirect.value.path
        query       = redirect.value.query
        status_code = redirect.value.status_code
      }
    }

    dynamic "fixed_response" {
      for_each = each.value.fixed_response == null ? [] : [each.value.fixed_response]
      content {
        content_type = fixed_response.value.content_type
        message_body = fixed_response.value.message_body
        status_code  = fixed_response.value.status_code
      }
    }
  }

  tags = merge(var.tags, { Name = "${var.name}-${each.key}" })
}

# Every plain-HTTP request is answered with a permanent redirect to HTTPS on 443.
resource "aws_lb_listener" "http_redirect" {
  count = var.http_to_https_redirect ? 1 : 0

  load_balancer_arn = aws_lb.this.arn
  port              = var.http_redirect_port
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }

  tags = merge(var.tags, { Name = "${var.name}-http-redirect" })
}

resource "aws_lb_listener_certificate" "this" {
  for_each = local.listener_certificates

  listener_arn    = aws_lb_listener.this[each.value.listener_key].arn
  certificate_arn = each.value.certificate_arn
}

resource "aws_lb_listener_rule" "this" {
  for_each = local.listener_rules

  listener_arn = aws_lb_listener.this[each.value.listener_key].arn
  priority     = each.value.priority

  action {
    type             = each.value.forward != null ? "forward" : each.value.redirect != null ? "redirect" : "fixed-response"
    target_group_arn = each.value.forward != null ? aws_lb_target_group.this[each.value.forward.target_group_key].arn : null

    dynamic "redirect" {
      for_each = each.value.redirect == null ? [] : [each.value.redirect]
      content {
        port        = redirect.value.port
        protocol    = redirect.value.protocol
        host        = redirect.value.host
        path        = redirect.value.path
        query       = redirect.value.query
        status_code = redirect.value.status_code
      }
    }

    dynamic "fixed_response" {
      for_each = each.value.fixed_response == null ? [] : [each.value.fixed_response]
      content {
        content_type = fixed_response.value.content_type
        message_body = fixed_response.value.message_body
        status_code  = fixed_response.value.status_code
      }
    }
  }

  dynamic "condition" {
    for_each = length(each.value.host_headers) > 0 ? [each.value.host_headers] : []
    content {
      host_header {
        values = condition.value
      }
    }
  }

  dynamic "condition" {
    for_each = length(each.value.path_patterns) > 0 ? [each.value.path_patterns] : []
    content {
      path_pattern {
        values = condition.value
      }
    }
  }

  tags = merge(var.tags, { Name = "${var.name}-${replace(each.key, "/", "-")}" })
}

resource "aws_wafv2_web_acl_association" "this" {
  count = local.associate_web_acl ? 1 : 0

  resource_arn = aws_lb.this.arn
  web_acl_arn  = var.web_acl_arn

  lifecycle {
    precondition {
      condition     = var.web_acl_arn != null
      error_message = "associate_web_acl = true needs web_acl_arn."
    }
  }
}
