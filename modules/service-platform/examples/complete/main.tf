# The shared service platform: an ECS cluster (Fargate and Fargate Spot), an internet-facing ALB with
# an HTTPS listener, a WAFv2 web ACL and the platform's certificate, and the services' ECR repositories
# replicated to the DR region. Service teams add their routes and services to it (modules/alb-route,
# modules/ecs-service).

provider "aws" {
  region = "ap-northeast-2"

  default_tags {
    tags = {
      Environment = "example"
      ManagedBy   = "terraform"
    }
  }
}

module "service_platform" {
  source = "../.."

  name                     = "connectly-prod-services"
  vpc_id                   = "vpc-0123456789abcdef0"
  alb_subnet_ids           = ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2", "subnet-0bbbbbbbbbbbbbbb3"]
  alb_ingress_cidr_blocks  = { internet = "0.0.0.0/0" }
  certificate_arn          = "arn:aws:acm:ap-northeast-2:111122223333:certificate/aaaaaaaa-2222-3333-4444-555555555555"
  web_acl_arn              = "arn:aws:wafv2:ap-northeast-2:111122223333:regional/webacl/platform-regional/0123abcd-2222-3333-4444-555555555555"
  kms_key_arn              = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555"
  repositories             = { svc-orders = {}, svc-billing = { keep_images = 50 } }
  replication_destinations = [{ region = "ap-northeast-1" }]
  fargate_spot_weight      = 3
}
