################################################################################
# A service's route on the platform's shared load balancer: its target group (tasks register by IP,
# modules/ecs-service load_balancers) and a rule on the shared HTTPS listener that forwards its host
# names / paths there. TLS ends at the load balancer; inside the VPC it forwards HTTP to the task.
################################################################################

resource "aws_lb_target_group" "this" {
  # checkov:skip=CKV_AWS_378: TLS ends at the shared load balancer (HTTPS listener, TLS 1.2+); inside the VPC the tasks serve HTTP, as modules/alb's target groups do
  name                 = var.name
  target_type          = "ip"
  vpc_id               = var.vpc_id
  port                 = var.port
  protocol             = "HTTP"
  deregistration_delay = var.deregistration_delay

  health_check {
    enabled             = true
    path                = var.health_check_path
    protocol            = "HTTP"
    matcher             = "200-399"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 3
    unhealthy_threshold = 3
  }

  tags = merge(var.tags, { Name = var.name })
}

resource "aws_lb_listener_rule" "this" {
  listener_arn = var.listener_arn
  priority     = var.priority

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }

  dynamic "condition" {
    for_each = length(var.host_headers) > 0 ? [var.host_headers] : []
    content {
      host_header {
        values = condition.value
      }
    }
  }

  dynamic "condition" {
    for_each = length(var.path_patterns) > 0 ? [var.path_patterns] : []
    content {
      path_pattern {
        values = condition.value
      }
    }
  }

  tags = merge(var.tags, { Name = var.name })
}
