# One service's route on the shared platform load balancer: a target group on port 8080 with a health
# check, and a listener rule (priority 100) matching its host and path.

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
