# The shared cluster, load balancer and image repositories (mock provider, no AWS).

mock_provider "aws" {
  source = "../_test-mocks/aws" # caller identity, region, partition, policy document, security group

  mock_data "aws_elb_service_account" {
    defaults = { arn = "arn:aws:iam::600734575887:root" }
  }
  mock_resource "aws_s3_bucket" {
    override_during = plan
    defaults = {
      id  = "connectly-prod-services-alb-logs-111122223333-ap-northeast-2"
      arn = "arn:aws:s3:::connectly-prod-services-alb-logs-111122223333-ap-northeast-2"
    }
  }
  mock_resource "aws_security_group" {
    override_during = plan
    defaults        = { id = "sg-0aaaaaaaaaaaaaaaa" }
  }
}

variables {
  name                    = "connectly-prod-services"
  vpc_id                  = "vpc-0123456789abcdef0"
  alb_subnet_ids          = ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"]
  alb_ingress_cidr_blocks = { internet = "0.0.0.0/0" }
  certificate_arn         = "arn:aws:acm:ap-northeast-2:111122223333:certificate/aaaaaaaa-2222-3333-4444-555555555555"
  web_acl_arn             = "arn:aws:wafv2:ap-northeast-2:111122223333:regional/webacl/platform-regional/0123abcd-2222-3333-4444-555555555555"
  kms_key_arn             = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555"
  repositories            = { svc-orders = {} }
  fargate_spot_weight     = 3
}

run "cluster_load_balancer_and_repositories" {
  command = plan

  assert {
    condition     = aws_ecs_cluster.this.name == "connectly-prod-services" && one([for s in aws_ecs_cluster.this.setting : s.value if s.name == "containerInsights"]) == "enabled"
    error_message = "The shared cluster must be named after var.name and have Container Insights on."
  }
  assert {
    condition     = toset(aws_ecs_cluster_capacity_providers.this.capacity_providers) == toset(["FARGATE", "FARGATE_SPOT"])
    error_message = "The cluster must offer Fargate and Fargate Spot."
  }
  assert {
    condition     = [for s in aws_ecs_cluster_capacity_providers.this.default_capacity_provider_strategy : [s.base, s.weight] if s.capacity_provider == "FARGATE"] == [[1, 1]] && [for s in aws_ecs_cluster_capacity_providers.this.default_capacity_provider_strategy : s.weight if s.capacity_provider == "FARGATE_SPOT"] == [3]
    error_message = "The default strategy keeps one task on Fargate and weights Spot by fargate_spot_weight."
  }
  assert {
    condition     = module.alb.listeners["https"].port == 443 && module.alb.listeners["http-redirect"].port == 80
    error_message = "The shared load balancer must listen on HTTPS and redirect HTTP."
  }
  assert {
    condition     = keys(module.ecr.repository_arns) == ["svc-orders"]
    error_message = "The service image repositories must be created."
  }
}

run "invalid_inputs_are_refused" {
  command = plan

  variables {
    name                    = "Connectly_Services"
    alb_ingress_cidr_blocks = {}
    fargate_spot_weight     = -1
  }

  expect_failures = [
    var.name,
    var.alb_ingress_cidr_blocks,
    var.fargate_spot_weight,
  ]
}
