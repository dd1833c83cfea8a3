# One run per input validation: each must fail on exactly its variable (mock provider, no AWS).

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  hostname       = "atlantis.connectly.example"
  vpc_id         = "vpc-0123456789abcdef0"
  vpc_cidr_block = "10.10.0.0/16"
  private_subnet_ids_by_az = {
    ap-northeast-2a = "subnet-0aaaaaaaaaaaaaaa1"
    ap-northeast-2b = "subnet-0aaaaaaaaaaaaaaa2"
    ap-northeast-2c = "subnet-0aaaaaaaaaaaaaaa3"
  }
  public_subnet_ids = ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2", "subnet-0bbbbbbbbbbbbbbb3"]
  alb_ingress_cidr_blocks = {
    github-hooks-1 = "192.30.252.0/22"
    office         = "203.0.113.0/24"
  }
  kms_key_arns = {
    ecr               = "arn:aws:kms:ap-northeast-2:111122223333:key/11111111-2222-3333-4444-555555555555"
    logs              = "arn:aws:kms:ap-northeast-2:111122223333:key/22222222-2222-3333-4444-555555555555"
    secrets           = "arn:aws:kms:ap-northeast-2:111122223333:key/33333333-2222-3333-4444-555555555555"
    rds               = "arn:aws:kms:ap-northeast-2:111122223333:key/44444444-2222-3333-4444-555555555555"
    "terraform-state" = "arn:aws:kms:ap-northeast-2:111122223333:key/55555555-2222-3333-4444-555555555555"
  }
  certificate_arns = {
    "*.connectly.example"   = "arn:aws:acm:ap-northeast-2:111122223333:certificate/aaaaaaaa-2222-3333-4444-555555555555"
    "api.connectly.example" = "arn:aws:acm:ap-northeast-2:111122223333:certificate/bbbbbbbb-2222-3333-4444-555555555555"
  }
  certificate_domain = "*.connectly.example"
  web_acl_arn        = "arn:aws:wafv2:ap-northeast-2:111122223333:regional/webacl/platform-regional/0123abcd-2222-3333-4444-555555555555"
  image_digest       = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
  github_user        = "connectly-atlantis"
  terraform_state = {
    bucket_arn     = "arn:aws:s3:::prod-connectly"
    kms_key_arn    = "arn:aws:kms:ap-northeast-2:111122223333:key/55555555-2222-3333-4444-555555555555"
    lock_table_arn = "arn:aws:dynamodb:ap-northeast-2:111122223333:table/prod-connectly-tf-lock"
  }
  tags = { Team = "platform" }
}


run "name_uppercase" {
  command = plan

  variables {
    name = "Atlantis"
  }

  expect_failures = [var.name]
}

run "hostname_not_fqdn" {
  command = plan

  variables {
    hostname = "atlantis"
  }

  expect_failures = [var.hostname]
}

run "vpc_id_shape" {
  command = plan

  variables {
    vpc_id = "vpc-xyz"
  }

  expect_failures = [var.vpc_id]
}

run "vpc_cidr_not_network_address" {
  command = plan

  variables {
    vpc_cidr_block = "10.10.1.0/16"
  }

  expect_failures = [var.vpc_cidr_block]
}

run "private_subnets_one_zone" {
  command = plan

  variables {
    private_subnet_ids_by_az = { ap-northeast-2a = "subnet-0aaaaaaaaaaaaaaa1" }
  }

  expect_failures = [var.private_subnet_ids_by_az]
}

run "public_subnets_one" {
  command = plan

  variables {
    public_subnet_ids = ["subnet-0bbbbbbbbbbbbbbb1"]
  }

  expect_failures = [var.public_subnet_ids]
}

run "alb_ingress_bad_key" {
  command = plan

  variables {
    alb_ingress_cidr_blocks = { "Office Net" = "203.0.113.0/24" }
  }

  expect_failures = [var.alb_ingress_cidr_blocks]
}

run "alb_ingress_open_to_world" {
  command = plan

  variables {
    alb_ingress_cidr_blocks = { anyone = "0.0.0.0/0" }
  }

  expect_failures = [var.alb_ingress_cidr_blocks]
}

run "endpoint_gateway_service" {
  command = plan

  variables {
    vpc_endpoint_services = ["ecr.api", "s3"]
  }

  expect_failures = [var.vpc_endpoint_services]
}

run "kms_key_arns_missing_ecr" {
  command = plan

  variables {
    kms_key_arns = { logs = "arn:aws:kms:ap-northeast-2:111122223333:key/22222222-2222-3333-4444-555555555555", secrets = "arn:aws:kms:ap-northeast-2:111122223333:key/33333333-2222-3333-4444-555555555555" }
  }

  expect_failures = [var.kms_key_arns]
}

run "efs_kms_key_alias" {
  command = plan

  variables {
    efs_kms_key_arn = "alias/efs"
  }

  expect_failures = [var.efs_kms_key_arn]
}

run "certificate_not_acm" {
  command = plan

  variables {
    certificate_arns = { "atlantis.connectly.example" = "arn:aws:iam::111122223333:server-certificate/atlantis" }
  }

  expect_failures = [var.certificate_arns]
}

run "certificate_domain_not_a_domain" {
  command = plan

  variables {
    certificate_domain = "*connectly"
  }

  expect_failures = [var.certificate_domain]
}

run "web_acl_cloudfront_scope" {
  command = plan

  variables {
    web_acl_arn = "arn:aws:wafv2:us-east-1:111122223333:global/webacl/platform-cloudfront/0123abcd"
  }

  expect_failures = [var.web_acl_arn]
}

run "access_logs_retention_zero" {
  command = plan

  variables {
    access_logs_retention_days = 0
  }

  expect_failures = [var.access_logs_retention_days]
}

run "image_digest_is_a_tag" {
  command = plan

  variables {
    image_digest = "v0.35.0"
  }

  expect_failures = [var.image_digest]
}

run "github_user_bad" {
  command = plan

  variables {
    github_user = "-atlantis"
  }

  expect_failures = [var.github_user]
}

run "repo_allowlist_whole_org" {
  command = plan

  variables {
    repo_allowlist = ["github.com/connectly/*"]
  }

  expect_failures = [var.repo_allowlist]
}

run "github_secret_without_suffix" {
  command = plan

  variables {
    github_secret_arns = { token = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:atlantis/token", webhook_secret = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:atlantis/webhook-Yy8Yy8" }
  }

  expect_failures = [var.github_secret_arns]
}

run "secret_recovery_window_short" {
  command = plan

  variables {
    secret_recovery_window_in_days = 3
  }

  expect_failures = [var.secret_recovery_window_in_days]
}

run "cpu_too_small" {
  command = plan

  variables {
    cpu = 256
  }

  expect_failures = [var.cpu]
}

run "memory_not_fargate" {
  command = plan

  variables {
    memory = 1024
  }

  expect_failures = [var.memory]
}

run "environment_overrides_token" {
  command = plan

  variables {
    environment = { ATLANTIS_GH_TOKEN = "ghp_x" }
  }

  expect_failures = [var.environment]
}

run "environment_turns_policy_checks_off" {
  command = plan

  variables {
    environment = { ATLANTIS_ENABLE_POLICY_CHECKS = "false" }
  }

  expect_failures = [var.environment]
}

run "log_retention_unsupported" {
  command = plan

  variables {
    log_retention_in_days = 2
  }

  expect_failures = [var.log_retention_in_days]
}

run "log_group_class_infrequent" {
  command = plan

  variables {
    log_group_class = "INFREQUENT_ACCESS"
  }

  expect_failures = [var.log_group_class]
}

run "posix_user_root" {
  command = plan

  variables {
    posix_user = { uid = 0 }
  }

  expect_failures = [var.posix_user]
}

run "state_bucket_not_arn" {
  command = plan

  variables {
    terraform_state = { bucket_arn = "prod-connectly", kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/55555555-2222-3333-4444-555555555555" }
  }

  expect_failures = [var.terraform_state]
}

run "state_key_alias" {
  command = plan

  variables {
    terraform_state = { bucket_arn = "arn:aws:s3:::prod-connectly", kms_key_arn = "alias/terraform-state" }
  }

  expect_failures = [var.terraform_state]
}

run "state_lock_table_name" {
  command = plan

  variables {
    terraform_state = { bucket_arn = "arn:aws:s3:::prod-connectly", kms_key_arn = "arn:aws:kms:ap-northeast-2:111122223333:key/55555555-2222-3333-4444-555555555555", lock_table_arn = "prod-connectly-tf-lock" }
  }

  expect_failures = [var.terraform_state]
}

run "plan_policy_not_arn" {
  command = plan

  variables {
    plan_role_managed_policy_arns = { read-only = "ReadOnlyAccess" }
  }

  expect_failures = [var.plan_role_managed_policy_arns]
}

run "apply_policies_empty" {
  command = plan

  variables {
    apply_role_managed_policy_arns = {}
  }

  expect_failures = [var.apply_role_managed_policy_arns]
}

run "apply_boundary_not_arn" {
  command = plan

  variables {
    apply_role_permissions_boundary_arn = "boundary"
  }

  expect_failures = [var.apply_role_permissions_boundary_arn]
}

run "cross_account_role_elsewhere" {
  command = plan

  variables {
    cross_account_roles = { "444455556666" = { plan_role_arn = "arn:aws:iam::777788889999:role/atlantis-plan", apply_role_arn = "arn:aws:iam::444455556666:role/atlantis-apply" } }
  }

  expect_failures = [var.cross_account_roles]
}

run "metric_namespace_aws" {
  command = plan

  variables {
    metric_namespace = "AWS/Atlantis"
  }

  expect_failures = [var.metric_namespace]
}

run "invalid_health_check_grace_period_seconds" {
  command = plan

  variables {
    health_check_grace_period_seconds = -1
  }

  expect_failures = [var.health_check_grace_period_seconds]
}

run "route53_zone_id_not_a_zone_id" {
  command = plan

  variables {
    route53_zone_id = "connectly.io"
  }

  expect_failures = [var.route53_zone_id]
}
