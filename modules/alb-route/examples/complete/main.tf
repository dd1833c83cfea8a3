provider "aws" {
  region = "ap-northeast-2"

  default_tags {
    tags = {
      Environment = "example"
      ManagedBy   = "terraform"
    }
  }
}

module "route" {
  source = "../.."

  name              = "svc-orders"
  vpc_id            = "vpc-0123456789abcdef0"
  listener_arn      = "arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:listener/app/connectly-prod-services/0123456789abcdef/0123456789abcdef"
  priority          = 100
  host_headers      = ["orders.connectly.io"]
  path_patterns     = ["/api/*"]
  port              = 8080
  health_check_path = "/healthz"
}

output "target_group_arn" {
  description = "The service's target group."
  value       = module.route.target_group_arn
}
