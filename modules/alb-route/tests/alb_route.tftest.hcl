mock_provider "aws" {
  mock_resource "aws_lb_target_group" {
    defaults = { arn = "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:targetgroup/svc-orders/0123456789abcdef" }
  }
}

variables {
  name         = "svc-orders"
  vpc_id       = "vpc-0123456789abcdef0"
  listener_arn = "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:listener/app/connectly-prod-services/0123456789abcdef/0123456789abcdef"
  priority     = 100
  host_headers = ["orders.connectly.io"]
  port         = 8080
}

run "target_group_and_rule" {
  command = plan

  assert {
    condition     = aws_lb_target_group.this.target_type == "ip" && aws_lb_target_group.this.port == 8080 && aws_lb_target_group.this.protocol == "HTTP" && aws_lb_target_group.this.health_check[0].path == "/health"
    error_message = "The target group must register tasks by IP on the container port, with the health check path."
  }
  assert {
    condition     = aws_lb_listener_rule.this.priority == 100 && length(aws_lb_listener_rule.this.condition) == 1 && one(aws_lb_listener_rule.this.action).type == "forward"
    error_message = "The rule must forward the host names to the target group, at the given priority."
  }
}

run "invalid_inputs_are_refused" {
  command = plan

  variables {
    name         = "-svc"
    listener_arn = "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:loadbalancer/app/x/1"
    priority     = 0
    host_headers = []
    port         = 70000
  }

  expect_failures = [
    var.name,
    var.listener_arn,
    var.priority,
    var.path_patterns,
    var.port,
  ]
}
